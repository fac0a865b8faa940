"""Runs one task (migrate or check) over many files, in process or across cores, and hands the
results back in a stable order (the order files were discovered), one at a time, so memory stays
bounded whatever the tree's size.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from fitmigrate.analysis.project import ProjectIndex
from fitmigrate.check import CheckOutcome, check_bytes
from fitmigrate.migrate import FileOutcome, migrate_bytes

MAX_FILE_BYTES = 8 * 1024 * 1024  # larger .py files are generated code or data: skipped with a note

SMALL_RUN = 32

Outcome = Union[FileOutcome, CheckOutcome]


@dataclass
class FileResult:
    path: Path
    outcome: Optional[Outcome]
    problem: Optional[str] = None  # could not be read: the reason
    skipped: Optional[str] = None  # deliberately not processed: the reason


_project: Optional[ProjectIndex] = None


def _project_index() -> ProjectIndex:
    """One index per process: modules imported by several files are parsed once."""
    global _project
    if _project is None:
        _project = ProjectIndex()
    return _project


def process(path: Path, task: str, options: Optional[dict] = None) -> FileResult:
    """``options`` go to ``migrate_bytes`` (``infer``, ``sample_timeout``)."""
    options = options or {}
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return FileResult(path, None, skipped=f"{size // (1024 * 1024)} MiB is over the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit")
        data = path.read_bytes()
    except IsADirectoryError:
        return FileResult(path, None, problem="is a directory")
    except FileNotFoundError:
        return FileResult(path, None, problem="no such file (a broken symlink?)")
    except OSError as exc:
        return FileResult(path, None, problem=exc.strerror or str(exc))
    if path.suffix == ".ipynb":
        from fitmigrate import notebooks

        if task == "migrate":
            return FileResult(path, notebooks.migrate_notebook(data, path, _project_index()))
        return FileResult(path, notebooks.check_notebook(data, path, _project_index()))
    if task == "migrate":
        return FileResult(path, migrate_bytes(data, path, _project_index(), **options))
    return FileResult(path, check_bytes(data, path, _project_index()))


def _process_named(args) -> FileResult:
    return process(*args)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run(paths: Iterable[Path], task: str, jobs: int = 1, options: Optional[dict] = None) -> Iterator[FileResult]:
    """``task`` ("migrate" or "check") over ``paths``; results in the order of ``paths``."""
    paths = list(paths)
    if len(paths) < SMALL_RUN:
        jobs = 1  # starting worker processes costs more than a few files take
    if jobs <= 1:
        for path in paths:
            yield process(path, task, options)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        # map() keeps the input order; chunks amortise the inter-process cost of small files.
        yield from pool.map(_process_named, ((path, task, options) for path in paths), chunksize=16)
