"""Run twice, change once: what a run holds back so that a call it refuses keeps the evidence it is
refused on.

Whether a positional count (or a Keras 1 sample count) means samples or steps is read from the file
itself (``analysis.dialect``): a file that shows the Keras 2 API ran on Keras 2. A call refused
because the file shows none would be migrated by the next run as soon as this run wrote one Keras 2
name anywhere in the file (``kernel_initializer=`` for Keras 1's ``init=``, ``epochs=`` in another
migrated call): decided on a name fitmigrate wrote, not on the code as its author ran it. So while
such a call is refused, no migration or fix that writes a Keras 2 name is applied; each is reported,
naming the call it waits for, and the next run holds them back again: the same file, the same decisions.

Read-only, like the rest of ``analysis``: it says what to hold back; ``migrate`` and ``check`` report it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from fitmigrate.analysis.calls import Planner
from fitmigrate.analysis.dialect import KERAS2_FILE_MARKERS
from fitmigrate.analysis.plans import CallPlan, CallSite, Refusal
from fitmigrate.analysis.keras3_breaks import (AddArg, AddImport, Break, DropArg, EditArg, Replace, ReplaceAlias,
                                               SplitImport, Wrap)

# The Keras 2 markers as plain words: what a piece of written code adds to the file around it
# (``Conv2D`` written over ``Convolution2D`` makes ``Conv2D(`` with the parenthesis already there).
_KERAS2_WORD = re.compile(r"\b(?:" + "|".join(
    re.sub(r"\\b|\\s\*=|\\\(", "", marker) for marker in KERAS2_FILE_MARKERS) + r")\b")


@dataclass(frozen=True)
class Protected:
    """A refused call that the file's lack of Keras 2 names keeps refused."""

    site: CallSite
    line: int
    code: str  # the refusal's diagnostic code


@dataclass
class HeldBack:
    protected: List[Protected] = field(default_factory=list)
    plans: Dict[int, str] = field(default_factory=dict)  # id(CallPlan) -> the Keras 2 name it writes
    fixes: Dict[int, str] = field(default_factory=dict)  # id(Break) -> the Keras 2 name its fix writes

    def __bool__(self) -> bool:
        return bool(self.plans or self.fixes)

    def waits_for(self) -> Protected:
        return self.protected[0]

    def plan_message(self, name: str) -> str:
        first = self.waits_for()
        return (f"`fitmigrate migrate` holds this call back: its migration writes `{name}`, a Keras 2 name; this file "
                f"shows none, and with one in it a later run would read the count of the call at line {first.line}, "
                f"refused ({first.code}), as Keras 2 steps and migrate it. Settle line {first.line} first (its "
                "diagnostic says how), then run migrate again")

    def fix_message(self, message: str, name: str) -> str:
        """A held-back fix's own message (what is broken), and why it is not fixed in this run."""
        first = self.waits_for()
        return (f"{message}; `fitmigrate migrate` holds this fix back: it writes `{name}`, a Keras 2 name, and with "
                f"one in the file a later run would read the count of the call at line {first.line}, refused "
                f"({first.code}), as Keras 2 steps: settle line {first.line} first (FM108)")


def written_keras2(texts: Iterable[str]) -> Optional[str]:
    """The first Keras 2 name in the code a migration or fix writes."""
    for text in texts:
        found = _KERAS2_WORD.search(text)
        if found:
            return found.group(0)
    return None


def plan_writes(plan: CallPlan) -> List[str]:
    """The names a call's migration writes: new keywords, set-up statements and helper functions (the
    arguments it keeps and the expressions it copies were in the file already)."""
    return [f"{edit.keyword}=" for edit in plan.edits if edit.action == "keep" and edit.keyword] + list(plan.setup) + \
        [edit.helper.body + ", ".join(edit.helper.params) for edit in plan.edits if edit.helper is not None]


def fix_writes(found: Break) -> List[str]:
    texts: List[str] = []
    for edit in found.edits:
        if isinstance(edit, (Replace, ReplaceAlias)):
            texts.append(edit.code)
        elif isinstance(edit, Wrap):
            texts.append(edit.template)
        elif isinstance(edit, EditArg):
            texts.append(f"{edit.keyword or ''}={edit.value or ''}")
        elif isinstance(edit, AddArg):
            texts.append(f"{edit.keyword}={edit.value}")
        elif isinstance(edit, SplitImport):
            texts.extend(edit.statements)
        elif isinstance(edit, AddImport):
            texts.append(edit.statement)
        elif isinstance(edit, AddArg):
            texts.append(f"{edit.keyword}={edit.value}")
        else:
            assert isinstance(edit, DropArg)
    return texts


def protected_refusals(planner: Planner, refused: Sequence[Tuple[CallSite, Refusal]],
                       line_of: Callable[[CallSite], int]) -> List[Protected]:
    """The refused calls that a Keras 2 name in the file would turn into migrations."""
    if planner.keras2_marker() is not None:
        return []  # the file shows Keras 2 already: nothing written can change what it shows
    found = []
    for site, refusal in refused:
        if isinstance(planner.decide_on_keras2(site), CallPlan):
            found.append(Protected(site, line_of(site), refusal.notes[0].code if refusal.notes else "FM100"))
    return found


def hold_back(planner: Planner, refused: Sequence[Tuple[CallSite, Refusal]], plans: Sequence[CallPlan],
              fixes: Sequence[Break], line_of: Callable[[CallSite], int]) -> HeldBack:
    """Which plans and fixes this run must not apply (see the module's docstring)."""
    held = HeldBack(protected_refusals(planner, refused, line_of))
    if not held.protected:
        return held
    for plan in plans:
        name = written_keras2(plan_writes(plan))
        if name is not None:
            held.plans[id(plan)] = name
    for found in fixes:
        name = written_keras2(fix_writes(found))
        if name is not None:
            held.fixes[id(found)] = name
    return held
