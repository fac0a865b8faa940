"""Runs one task (migrate or check) over many files, in process or across cores, and hands the
results back in a stable order (the order files were given), one at a time, so memory stays bounded
whatever the tree's size.

The parent process reads each file and runs the byte prefilter itself: most files of a real tree hold
no candidate, and answering them here costs one read and one byte search, far less than shipping
them to a worker. Only files that pass (and miss the cache) are parsed, in process for ``-j 1`` or
small runs, otherwise in a pool of worker processes fed through a bounded window: at most
``MAX_IN_FLIGHT_PER_JOB`` files per worker in flight and ``MAX_BUFFERED`` finished results waiting for
an earlier, slower file. Each process keeps one :class:`ProjectIndex` (imported modules parsed once)
and starts a fresh one every ``INDEX_RESET`` parsed files so it never holds every tree.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Deque, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from fitmigrate.files import may_hold_candidate
from fitmigrate.near_miss import may_hold_finding
from fitmigrate.outcomes import CheckOutcome, FileOutcome

if TYPE_CHECKING:
    from fitmigrate.project.index import ProjectIndex
    from fitmigrate.cache import Cache

# The pipeline (LibCST, the interpreter, numpy) is imported when the first file must be parsed: a run
# that the prefilters and the cache answer never loads it.

MAX_FILE_BYTES = 8 * 1024 * 1024  # larger files are not read: FM004, a warning
MIB = 1024 * 1024


def too_big(size: int) -> str:
    """Why a file of ``size`` bytes is not read, in figures that show it is over the limit."""
    shown, limit = f"{size / MIB:.1f} MiB", f"{MAX_FILE_BYTES / MIB:g} MiB"
    if MAX_FILE_BYTES < MIB or shown == f"{MAX_FILE_BYTES / MIB:.1f} MiB":
        shown, limit = f"{size:,} bytes", f"{MAX_FILE_BYTES:,}-byte"
    return f"{shown} is over the {limit} limit"

SMALL_RUN = 8  # fewer files to parse than this: no worker processes (starting them costs more)
MAX_IN_FLIGHT_PER_JOB = 4  # files submitted to the pool per worker and not yet collected
MAX_BUFFERED = 512  # results held back because an earlier file is still being processed
INDEX_RESET = 64  # parsed files after which a process drops its ProjectIndex (and every tree it holds)

Outcome = Union[FileOutcome, CheckOutcome]


@dataclass
class FileResult:
    path: Path
    outcome: Optional[Outcome]
    problem: Optional[str] = None  # could not be read: the reason
    skipped: Optional[str] = None  # deliberately not processed: the reason

    @property
    def silent(self) -> bool:
        """Nothing to report for this file (a progress bar need not step aside for it)."""
        outcome = self.outcome
        if self.problem is not None or self.skipped is not None or outcome is None or outcome.error:
            return False
        if isinstance(outcome, CheckOutcome):
            return not outcome.findings
        return not outcome.diagnostics and not outcome.changed


# -- one file ---------------------------------------------------------------------------------------

_project: Optional[ProjectIndex] = None
_parsed = 0


def _project_index() -> ProjectIndex:
    """One index per process: modules imported by several files are parsed once."""
    global _project
    if _project is None:
        from fitmigrate.project.index import ProjectIndex

        _project = ProjectIndex()
    return _project


def _done_with_index() -> None:
    """Count one parsed file; past INDEX_RESET, the next file starts a new index (bounded memory)."""
    global _project, _parsed
    _parsed += 1
    if _parsed >= INDEX_RESET:
        _project, _parsed = None, 0


def read(path: Path) -> Union[bytes, FileResult]:
    """The file's bytes, or the result that says why it is not processed.

    Opened without blocking and checked to be a regular file before a byte is read: a FIFO would
    block forever, a link to ``/dev/zero`` would be read until memory runs out. At most
    ``MAX_FILE_BYTES + 1`` bytes are read whatever the size says (a file may grow meanwhile).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as handle:  # one open and fstat: this runs for every file of the tree
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                return FileResult(path, None, problem="is a directory")
            if not stat.S_ISREG(info.st_mode):
                return FileResult(path, None, problem="not a regular file (a FIFO, a device or a socket); not read")
            if info.st_size > MAX_FILE_BYTES:
                return FileResult(path, None, skipped=too_big(info.st_size))
            data = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        try:
            os.scandir(path).close()
        except OSError as exc:  # discover yields a folder it could not list, so that it is reported
            return FileResult(path, None, problem=f"cannot list this folder ({exc.strerror or exc})")
        return FileResult(path, None, problem="is a directory")
    except FileNotFoundError:
        return FileResult(path, None, problem="no such file (a broken symlink?)")
    except OSError as exc:
        return FileResult(path, None, problem=exc.strerror or str(exc))
    if len(data) > MAX_FILE_BYTES:
        return FileResult(path, None, skipped=f"it grew while being read: {too_big(len(data))}")
    return data


def may_need_parse(data: bytes, task: str) -> bool:
    """The byte prefilter of ``task``: False means the file is answered without decoding or parsing it."""
    # migrate shows the hazards check finds, in files with nothing to rewrite too
    return may_hold_finding(data) or (task == "migrate" and may_hold_candidate(data))


def analyze(path: Path, data: bytes, task: str, options: Optional[dict] = None,
            project: Optional[ProjectIndex] = None) -> Outcome:
    """``task`` on one file's bytes (the prefilter runs first, inside ``migrate_bytes`` / ``check_bytes``)."""
    project = project if project is not None else _project_index()
    from fitmigrate.project.sources import open_source

    source = open_source(data, path)
    if task == "migrate":
        from fitmigrate.migrate import migrate_source

        return migrate_source(source, project, **(options or {}))
    from fitmigrate.check import check_source

    return check_source(source, project)


def _unparsed(path: Path, data: bytes, task: str) -> Outcome:
    """What ``analyze`` returns for a file the prefilter rejects, without running the prefilter twice."""
    return FileOutcome(str(path), data) if task == "migrate" else CheckOutcome(str(path))


def process(path: Path, task: str, options: Optional[dict] = None) -> FileResult:
    """Read and process one file in this process. ``options`` go to ``migrate_bytes`` (``infer``, ...)."""
    data = read(path)
    if isinstance(data, FileResult):
        return data
    return FileResult(path, analyze(path, data, task, options))


def process_bytes(path: Path, data: bytes, task: str, options: Optional[dict] = None) -> FileResult:
    """``task`` on bytes that were not read from ``path`` (standard input, named ``path`` for messages,
    configuration and imports of sibling modules); the size limit applies as to a file."""
    global _project, _parsed
    if len(data) > MAX_FILE_BYTES:
        return FileResult(path, None, skipped=too_big(len(data)))
    _project, _parsed = None, 0
    outcome, _ = _parse_here(path, data, task, options, want_dependencies=False)
    return FileResult(path, outcome)


# The expected cost of a file, in bytes parsed: a parsed file costs its bytes plus PARSED_COST; one the
# prefilter answers UNPARSED_COST (measured on benchmarks/make_corpus.py trees: reading and searching a
# file takes as long as parsing 20-50 bytes; taken lower, so that the time left errs long, not short).
UNPARSED_COST = 8
PARSED_COST = 1024


def expected_costs(paths: Iterable[Path], task: str) -> Iterator[float]:
    """The expected cost of each of ``paths`` on a cold run, in order, for the progress estimate.

    Runs the byte prefilter (one read and a byte search per file, no parse): the files that must be
    parsed cost orders of magnitude more than the others, and where they lie in the tree (all in the
    last folder) decides how much time is left far more than how many files are done.
    """
    for path in paths:
        data = read(path)
        if isinstance(data, FileResult) or not may_need_parse(data, task):
            yield UNPARSED_COST
        else:
            yield PARSED_COST + len(data)


def _parse_here(path: Path, data: bytes, task: str, options: Optional[dict],
                want_dependencies: bool) -> Tuple[Outcome, Optional[Dict[str, Optional[str]]]]:
    """A file that passed the prefilter, through the pipeline, with what the cache needs to know."""
    project = _project_index()
    try:
        outcome = analyze(path, data, task, options, project)
        dependencies = None
        if want_dependencies:
            from fitmigrate.cache import file_digest

            if not project.depends_on_whole_project(path):
                dependencies = {str(dep): file_digest(dep) for dep in sorted(project.dependencies(path))}
        return outcome, dependencies
    finally:
        _done_with_index()


def _parse_in_worker(path: Path, data: bytes, task: str, options: Optional[dict],
                     want_dependencies: bool) -> Tuple[Outcome, Optional[Dict[str, Optional[str]]]]:
    outcome, dependencies = _parse_here(path, data, task, options, want_dependencies)
    if isinstance(outcome, FileOutcome):
        outcome.original = b""  # the parent still holds the bytes: do not send them back
    return outcome, dependencies


def _worker_start(parent: int) -> None:
    """In each worker: exit as soon as the parent is gone (killed, out of memory), never linger.

    A worker of a SIGKILLed parent would otherwise wait forever: it inherited the write end of its own
    call queue, so it never sees end-of-file. On Linux the kernel signals it (PR_SET_PDEATHSIG);
    elsewhere, and in case the parent died before that was set, a thread polls the parent's id.
    """
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, ValueError):
        pass
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="fitmigrate-parent-watch", daemon=True).start()


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# -- many files -------------------------------------------------------------------------------------


class _Job:
    """A file that passed the prefilter and missed the cache: to be parsed here or in a worker."""

    __slots__ = ("path", "data", "key", "future", "result")

    def __init__(self, path: Path, data: bytes, key: Optional[str]) -> None:
        self.path, self.data, self.key = path, data, key
        self.future: Optional[Future] = None
        self.result: Optional[FileResult] = None


class _Run:
    def __init__(self, task: str, jobs: int, options: Optional[dict], cache: Optional[Cache]) -> None:
        self.task, self.jobs, self.options, self.cache = task, jobs, options, cache
        self.queue: Deque[Union[FileResult, _Job]] = deque()
        self.waiting: List[_Job] = []  # parse jobs seen before the pool is started (it may never be)
        self.pool: Optional[ProcessPoolExecutor] = None
        self.in_flight = 0
        self.max_in_flight = max(1, jobs) * MAX_IN_FLIGHT_PER_JOB

    # The parent's part: read, prefilter, cache.
    def _prepare(self, path: Path) -> Union[FileResult, _Job]:
        info = None
        if self.cache is not None and self.task == "check":
            # A warm check need not read a file the prefilter rejected and that has not changed since.
            # (Not for migrate: its outcome carries the file's bytes.)
            try:
                info = os.stat(path)
            except OSError:
                pass
            if info is not None and stat.S_ISREG(info.st_mode) and self.cache.rejected_before(path, info):
                return FileResult(path, _unparsed(path, b"", self.task))
        data = read(path)
        if isinstance(data, FileResult):
            return data
        if not may_need_parse(data, self.task):
            if info is not None and self.cache is not None and len(data) == info.st_size:
                self.cache.note_rejected(path, info)
            return FileResult(path, _unparsed(path, data, self.task))
        key = None
        if self.cache is not None:
            from fitmigrate.cache import digest

            key = digest(data)
            cached = self.cache.get(path, key, data)
            if cached is not None:
                return FileResult(path, cached)
        return _Job(path, data, key)

    def _finish(self, job: _Job, outcome: Outcome, dependencies: Optional[Dict[str, Optional[str]]]) -> None:
        if isinstance(outcome, FileOutcome) and not outcome.original:
            outcome.original = job.data
        if self.cache is not None and job.key is not None and dependencies is not None:
            self.cache.put(job.path, job.key, outcome, dependencies)
        job.result = FileResult(job.path, outcome)
        job.data = b""

    def _parse_inline(self, job: _Job) -> None:
        outcome, dependencies = _parse_here(job.path, job.data, self.task, self.options, self.cache is not None)
        self._finish(job, outcome, dependencies)

    def _submit(self, job: _Job) -> None:
        assert self.pool is not None
        try:
            job.future = self.pool.submit(_parse_in_worker, job.path, job.data, self.task, self.options,
                                          self.cache is not None)
        except BrokenProcessPool:  # a worker died earlier (killed, out of memory): go on in this process
            self._parse_inline(job)
            return
        self.in_flight += 1

    def _schedule(self, job: _Job) -> None:
        if self.jobs <= 1:
            self._parse_inline(job)
        elif self.pool is not None:
            self._submit(job)
        else:
            self.waiting.append(job)
            if len(self.waiting) >= SMALL_RUN:
                self.pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_worker_start,
                                                initargs=(os.getpid(),))
                for waiting in self.waiting:
                    self._submit(waiting)
                self.waiting = []

    def _collect(self, job: _Job) -> FileResult:
        """Wait for ``job`` (parsing it here if it was never submitted) and return its result."""
        if job.result is None:
            if job.future is None:
                if job in self.waiting:
                    self.waiting.remove(job)
                self._parse_inline(job)
            else:
                self.in_flight -= 1
                try:
                    outcome, dependencies = job.future.result()
                except Exception:  # the worker died or could not send the result: this process tries once
                    self._parse_inline(job)
                else:
                    self._finish(job, outcome, dependencies)
        assert job.result is not None
        return job.result

    def _ready(self) -> Iterator[FileResult]:
        """Results at the head of the queue that are finished, without waiting."""
        while self.queue:
            head = self.queue[0]
            if isinstance(head, _Job) and head.result is None and (head.future is None or not head.future.done()):
                return
            self.queue.popleft()
            yield head if isinstance(head, FileResult) else self._collect(head)

    def results(self, paths: Iterable[Path]) -> Iterator[FileResult]:
        for path in paths:
            item = self._prepare(path)
            self.queue.append(item)
            if isinstance(item, _Job):
                self._schedule(item)
            yield from self._ready()
            # The window: wait for the oldest file rather than read ahead without bound.
            while self.queue and (len(self.queue) > MAX_BUFFERED or self.in_flight >= self.max_in_flight):
                head = self.queue.popleft()
                yield head if isinstance(head, FileResult) else self._collect(head)
        while self.queue:
            head = self.queue.popleft()
            yield head if isinstance(head, FileResult) else self._collect(head)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def run(paths: Iterable[Path], task: str, jobs: int = 1, options: Optional[dict] = None,
        cache: Optional[Cache] = None) -> Iterator[FileResult]:
    """``task`` ("migrate" or "check") over ``paths``; results in the order of ``paths``, streamed.

    ``jobs`` worker processes parse the files that pass the prefilter (``jobs <= 1``, or fewer than
    ``SMALL_RUN`` such files: in this process). With ``cache``, files whose bytes and dependencies are
    unchanged are answered from it and new results are stored; it is saved when the run ends.
    """
    if options and options.get("infer", "static") != "static":
        cache = None  # sampled signatures come from running code: no file hash can vouch for them
    global _project, _parsed
    _project, _parsed = None, 0  # files may have changed since an earlier run in this process
    state = _Run(task, jobs, options, cache)
    try:
        yield from state.results(paths)
    finally:
        state.close()
        if cache is not None:
            cache.save()
            if os.environ.get("FITMIGRATE_CACHE_STATS") == "1":  # for benchmarks: did the cache answer?
                import sys

                print(f"fitmigrate: cache {cache.hits} hits, {cache.misses} misses, {cache.stored} stored",
                      file=sys.stderr)
