"""A content-hash cache of per-file results, like ruff's: a second run over an unchanged tree parses nothing.

It lives in ``.fitmigrate_cache/`` at the project root (the nearest folder at or above the first path
given that holds ``pyproject.toml`` or ``.git``; else that path's own folder) and is always safe to
delete. One JSON file per (tool, task, configuration) key holds, for each file that passed the byte
prefilter, the BLAKE2 hash of its bytes, its result, and the hashes of the project files its analysis
looked at through imports (``ProjectIndex.dependencies``: found modules, and paths it probed that did not
exist, so a module that appears later invalidates too). An entry is used only when all of them match.

The key covers fitmigrate's version and the content of its own source files (an editable install
being edited never reuses stale results), LibCST's version, the Python version, the task and
``config_key`` (the caller's fingerprint of every setting that changes a file's result). A ``migrate``
entry of a file to rewrite keeps the new bytes, so a second ``migrate --diff`` re-parses nothing; once the
file is rewritten its content no longer matches the entry.
For ``check``, files the prefilter rejects are remembered by size, mtime and inode only, so a warm run
need not even read them (ruff trusts mtimes the same way): a file whose ``stat`` changed is read
again, and one modified less than ``RACY_SECONDS`` before it was read is not remembered at all, so an
edit within the file system's timestamp granularity cannot hide.

Reading and writing never fail a run: an unreadable, corrupt or foreign cache file counts as empty,
and one that cannot be written is left as it was. Writes are atomic (temporary file, ``os.replace``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, Iterable, Optional, Tuple, Union

from fitmigrate.diagnostics import Diagnostic

CACHE_DIR = ".fitmigrate_cache"
SCHEMA = 2  # 2: migrate entries keep the new bytes of a file to change
ROOT_MARKERS = ("pyproject.toml", ".git")
RACY_SECONDS = 2  # a file modified this recently when read is not remembered by its stat
PRUNE_AFTER_DAYS = 30  # entries of files not seen for this long are dropped when the cache is written
CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by fitmigrate.\n"
                "# For information about cache directory tags see https://bford.info/cachedir/\n")


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: Union[str, Path]) -> Optional[str]:
    """The hash of a file's bytes, or None when it is not a readable regular file (absent counts too)."""
    try:
        with open(path, "rb") as handle:
            return digest(handle.read())
    except OSError:
        return None


def project_root(paths: Iterable[Union[str, Path]]) -> Path:
    """Where ``.fitmigrate_cache/`` goes for a run over ``paths``."""
    first = next(iter(paths), None)
    start = Path(os.path.abspath(first if first is not None else "."))
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        if any(os.path.exists(folder / marker) for marker in ROOT_MARKERS):
            return folder
    return start


_tool_fingerprint: Optional[str] = None


def tool_fingerprint() -> str:
    """fitmigrate's version, the size and mtime of each of its source files, LibCST's and Python's versions."""
    global _tool_fingerprint
    if _tool_fingerprint is None:
        from importlib import metadata

        from fitmigrate import __version__

        try:  # read from its metadata: importing LibCST costs a third of a second a warm run need not pay
            libcst_version = metadata.version("libcst")
        except metadata.PackageNotFoundError:
            libcst_version = "?"
        package = Path(__file__).resolve().parent
        parts = [__version__, libcst_version, "%d.%d" % sys.version_info[:2]]
        for folder, dirs, files in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    info = os.stat(os.path.join(folder, name))
                    parts.append(f"{os.path.relpath(os.path.join(folder, name), package)}:{info.st_size}:{info.st_mtime_ns}")
        _tool_fingerprint = digest("\n".join(parts).encode())
    return _tool_fingerprint


class Cache:
    """The cache of one run: ``get`` before processing a file, ``put`` after, ``save`` at the end."""

    def __init__(self, root: Union[str, Path], task: str, config_key: str, version: Optional[str] = None,
                 folder: Union[str, Path, None] = None) -> None:
        self.folder = Path(folder) if folder is not None else Path(root) / CACHE_DIR
        self.task = task
        self.key = digest(json.dumps([SCHEMA, version if version is not None else tool_fingerprint(), task,
                                      config_key]).encode())
        self.file = self.folder / f"{task}-{self.key}.json"
        self.hits = self.misses = self.stored = 0
        self._today = int(time.time() // 86400)
        self._entries, self._rejected = self._load()
        self._dirty = False
        self._digests: Dict[str, Optional[str]] = {}  # dependency hashes, computed once per run

    @classmethod
    def for_paths(cls, paths: Iterable[Union[str, Path]], task: str, config_key: str) -> "Cache":
        return cls(project_root(paths), task, config_key)

    def _load(self) -> Tuple[Dict[str, Dict[str, Any]], Dict[str, list]]:
        try:
            with open(self.file, "rb") as handle:
                document = json.load(handle)
            if document.get("schema") == SCHEMA and document.get("key") == self.key and isinstance(
                    document.get("entries"), dict):
                rejected = document.get("rejected")
                return document["entries"], rejected if isinstance(rejected, dict) else {}
        except (OSError, ValueError, AttributeError, TypeError):
            pass  # missing, unreadable or corrupt: start empty, never fail the run
        return {}, {}

    # -- lookups -----------------------------------------------------------------------------------

    def get(self, path: Union[str, Path], content_digest: str, data: bytes):
        """The cached outcome for ``path`` with this content, or None (a miss)."""
        name = os.path.abspath(path)
        entry = self._entries.get(name)
        outcome = None
        if isinstance(entry, dict) and entry.get("digest") == content_digest:
            try:
                if all(self._current_digest(dep) == known for dep, known in entry["deps"].items()):
                    outcome = _restore(self.task, str(path), data, entry["result"])
            except (KeyError, TypeError, ValueError, AttributeError):
                outcome = None  # a damaged entry: a miss
        if outcome is None:
            self.misses += 1
            return None
        self.hits += 1
        if entry.get("used") != self._today:
            entry["used"] = self._today
            self._dirty = True
        return outcome

    def rejected_before(self, path: Union[str, Path], info: os.stat_result) -> bool:
        """Whether the prefilter rejected this file, unchanged since (same size, mtime and inode)."""
        known = self._rejected.get(os.path.abspath(path))
        if not isinstance(known, list) or known[:3] != [info.st_size, info.st_mtime_ns, info.st_ino]:
            return False
        if known[3:] != [self._today]:
            known[3:] = [self._today]
            self._dirty = True
        return True

    def note_rejected(self, path: Union[str, Path], info: os.stat_result) -> None:
        """Remember that the prefilter rejected this file as it was when ``info`` was taken."""
        if time.time_ns() - info.st_mtime_ns < RACY_SECONDS * 1_000_000_000:
            return
        self._rejected[os.path.abspath(path)] = [info.st_size, info.st_mtime_ns, info.st_ino, self._today]
        self._dirty = True

    def _current_digest(self, path: str) -> Optional[str]:
        if path not in self._digests:
            self._digests[path] = file_digest(path)
        return self._digests[path]

    def put(self, path: Union[str, Path], content_digest: str, outcome, dependencies: Dict[str, Optional[str]]) -> bool:
        """Remember ``outcome`` for this content of ``path``; ``dependencies`` maps each file its analysis
        looked at to its hash (None: it did not exist). Returns whether the outcome was cacheable."""
        result = _serialise(self.task, outcome)
        if result is None:
            return False
        self._entries[os.path.abspath(path)] = {"digest": content_digest, "deps": dependencies, "result": result,
                                                "used": self._today}
        self.stored += 1
        self._dirty = True
        return True

    # -- writing -----------------------------------------------------------------------------------

    def save(self) -> None:
        """Write the cache atomically if anything changed; a failure leaves the old file and is not an error."""
        if not self._dirty:
            return
        oldest = self._today - PRUNE_AFTER_DAYS
        entries = {name: entry for name, entry in self._entries.items()
                   if isinstance(entry, dict) and isinstance(entry.get("used"), int) and entry["used"] >= oldest}
        rejected = {name: known for name, known in self._rejected.items()
                    if isinstance(known, list) and len(known) == 4 and isinstance(known[3], int) and known[3] >= oldest}
        document = {"schema": SCHEMA, "key": self.key, "task": self.task, "entries": entries, "rejected": rejected}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for name, text in ((".gitignore", "# Created by fitmigrate: this folder is a cache, safe to delete.\n*\n"),
                               ("CACHEDIR.TAG", CACHEDIR_TAG)):
                if not (self.folder / name).exists():
                    (self.folder / name).write_text(text)
            handle, temp = tempfile.mkstemp(dir=str(self.folder), prefix=f".{self.file.name}.", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(document, out, separators=(",", ":"))
                os.chmod(temp, 0o644)
                os.replace(temp, self.file)
            except BaseException:
                try:
                    os.unlink(temp)
                except OSError:
                    pass
                raise
        except OSError:
            return  # a read-only tree, a full disk: the run's results stand without a cache
        self._dirty = False
        self._prune_other_keys()

    def _prune_other_keys(self) -> None:
        """Drop this task's cache files of other keys (an older fitmigrate, another configuration) that no
        run has written for PRUNE_AFTER_DAYS."""
        oldest = time.time() - PRUNE_AFTER_DAYS * 86400
        for other in self.folder.glob(f"{self.task}-*.json"):
            try:
                if other != self.file and other.stat().st_mtime < oldest:
                    other.unlink()
            except OSError:
                pass


# -- outcomes to JSON and back ----------------------------------------------------------------------


def _diagnostic_row(d: Diagnostic) -> list:
    return [d.code, d.line, d.col, d.message, d.cell]


def _diagnostic(label: str, row: list) -> Diagnostic:
    code, line, col, message, cell = row
    return Diagnostic(str(code), label, int(line), int(col), str(message), None if cell is None else int(cell))


def _serialise(task: str, outcome) -> Optional[dict]:
    """JSON for an outcome, or None when it must not be cached: a change to write, or an internal error
    (which a retry, or a fixed fitmigrate, may not repeat)."""
    if task == "check":
        if any(f.diagnostic.code == "FM003" for f in outcome.findings):
            return None
        return {"error": outcome.error, "findings": [_diagnostic_row(f.diagnostic) + [bool(f.fixable)]
                                                     for f in outcome.findings]}
    if any(d.code == "FM003" for d in outcome.diagnostics) or getattr(outcome, "elsewhere", None):
        return None  # edits in other modules (outcomes.EditElsewhere) are not kept: the run must make them
    # A file to change keeps its new bytes (latin-1 maps each byte to one character: lossless in JSON), so
    # that a second `migrate --diff` or `--check` over an unchanged tree re-parses nothing either.
    return {"error": outcome.error, "migrated": outcome.migrated, "refused": outcome.refused,
            "encoding": outcome.encoding, "diagnostics": [_diagnostic_row(d) for d in outcome.diagnostics],
            "new": outcome.new.decode("latin-1") if outcome.changed else None}


def _restore(task: str, label: str, data: bytes, result: dict):
    if task == "check":
        from fitmigrate.outcomes import CheckOutcome, Finding

        return CheckOutcome(label, findings=[Finding(_diagnostic(label, row[:5]), bool(row[5]))
                                             for row in result["findings"]], error=result["error"])
    from fitmigrate.outcomes import FileOutcome

    new = result.get("new")
    return FileOutcome(label, data, new=new.encode("latin-1") if isinstance(new, str) else None,
                       diagnostics=[_diagnostic(label, row) for row in result["diagnostics"]],
                       migrated=int(result["migrated"]), refused=int(result["refused"]), error=result["error"],
                       encoding=str(result["encoding"]))


def open_cache(paths: Iterable[Union[str, Path]], task: str, config_key: str, enabled: bool = True) -> Optional[Cache]:
    """The cache for a run over ``paths``, or None with ``--no-cache``. ``config_key``: the fingerprint of
    the settings that change a file's result (``Config.fingerprint()``, plus options such as ``--infer``).

    Like ruff's ``RUFF_NO_CACHE`` / ``RUFF_CACHE_DIR``: ``FITMIGRATE_NO_CACHE=1`` turns it off, and
    ``FITMIGRATE_CACHE_DIR`` puts the cache files in that folder instead of ``.fitmigrate_cache/`` (a CI
    cache folder, or a tree that must not gain a single file).
    """
    if not enabled or os.environ.get("FITMIGRATE_NO_CACHE", "").strip() not in ("", "0"):
        return None
    elsewhere = os.environ.get("FITMIGRATE_CACHE_DIR", "").strip()
    if elsewhere:
        return Cache(project_root(paths), task, config_key, folder=os.path.abspath(elsewhere))
    return Cache.for_paths(paths, task, config_key)
