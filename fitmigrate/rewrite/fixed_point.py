"""Run twice, change once, checked before anything is written (black's "second pass must be stable").

The migrated code is analysed again, in memory, by the same code path. If that second pass would
change nothing, the first pass's result stands. If it would only apply fixes the first one unlocked
(a name fixed once its module path is), they are applied now, up to ``MAX_PASSES`` in all. If it would
migrate a call the first pass refused, or never settles, nothing is written: the file is left as it
was, with an FM005 error that says why, since a later run would decide on code fitmigrate wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, List, Optional, Tuple

from fitmigrate.diagnostics import Diagnostic
from fitmigrate.outcomes import FileOutcome

MAX_PASSES = 3


@dataclass
class Pass:
    """One pass over a file: its outcome, and each legacy call in source order: its line, and whether
    this pass migrated it."""

    outcome: FileOutcome
    calls: List[Tuple[int, bool]] = field(default_factory=list)


def settle(first: Pass, again: Callable[[bytes], Pass]) -> FileOutcome:
    """``first``'s outcome once its result is a fixed point of ``again`` (see the module's docstring)."""
    outcome = first.outcome
    assert outcome.new is not None
    current = outcome.new
    latest = first
    for _ in range(MAX_PASSES - 1):
        following = again(current)
        result = following.outcome
        if result.error:
            return _unstable(outcome, f"a second pass over the migrated code fails ({result.error})")
        if not result.changed:
            outcome.new = current
            _drop_fixed_reports(outcome, latest.outcome if latest is not first else None, result)
            return outcome
        if result.migrated:
            return _unstable(outcome, _would_migrate(first, following))
        current = result.new  # type: ignore[assignment]
        latest = following
    return _unstable(outcome, f"the migrated code is still not a fixed point after {MAX_PASSES} passes")


def _drop_fixed_reports(outcome: FileOutcome, later: Optional[FileOutcome], last: FileOutcome) -> None:
    """A break the first pass reported and a later pass fixed is no longer the user's to fix."""
    if later is None:
        return
    still = {(d.code, d.message) for d in last.diagnostics}
    outcome.diagnostics = [d for d in outcome.diagnostics
                           if not d.code.startswith("FM4") or (d.code, d.message) in still]


def _would_migrate(first: Pass, following: Pass) -> str:
    """Which of the calls this run refuses a second run would migrate, by the line it has now."""
    left = [line for line, migrated in first.calls if not migrated]  # the legacy calls the migrated code holds
    later = [index for index, (_, migrated) in enumerate(following.calls) if migrated]
    lines = sorted({left[i] for i in later if i < len(left)}) if len(left) == len(following.calls) else []
    where = f" (line {', '.join(map(str, lines))})" if lines else ""
    return (f"a second run would migrate {following.outcome.migrated} call{'s' if following.outcome.migrated > 1 else ''} "
            f"that this run refuses{where}, deciding on code this run wrote")


def _unstable(outcome: FileOutcome, why: str) -> FileOutcome:
    outcome.new = None
    outcome.migrated = 0
    outcome.error = f"not written: {why}"
    outcome.diagnostics.append(Diagnostic("FM005", outcome.path, 1, 1, f"{outcome.error}; the file is left as it "
                                                                       "was: migrate it by hand and please report it"))
    return outcome
