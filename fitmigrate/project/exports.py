"""What ``from module import *`` binds, read with Python's ``ast`` (never LibCST): a module's public
top-level names, or its ``__all__`` when that is a literal list or tuple of strings, plus what its own
star imports bring. The analysis asks for a module's code (a LibCST parse) only when it needs a name.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

from fitmigrate.near_miss import code_tree


@dataclass(frozen=True)
class StarImport:
    module: str  # as written: ``utils``, ``keras.preprocessing.image``, ``.data`` has module "data", level 1
    level: int
    line: int

    def spelled(self) -> str:
        return f"from {'.' * self.level}{self.module} import *"


@dataclass
class ModuleExports:
    names: Set[str] = field(default_factory=set)  # bound at top level (under __all__ when it is literal)
    declared_all: bool = False
    stars: List[StarImport] = field(default_factory=list)


_cache: Dict[str, Tuple[Tuple[int, int], Optional[ModuleExports]]] = {}


def module_exports(path: Path) -> Optional[ModuleExports]:
    """The names ``path`` binds at module level (None: it cannot be read or parsed)."""
    key = str(path)
    try:
        info = os.stat(path)
    except OSError:
        return None
    stamp = (info.st_mtime_ns, info.st_size)
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        tree = code_tree(path.read_bytes())
    except OSError:
        tree = None
    found = exports_of(tree) if tree is not None else None
    _cache[key] = (stamp, found)
    return found


def exports_of(tree: ast.Module) -> ModuleExports:
    found = ModuleExports()
    declared: Optional[List[str]] = None

    def bind(target: ast.AST) -> None:
        if isinstance(target, ast.Name):
            found.names.add(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                bind(element.value if isinstance(element, ast.Starred) else element)

    def visit(body: List[ast.stmt]) -> None:
        nonlocal declared
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found.names.add(stmt.name)
            elif isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    bind(target)
                    if isinstance(target, ast.Name) and target.id == "__all__":
                        declared = _literal_names(stmt.value)
            elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
                bind(stmt.target)
            elif isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    found.names.add(alias.asname or alias.name.split(".")[0])
            elif isinstance(stmt, ast.ImportFrom):
                for alias in stmt.names:
                    if alias.name == "*":
                        found.stars.append(StarImport(stmt.module or "", stmt.level, stmt.lineno))
                    else:
                        found.names.add(alias.asname or alias.name)
            elif isinstance(stmt, (ast.For, ast.AsyncFor)):
                bind(stmt.target)
                visit(stmt.body + stmt.orelse)
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                for item in stmt.items:
                    if item.optional_vars is not None:
                        bind(item.optional_vars)
                visit(stmt.body)
            elif isinstance(stmt, ast.If):
                visit(stmt.body + stmt.orelse)
            elif isinstance(stmt, ast.Try):
                visit(stmt.body + stmt.orelse + stmt.finalbody + [s for h in stmt.handlers for s in h.body])
            elif isinstance(stmt, ast.While):
                visit(stmt.body + stmt.orelse)

    visit(tree.body)
    if declared is not None:
        found.names = set(declared)
        found.declared_all = True
    else:
        found.names = {name for name in found.names if not name.startswith("_")}
    return found


def _literal_names(node: ast.AST) -> Optional[List[str]]:
    if isinstance(node, (ast.List, ast.Tuple)) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return [e.value for e in node.elts]  # type: ignore[attr-defined]
    return None


# Library modules whose star import binds names the analysis models (Keras 2 and tf.keras spellings):
# the names a training script uses from them. A name not listed is not bound (it stays unknown, and the
# refusal names the star import), so a table that is short is never wrong.
_IMAGE = ("ImageDataGenerator", "Iterator", "NumpyArrayIterator", "DirectoryIterator", "array_to_img", "img_to_array",
          "load_img", "save_img", "list_pictures", "apply_affine_transform", "random_rotation", "random_shift",
          "random_shear", "random_zoom", "random_channel_shift", "random_brightness", "flip_axis")
_SEQUENCE = ("pad_sequences", "skipgrams", "make_sampling_table", "TimeseriesGenerator")
_UTILS = ("to_categorical", "normalize", "Sequence", "plot_model", "get_file", "Progbar", "multi_gpu_model",
          "HDF5Matrix", "CustomObjectScope", "custom_object_scope", "GeneratorEnqueuer", "OrderedEnqueuer")
_MODELS = ("Sequential", "Model", "load_model", "save_model", "model_from_json", "model_from_yaml", "clone_model")
LIBRARY_STARS: Dict[str, Tuple[str, ...]] = {}
for _root in ("keras", "tensorflow.keras"):
    LIBRARY_STARS.update({f"{_root}.preprocessing.image": _IMAGE, f"{_root}.preprocessing.sequence": _SEQUENCE,
                          f"{_root}.utils": _UTILS, f"{_root}.models": _MODELS})
LIBRARY_STARS["keras.utils.np_utils"] = ("to_categorical", "normalize")


def library_star_names(module: str) -> Optional[Tuple[str, ...]]:
    """The names a star import of a library module binds, where the analysis knows them."""
    if module == "numpy":
        import numpy

        return tuple(getattr(numpy, "__all__", ()))
    return LIBRARY_STARS.get(module)
