"""Finding files, the cheap byte prefilter, and writes that never leave a half-written file."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable, Iterator, List, Tuple

# The names a file must contain, as bytes, before it is worth parsing.
CANDIDATE_NAMES: Tuple[bytes, ...] = (b"fit_generator", b"evaluate_generator", b"predict_generator")
SKIPPED_DIRS = {".git", ".hg", ".svn", "__pycache__", "build", "site-packages", "dist-packages", "node_modules",
                ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".fitmigrate_cache", "venv", ".venv",
                ".eggs"}
SOURCE_SUFFIXES = (".py",)


def may_hold_candidate(data: bytes) -> bool:
    return any(name in data for name in CANDIDATE_NAMES)


def is_virtualenv(path: Path) -> bool:
    return (path / "pyvenv.cfg").is_file() or (path / "conda-meta").is_dir()


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Source files under ``paths`` in a stable order; files named directly are always included."""
    for root in paths:
        if root.is_file() or (root.is_symlink() and not root.is_dir()):
            yield root
            continue
        if not root.is_dir():
            continue
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(".egg-info")
                             and not is_virtualenv(here / d) and not (here / d).is_symlink())
            for name in sorted(files):
                if name.endswith(SOURCE_SUFFIXES):
                    yield here / name


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it over: readers see old or new, never half."""
    target = path.resolve() if path.is_symlink() else path
    mode = stat.S_IMODE(target.stat().st_mode)
    handle, temp = tempfile.mkstemp(dir=str(target.parent), prefix=f".{target.name}.", suffix=".fitmigrate")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def existing(paths: List[Path]) -> List[Path]:
    return [p for p in paths if p.exists() or p.is_symlink()]
