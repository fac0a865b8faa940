"""A one-line progress bar on stderr for long runs.

Shown only when stderr is a terminal (and ``TERM`` is not ``dumb``), the run is not ``--quiet``, and it
is long: more than ``MANY_FILES`` files, or still going after ``SLOW_SECONDS``. The hidden environment
variable ``FITMIGRATE_PROGRESS`` overrides the terminal test: ``1`` forces the bar on (for a demo or a
test), ``0`` off. ``--quiet`` always hides it.

The bar never garbles the lines the command prints: before a result that has something to say is
handed to the caller, the bar's line is cleared, and it is drawn again when the next result is awaited.
Results with nothing to say leave it in place, redrawn at most ``REDRAW_SECONDS`` apart.

The time left is extrapolated from the work done, not from the number of files done: given the
expected cost of each item (``costs``: for fitmigrate, the bytes of the files that must be parsed; a
file the byte prefilter answers costs next to nothing), ``elapsed * work left / work done``. Counting
files instead would say "0s left" after a folder of thousands of files without a candidate, however
many files still to parse come after it. Costs are read ``LOOKAHEAD`` items ahead per item done, so the
estimate costs time in proportion to the run, and only while the bar is wanted.
"""

from __future__ import annotations

import math
import os
import shutil
import sys
import time
from typing import Callable, Iterable, Iterator, List, Optional, TextIO, TypeVar

T = TypeVar("T")

MANY_FILES = 500
SLOW_SECONDS = 1.0
REDRAW_SECONDS = 0.1
WIDTH = 28
LOOKAHEAD = 4  # costs read ahead per item done


def wanted(stream: TextIO, quiet: bool = False) -> bool:
    """Whether a bar may be drawn on ``stream`` at all."""
    if quiet:
        return False
    forced = os.environ.get("FITMIGRATE_PROGRESS", "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):  # closed or not a real stream
        return False


class Progress:
    """``for item in Progress(total).track(items)``: counts items and draws the bar when it is wanted."""

    def __init__(self, total: int, label: str = "files", stream: Optional[TextIO] = None, quiet: bool = False,
                 clock: Callable[[], float] = time.monotonic, costs: Optional[Iterable[float]] = None) -> None:
        """``costs``: the expected cost of each item, in the order of the items (any unit); without it,
        every item counts the same."""
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream, quiet)
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.shown = False  # the bar is on the screen now
        self._drawn_at = float("-inf")
        self.columns = shutil.get_terminal_size(fallback=(80, 24)).columns if self.enabled else 80
        self._costs: Optional[Iterator[float]] = iter(costs) if costs is not None and self.enabled else None
        self._known: List[float] = []  # the costs read so far, in item order
        self._known_sum = 0.0
        self._work_done = 0.0  # the sum of the costs of the first `done` items

    def _long(self, now: float) -> bool:
        return self.total > MANY_FILES or now - self.started > SLOW_SECONDS

    def line(self, now: Optional[float] = None) -> str:
        now = self.clock() if now is None else now
        fraction = self.done / self.total if self.total else 1.0
        filled = int(WIDTH * fraction)
        elapsed = now - self.started
        text = f"fitmigrate [{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total} {self.label} {elapsed:.1f}s"
        if 0 < self.done < self.total and elapsed > 2:
            text += f", about {math.ceil(self.left(elapsed))}s left"
        return text

    def left(self, elapsed: float) -> float:
        """Seconds left: ``elapsed`` times the work left over the work done (files when costs are unknown)."""
        if not self._known:
            return elapsed * (self.total - self.done) / self.done
        expected = self._known_sum
        if len(self._known) < self.total:  # not all looked at yet: the rest as the mean of those that were
            expected += (self.total - len(self._known)) * self._known_sum / len(self._known)
        return elapsed * max(expected - self._work_done, 0.0) / max(self._work_done, 1e-9)

    def _count(self) -> None:
        """One more item done: read costs ahead, then add the cost of the item just done."""
        if self._costs is not None:
            want = max(len(self._known) + LOOKAHEAD, self.done + 1)
            while len(self._known) < want:
                try:
                    cost = float(next(self._costs))
                except StopIteration:
                    self._costs = None
                    break
                self._known.append(cost)
                self._known_sum += cost
        self.done += 1
        if self.done <= len(self._known):
            self._work_done += self._known[self.done - 1]
        elif self._known:  # more items than costs: count the mean
            self._work_done += self._known_sum / len(self._known)

    def draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if not self._long(now) or (not force and self.shown and now - self._drawn_at < REDRAW_SECONDS):
            return
        self._write("\r" + self.line(now)[: self.columns - 1] + "\x1b[K")  # a wrapped line could not be cleared
        self.shown, self._drawn_at = True, now

    def clear(self) -> None:
        """Take the bar off the screen (the cursor back at the start of an empty line)."""
        if self.shown:
            self._write("\r\x1b[K")
            self.shown = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = self.shown = False  # the terminal went away: stop drawing, never fail the run

    def track(self, items: Iterable[T], silent: Optional[Callable[[T], bool]] = None) -> Iterator[T]:
        """Yield ``items``, counting them. ``silent(item)`` False: the caller may print for this item, so the
        bar is cleared first; without ``silent`` the caller is taken never to print."""
        try:
            self.draw()
            for item in items:
                self._count()
                if silent is None or silent(item):
                    self.draw()
                else:
                    self.clear()
                yield item
                self.draw(force=not self.shown)
        finally:
            self.clear()


def track(items: Iterable[T], total: int, quiet: bool = False, silent: Optional[Callable[[T], bool]] = None,
          stream: Optional[TextIO] = None, costs: Optional[Iterable[float]] = None) -> Iterator[T]:
    """The common case: ``items`` with a bar on stderr when it is wanted. ``costs`` is read only then."""
    return Progress(total, stream=stream, quiet=quiet, costs=costs).track(items, silent)
