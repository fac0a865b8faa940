"""Weights and model file names Keras 3 rejects (FM412), renamed where every reader is renamed with them
(FM423).

Keras 3 raises ``ValueError`` on ``save_weights('w.h5')`` and ``ModelCheckpoint('w.h5',
save_weights_only=True)`` (a weights file must end in ``.weights.h5``), and on ``save('m.hdf5')`` /
``ModelCheckpoint('m.hdf5')`` (a model file must end in ``.keras`` or ``.h5``). Keras 1 and 2 wrote HDF5
whatever the name, and Keras 3 writes HDF5 under the new names too (``.weights.h5``; ``.h5`` for a
model), so renaming the file is the fix, where nothing else reads it by its old name. A name is
renamed when:

- it is a whole string literal (or the last part of ``os.path.join``, or a name bound once to one);
- every string of that text in the module is the path of a save or load of one kind (weights:
  ``save_weights``, ``load_weights``, ``ModelCheckpoint(save_weights_only=True)``; a model: ``save``,
  ``load_model``, ``ModelCheckpoint``), so its loads are renamed with it;
- no other file of the project holds the text (the project: the folder above the file that holds
  ``pyproject.toml``, ``setup.py``, ``setup.cfg`` or ``.git``; without one, the project cannot be seen
  whole and nothing is renamed), and no file of that name exists in it (a weights file shipped with the
  project would be left behind).

Otherwise FM412 is reported, with the reason.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple

import libcst as cst

if TYPE_CHECKING:  # pragma: no cover
    from fitmigrate.analysis.keras3_breaks import Finder

ROOT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")
_SKIPPED = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".tox", ".nox", "venv", ".venv", "site-packages",
            ".ipynb_checkpoints", ".fitmigrate_cache"}
_SUFFIXES = (".py", ".ipynb", ".sh", ".cfg", ".yml", ".yaml", ".json", ".txt", ".md")


@dataclass(eq=False)
class Use:
    """A save or load whose path is a string literal (``string``): weights or a model."""

    string: cst.SimpleString
    kind: str  # "weights" | "model"
    saves: bool
    call: cst.Call
    arg: cst.Arg


def project_root(path: Optional[Path]) -> Optional[Path]:
    """The folder above ``path`` holding a project marker (six levels at most), or None."""
    if path is None:
        return None
    current = Path(path).resolve().parent
    for _ in range(7):
        if any((current / marker).exists() for marker in ROOT_MARKERS):
            return current
        if current.parent == current:
            return None
        current = current.parent
    return None


def _project_files(root: str) -> Tuple[str, ...]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED)
        found.extend(os.path.join(folder, name) for name in sorted(files))
    return tuple(found)


def elsewhere(root: Path, text: str, own: Path) -> Optional[str]:
    """A file of the project (other than ``own``) that holds ``text`` or is named like it."""
    needle = text.encode("utf-8")
    base = os.path.basename(text)
    own_key = os.path.realpath(own)
    for file in _project_files(str(root)):
        if os.path.basename(file) == base:
            return os.path.relpath(file, root)
        if not file.endswith(_SUFFIXES) or os.path.realpath(file) == own_key:
            continue
        try:
            if needle in Path(file).read_bytes():
                return os.path.relpath(file, root)
        except OSError:
            continue
    return None


def new_suffix(text: str, kind: str) -> Optional[Tuple[str, str]]:
    """(the suffix the name ends in, the one Keras 3 wants) where the name is renamed by its suffix."""
    if kind == "weights":
        for suffix in (".h5", ".hdf5", ".h5py"):
            if text.endswith(suffix) and not text.endswith(".weights.h5"):
                return suffix, ".weights.h5"
        return None
    if text.endswith(".hdf5"):
        return ".hdf5", ".h5"
    return None


class FileNames:
    """The file names of one module's saves and loads, and the renames that are exact."""

    def __init__(self, finder: "Finder", path: Optional[Path]) -> None:
        self.finder = finder
        self.path = path
        self.uses = self._uses()
        self.decided: Dict[str, Optional[str]] = {}  # text -> None (renamed) or why not

    def _uses(self) -> List[Use]:
        from fitmigrate.analysis.keras3_breaks import _literal, effective

        finder = self.finder
        found: List[Use] = []
        for call, _ in finder.scan.calls:
            arg = next((a for a in call.args if a.keyword is not None and a.keyword.value == "filepath"), None)
            if arg is None and call.args and call.args[0].keyword is None and not call.args[0].star:
                arg = call.args[0]
            if arg is None:
                continue
            kind, saves = None, False
            if isinstance(call.func, cst.Attribute) and call.func.attr.value in ("save_weights", "load_weights"):
                kind, saves = "weights", call.func.attr.value == "save_weights"
            elif isinstance(call.func, cst.Attribute) and call.func.attr.value == "save" and \
                    finder._is_keras_model(call.func.value):
                kind, saves = "model", True
            else:
                path = effective(finder.names, call.func)
                if path in ("keras.models.load_model", "keras.saving.load_model"):
                    kind = "model"
                elif path == "keras.callbacks.ModelCheckpoint":
                    bound = finder._callback_arguments(call, "ModelCheckpoint") or {}
                    only = bound.get("save_weights_only")
                    value = _literal(only.value) if only is not None else False
                    if not isinstance(value, bool):
                        continue
                    kind, saves = ("weights" if value else "model"), True
            if kind is None:
                continue
            string = self._string(arg.value)
            if string is not None:
                found.append(Use(string, kind, saves, call, arg))
        return found

    def _string(self, node: cst.BaseExpression) -> Optional[cst.SimpleString]:
        """The literal that names the file: the argument itself, the last part of os.path.join, or the
        literal a name is bound to once."""
        from fitmigrate.analysis.keras3_breaks import dotted

        if isinstance(node, cst.SimpleString) and isinstance(node.evaluated_value, str):
            return node
        if isinstance(node, cst.Call) and dotted(node.func) in ("os.path.join", "path.join") and node.args and \
                not any(a.star for a in node.args):
            return self._string(node.args[-1].value)
        if isinstance(node, cst.Name):
            scan = self.finder.scan
            assigns = scan.assigns.get(node.value, [])
            if len(assigns) == 1 and node.value not in scan.rebinds and node.value not in scan.bindings and \
                    len(assigns[0][0].targets) == 1 and isinstance(assigns[0][0].targets[0].target, cst.Name):
                value = assigns[0][0].value
                if isinstance(value, cst.SimpleString) and isinstance(value.evaluated_value, str):
                    return value
        return None

    def use_of(self, arg: cst.Arg) -> Optional[Use]:
        return next((use for use in self.uses if use.arg is arg), None)

    def plan(self, use: Use) -> Tuple[Optional[str], List[cst.SimpleString], str]:
        """(the new name, the strings to rewrite, why not when the name is None); each string is rewritten
        with ``resuffix(string, *new_suffix(text, use.kind))``."""
        text = use.string.evaluated_value
        assert isinstance(text, str)
        suffixes = new_suffix(text, use.kind)
        if suffixes is None:
            return None, [], f"fitmigrate renames only .h5 / .hdf5 names (this one is '{text}')"
        new = text[: len(text) - len(suffixes[0])] + suffixes[1]
        strings = [s for s in _strings(self.finder.module) if s.evaluated_value == text]
        by_string = {}
        for other in self.uses:
            if other.string.evaluated_value == text:
                by_string.setdefault(id(other.string), set()).add(other.kind)
        for string in strings:
            kinds = by_string.get(id(string))
            if kinds is None:
                return None, [], f"'{text}' is also written elsewhere in this file, not as a path Keras saves or loads"
            if kinds != {use.kind}:
                return None, [], f"'{text}' is saved or loaded both as weights and as a whole model"
        root = project_root(self.path)
        if root is None:
            return None, [], ("fitmigrate renames a file only in a project it can see whole (a folder above the file "
                              "with pyproject.toml, setup.py, setup.cfg or .git)")
        other = elsewhere(root, text, self.path) if self.path is not None else None
        if other is not None:
            return None, [], f"{other} holds or is named '{text}' too"
        other = elsewhere(root, new, self.path) if self.path is not None else None
        if other is not None:
            return None, [], f"{other} holds or is named '{new}' already"
        return new, strings, ""


class _Strings(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found: List[cst.SimpleString] = []

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self.found.append(node)


def _strings(module: cst.Module) -> List[cst.SimpleString]:
    collect = _Strings()
    module.visit(collect)
    return collect.found


def _parts(node: cst.SimpleString) -> Tuple[str, str, str]:
    raw = node.value
    prefix = raw[: len(raw) - len(raw.lstrip("rbuRBUfF"))]
    rest = raw[len(prefix):]
    quote = rest[:3] if rest.startswith(('"""', "'''")) else rest[0]
    return prefix, quote, rest[len(quote):-len(quote)]


def requote(node: cst.SimpleString, value: str) -> str:
    """``value`` written as ``node`` is (its prefix and quotes); ``value`` must need no escapes."""
    prefix, quote, _ = _parts(node)
    return f"{prefix}{quote}{value}{quote}"


def resuffix(node: cst.SimpleString, old: str, new: str) -> str:
    """The literal with its source text's ending ``old`` made ``new`` (escapes elsewhere in it kept)."""
    prefix, quote, body = _parts(node)
    assert body.endswith(old)
    return f"{prefix}{quote}{body[: len(body) - len(old)]}{new}{quote}"
