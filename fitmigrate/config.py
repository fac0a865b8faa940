"""``[tool.fitmigrate]`` in ``pyproject.toml``: which codes to report, which files to skip, how to infer.

A run has one :class:`Config`. :func:`load_config` finds it by searching upward from the paths given
on the command line for the nearest ``pyproject.toml`` that has a ``[tool.fitmigrate]`` table (a
``pyproject.toml`` without one, such as a vendored package's, does not hide the project's), and
:meth:`Config.with_overrides` lays the command-line options over it. Settings are validated when
read: a misspelt key is an error naming the key and the file, never a silently ignored setting.

Code selection (``select`` / ``ignore``) works like ruff's: an entry is a code (``FM103``), a
prefix (``FM1``, ``FM30``) or ``ALL``; ``ignore`` wins over ``select``. Without ``select`` every code
is reported except the notes of severity ``info``, which explain decisions rather than point at
problems.

Exclusion globs (``exclude`` / ``extend-exclude``), matched against the path relative to the
directory holding the configuration file, with ``/`` as separator:

- a pattern without ``/`` matches one path component (a folder or file name) at any depth:
  ``build``, ``*.egg-info``, ``*_pb2.py``; a matched folder is not walked;
- a pattern with ``/`` is anchored at the configuration's folder and matched against the whole
  relative path of a file or of any folder above it: ``legacy/old``, ``src/*/generated``,
  ``tests/**/fixtures/*.py``; a leading ``./`` or ``/`` and a trailing ``/`` are ignored;
- ``*`` and ``?`` never match ``/``; ``**`` matches any number of folders; ``[abc]`` / ``[!abc]``
  are character classes; matching is case-sensitive.

``exclude`` replaces the default list (:data:`DEFAULT_EXCLUDE`); ``extend-exclude`` adds to it, and is
what you usually want. Version-control folders and virtualenvs are skipped whatever the settings.
A file named on the command line is always processed.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Dict, Iterable, Optional, Pattern, Sequence, Tuple, Union

import click

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

PathLike = Union[str, "os.PathLike[str]"]

# Folders that are never user code to migrate: generated, installed, cached or tool state.
DEFAULT_EXCLUDE: Tuple[str, ...] = (
    "__pycache__", "build", "site-packages", "dist-packages", "node_modules", ".tox", ".nox", ".mypy_cache",
    ".pytest_cache", ".ruff_cache", ".fitmigrate_cache", "venv", ".venv", ".eggs", "*.egg-info",
    ".ipynb_checkpoints",
)
INFER_MODES = ("static", "sample")
KEYS = ("select", "ignore", "exclude", "extend-exclude", "infer")
_CODE_SELECTOR = re.compile(r"^(ALL|FM\d{0,3})$")


class ConfigError(click.UsageError):
    """A setting fitmigrate cannot use; the message names the file (or the command line) and the key.

    It is a ``click.UsageError`` so a command that raises it exits with status 2 and prints the message.
    """

    def __init__(self, source: str, key: Optional[str], problem: str) -> None:
        self.source = source
        self.key = key
        where = f"{source}: [tool.fitmigrate] {key}" if key and source != "command line" else (
            f"command line: {key}" if key else source)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Config:
    """The effective settings of a run.

    ``select`` is ``None`` when not configured (the default selection: everything but ``info`` notes).
    ``root`` is the folder of the configuration file that exclusion globs are relative to, or ``None``
    when no file was found (globs are then relative to the current directory).
    """

    root: Optional[Path] = None
    select: Optional[Tuple[str, ...]] = None
    ignore: Tuple[str, ...] = ()
    exclude: Tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: Tuple[str, ...] = ()
    infer: str = "static"
    source: Optional[Path] = field(default=None, compare=False)  # the file the settings came from

    # -- codes ---------------------------------------------------------------------------------

    def selects(self, code: str) -> bool:
        """Whether diagnostics with ``code`` are reported: ``ignore`` wins, then ``select`` (or the default)."""
        code = code.upper()
        if any(_matches(code, prefix) for prefix in self.ignore):
            return False
        if self.select is not None:
            return any(_matches(code, prefix) for prefix in self.select)
        return _severity(code) != "info"

    # -- files ---------------------------------------------------------------------------------

    @property
    def effective_exclude(self) -> Tuple[str, ...]:
        return tuple(self.exclude) + tuple(self.extend_exclude)

    def is_excluded(self, path: PathLike) -> bool:
        """Whether ``path`` or any folder above it (up to the config root) matches an exclusion glob."""
        parts = self._relative_parts(path)
        return any(self._entry_matches(parts[: i + 1]) for i in range(len(parts)))

    def excludes_entry(self, path: PathLike) -> bool:
        """Whether ``path`` itself (its name, or its whole relative path) matches, ignoring the folders above.

        Discovery uses this while walking: the folders above were already checked when they were
        entered, and a folder named on the command line is walked even when a glob matches it.
        """
        parts = self._relative_parts(path)
        return bool(parts) and self._entry_matches(parts)

    def _entry_matches(self, parts: Sequence[str]) -> bool:
        component, anchored = self._matchers
        if component is not None and component.match(parts[-1]):
            return True
        return anchored is not None and anchored.match("/".join(parts)) is not None

    @cached_property
    def _matchers(self) -> Tuple[Optional[Pattern[str]], Optional[Pattern[str]]]:
        component, anchored = [], []
        for pattern in self.effective_exclude:
            pattern = _normalise_glob(pattern)
            if not pattern:
                continue
            (anchored if "/" in pattern else component).append(_glob_to_regex(pattern))
        compile_ = lambda items: re.compile("(?:" + "|".join(items) + r")\Z") if items else None  # noqa: E731
        return compile_(component), compile_(anchored)

    def _relative_parts(self, path: PathLike) -> Tuple[str, ...]:
        absolute = os.path.abspath(os.fspath(path))
        for base in (self.root, Path.cwd()):
            if base is None:
                continue
            relative = _relative_to(absolute, os.path.abspath(os.fspath(base)))
            if relative is not None:
                return relative
        # Outside the root and the current folder: match what is left of the path as given.
        drive, rest = os.path.splitdrive(os.path.normpath(os.fspath(path)))
        return tuple(p for p in rest.replace(os.sep, "/").split("/") if p not in ("", ".", ".."))

    # -- command line and cache ----------------------------------------------------------------

    def with_overrides(self, *, select: Optional[Iterable[str]] = None, ignore: Optional[Iterable[str]] = None,
                       exclude: Optional[Iterable[str]] = None, extend_exclude: Optional[Iterable[str]] = None,
                       infer: Optional[str] = None) -> "Config":
        """This configuration with command-line options laid over it (``None`` leaves a setting alone).

        Like ruff's layers: ``select`` replaces the configured selection *and* its ``ignore`` list (so
        ``--select FM101`` shows FM101 even when the file ignores it); ``ignore`` and ``extend_exclude``
        add to the configured lists; ``exclude`` and ``infer`` replace. Raises :class:`ConfigError`.
        """
        source = "command line"
        changes: Dict[str, Any] = {}
        if select is not None:
            changes["select"] = _codes(source, "--select", list(select))
            changes["ignore"] = ()
        if ignore is not None:
            changes["ignore"] = changes.get("ignore", self.ignore) + _codes(source, "--ignore", list(ignore))
        if exclude is not None:
            changes["exclude"] = _globs(source, "--exclude", list(exclude))
        if extend_exclude is not None:
            changes["extend_exclude"] = self.extend_exclude + _globs(source, "--extend-exclude", list(extend_exclude))
        if infer is not None:
            changes["infer"] = _infer(source, "--infer", infer)
        return replace(self, **changes) if changes else self

    def fingerprint(self) -> str:
        """A stable hash of the settings that change what a file's findings are (not of where they live).

        Order-insensitive lists are sorted, so reordering ``select`` does not invalidate a cache.
        fitmigrate's own version is not part of it: a cache should key on both.
        """
        settings = {
            "schema": 1,
            "select": sorted(self.select) if self.select is not None else None,
            "ignore": sorted(self.ignore),
            "exclude": sorted(set(self.effective_exclude)),
            "infer": self.infer,
        }
        return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:32]


# -- finding and reading the file ------------------------------------------------------------------


def find_pyproject(start: PathLike) -> Optional[Path]:
    """The nearest ``pyproject.toml`` with a ``[tool.fitmigrate]`` table at or above ``start``."""
    here = Path(os.path.abspath(os.fspath(start)))
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
    return None


def load_config(paths: Iterable[PathLike] = (), config_file: Optional[PathLike] = None) -> Config:
    """The configuration for a run over ``paths``: ``config_file`` when given, else the one found upward.

    All the paths must resolve to the same file (or to none): fitmigrate applies one configuration per
    run, and rather than pick one silently it raises :class:`ConfigError` naming both, so the user
    runs once per project or passes ``--config``. No file found gives the defaults.
    """
    if config_file is not None:
        return read_config(config_file, required=True)
    found: Dict[Path, None] = {}
    for path in list(paths) or [Path.cwd()]:
        pyproject = find_pyproject(path)
        if pyproject is not None:
            found.setdefault(pyproject)
    if len(found) > 1:
        first, second = list(found)[:2]
        raise ConfigError(str(first), None, f"the paths given belong to different [tool.fitmigrate] configurations "
                                            f"({first} and {second}); run fitmigrate once per project or pass --config")
    return read_config(next(iter(found))) if found else Config()


def read_config(path: PathLike, *, required: bool = False) -> Config:
    """Read and validate ``[tool.fitmigrate]`` from one TOML file; ``required``: a missing table is an error."""
    path = Path(os.path.abspath(os.fspath(path)))
    name = str(path)
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(name, None, f"cannot read it ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(name, None, f"invalid TOML ({exc})") from None
    table = document.get("tool", {}).get("fitmigrate") if isinstance(document.get("tool"), dict) else None
    if table is None:
        if required:
            raise ConfigError(name, None, "has no [tool.fitmigrate] table")
        return Config(root=path.parent, source=path)
    if not isinstance(table, dict):
        raise ConfigError(name, None, "[tool.fitmigrate] must be a table")
    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key.replace("_", "-"), KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(KEYS)}"
            raise ConfigError(name, key, f"unknown key{hint}")
    config = Config(root=path.parent, source=path)
    changes: Dict[str, Any] = {}
    if "select" in table:
        changes["select"] = _codes(name, "select", table["select"])
    if "ignore" in table:
        changes["ignore"] = _codes(name, "ignore", table["ignore"])
    if "exclude" in table:
        changes["exclude"] = _globs(name, "exclude", table["exclude"])
    if "extend-exclude" in table:
        changes["extend_exclude"] = _globs(name, "extend-exclude", table["extend-exclude"])
    if "infer" in table:
        changes["infer"] = _infer(name, "infer", table["infer"])
    return replace(config, **changes)


# -- validation -------------------------------------------------------------------------------------


def _string_list(source: str, key: str, value: Any) -> Tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(source, key, f"must be a list of strings, not {value!r}")
    return tuple(value)


def _codes(source: str, key: str, value: Any) -> Tuple[str, ...]:
    codes = []
    for item in _string_list(source, key, value):
        code = item.strip().upper()
        if not _CODE_SELECTOR.match(code) or (code != "ALL" and not any(c.startswith(code) for c in _known_codes())):
            raise ConfigError(source, key, f"{item!r} is not a code, a code prefix (FM1, FM30) or ALL of any rule; "
                                           "`fitmigrate rules` lists them")
        codes.append(code)
    return tuple(codes)


def _globs(source: str, key: str, value: Any) -> Tuple[str, ...]:
    globs = _string_list(source, key, value)
    for pattern in globs:
        try:
            re.compile(_glob_to_regex(_normalise_glob(pattern)))
        except re.error as exc:
            raise ConfigError(source, key, f"{pattern!r} is not a valid glob ({exc})") from None
    return globs


def _infer(source: str, key: str, value: Any) -> str:
    if value not in INFER_MODES:
        raise ConfigError(source, key, f"must be one of {', '.join(repr(m) for m in INFER_MODES)}, not {value!r}")
    return value


# -- helpers ---------------------------------------------------------------------------------------


def _matches(code: str, selector: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


def _known_codes() -> Tuple[str, ...]:
    from fitmigrate.rules import all_rules

    return tuple(rule.CODE for rule in all_rules())


def _severity(code: str) -> str:
    from fitmigrate.rules import rule_for

    try:
        return rule_for(code).SEVERITY
    except KeyError:
        return "error"  # a code fitmigrate does not know is not hidden


def _has_table(pyproject: Path) -> bool:
    """Whether the file has ``[tool.fitmigrate]``; an unreadable file counts as having one, to report it."""
    try:
        with open(pyproject, "rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        try:
            return b"tool.fitmigrate" in pyproject.read_bytes()
        except OSError:
            return False
    tool = document.get("tool")
    return isinstance(tool, dict) and "fitmigrate" in tool


def _relative_to(path: str, base: str) -> Optional[Tuple[str, ...]]:
    if path == base:
        return ()
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not path.startswith(prefix):
        return None
    return tuple(part for part in path[len(prefix):].split(os.sep) if part)


def _normalise_glob(pattern: str) -> str:
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern.strip("/")


def _glob_to_regex(pattern: str) -> str:
    """Translate a glob where ``*``/``?`` stop at ``/`` and ``**`` crosses folders (fnmatch's ``*`` does not stop)."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end]
            if body.startswith("!"):
                body = "^" + body[1:]
            elif body.startswith("^"):
                body = "\\" + body
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)
