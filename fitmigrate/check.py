"""``fitmigrate check``: what ``migrate`` would do and what is hazardous, for one file; never writes."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Optional, Tuple, Union

import libcst as cst

from fitmigrate.project.python2 import python2_source
from fitmigrate.analysis.arguments import LEGACY_METHODS
from fitmigrate.analysis.calls import Planner, find_calls, tensorflow_alias
from fitmigrate.analysis.evidence import hold_back
from fitmigrate.analysis.evaluate import Interpreter
from fitmigrate.analysis.hazards import WATCHED, HazardFinder
from fitmigrate.analysis.keras3_breaks import find_breaks
from fitmigrate.analysis.plans import CallPlan, Refusal
from fitmigrate.analysis.positions import Positions
from fitmigrate.project.index import ProjectIndex
from fitmigrate.project.sources import Source, Unreadable
from fitmigrate.diagnostics import Diagnostic
from fitmigrate.files import may_hold_keras3_break
from fitmigrate.migrate import on_deep_stack, parse
from fitmigrate.near_miss import may_hold_finding, worth_checking
from fitmigrate.outcomes import CheckOutcome, Finding
from fitmigrate.suppress import filter_suppressed, is_suppressed, parse_suppressions

__all__ = ["CheckOutcome", "Finding", "check_bytes", "may_hold_finding"]


def check_bytes(data: bytes, path: Union[str, Path, None] = None, project: Optional[ProjectIndex] = None) -> CheckOutcome:
    label = str(path) if path is not None else "<source>"
    outcome = CheckOutcome(label)
    if not may_hold_finding(data) or not worth_checking(data):
        return outcome
    module, problem = parse(data, label)
    if module is None:
        assert problem is not None
        outcome.error = problem.message
        outcome.findings.append(Finding(problem, False))
        return outcome
    try:
        def run() -> None:
            outcome.findings.clear()  # a retry on a deeper stack starts again
            _check_module(module, data, label, path, project or ProjectIndex(), outcome)

        on_deep_stack(run, failed=lambda message: outcome.findings.append(
            Finding(Diagnostic("FM003", label, 1, 1, message), False)))
    except Exception as exc:  # a bug in fitmigrate costs one file's findings, never the run
        outcome.error = f"internal error ({type(exc).__name__}: {exc})"
        outcome.findings.append(Finding(Diagnostic("FM003", label, 1, 1, outcome.error + "; please report it"), False))
    outcome.findings.sort(key=lambda f: (f.diagnostic.line, f.diagnostic.col, f.diagnostic.code))
    if outcome.findings:
        outcome.findings = filter_suppressed(outcome.findings, checked_lines(data))
    return outcome


def check_source(source: Source, project: Optional[ProjectIndex] = None) -> CheckOutcome:
    """``check_bytes`` for any source (``project.sources``): findings located in the file (a notebook's
    carry ``cell``)."""
    outcome = CheckOutcome(source.label)
    if not may_hold_finding(source.data):
        return outcome
    if isinstance(source, Unreadable):
        outcome.findings, outcome.error = [Finding(source.problem, False)], source.problem.message
        return outcome
    with python2_source(getattr(source, "python2", "")):  # a Python 2 kernel: its `/` of ints floored
        inner = check_bytes(source.code(), source.path, project)
    problems = source.problems()
    outcome.error = inner.error or ("a cell with a legacy call is not valid Python" if problems else None)
    outcome.findings = [Finding(d, False) for d in problems]
    outcome.findings += [dataclasses.replace(f, diagnostic=source.locate(f.diagnostic)) for f in inner.findings]
    return outcome


def _check_module(module: cst.Module, data: bytes, label: str, path, project: ProjectIndex, outcome: CheckOutcome) -> None:
    positions = Positions(module)
    info = project.register(Path(path) if path is not None else None, module)
    info.interpreter = Interpreter()
    tf, _ = tensorflow_alias(module)
    planner = Planner(info, data.decode(module.encoding, errors="replace"), positions, tf, module.default_indent)

    def add(code: str, node: cst.CSTNode, message: str, fixable: bool) -> None:
        start = positions[node].start
        outcome.findings.append(Finding(Diagnostic(code, label, start.line, start.column + 1, message), fixable))

    watched = find_calls(module, WATCHED)  # one walk for the legacy calls and what the hazard rules read
    legacy = [site for site in watched if site.method in LEGACY_METHODS]
    planner.prepare([site for site in watched if site.method != "from_generator"])  # one run of each scope
    decided = [(site, planner.decide(site)) for site in legacy]
    breaks = find_breaks(module, planner.source, path) if may_hold_keras3_break(data) else []
    # What migrate holds back (analysis.evidence) is not fixable here either; migrate skips suppressed
    # calls and fixes before deciding, so they weigh nothing here too.
    suppressed = parse_suppressions(planner.lines, {positions[site.call].start.line for site in legacy} |
                                    {positions[found.node].start.line for found in breaks})

    def live(code: str, node: cst.CSTNode) -> bool:
        return not is_suppressed(code, suppressed.get(positions[node].start.line, frozenset()))

    held = hold_back(planner, [(site, d) for site, d in decided if isinstance(d, Refusal) and live("FM100", site.call)],
                     [d for site, d in decided if isinstance(d, CallPlan) and live("FM100", site.call)],
                     [found for found in breaks if found.fixed and live(found.code, found.node)],
                     lambda site: positions[site.call].start.line)
    for site, decision in decided:
        method = site.call.func.attr.value  # type: ignore[attr-defined]
        if isinstance(decision, CallPlan) and id(decision) not in held.plans:
            fed = " on a tf.data pipeline" if any(edit.dataset is not None for edit in decision.edits) else \
                ", which takes its Sequence or flow as it is"
            add("FM100", site.call, f"{method}() was removed in Keras 3: `fitmigrate migrate` rewrites this call to "
                                    f"{decision.new_method}(){fed}", True)
        elif id(decision) in held.plans:
            add("FM100", site.call, f"{method}() was removed in Keras 3, and `fitmigrate migrate` holds this call back "
                                    "for now: see FM108 beside this one", False)
        elif not any(note.code == "FM101" for note in decision.notes):
            add("FM100", site.call, f"{method}() was removed in Keras 3, and this call cannot be migrated "
                                    "automatically: see the diagnostic beside this one", False)
        if id(decision) in held.plans:
            add("FM108", site.call, held.plan_message(held.plans[id(decision)]), False)
            continue
        for note in decision.notes:
            add(note.code, note.node, note.message, isinstance(decision, CallPlan))
    fixed = {(found.code, id(found.node)): found for found in breaks if found.fixed}
    hazards = HazardFinder(planner, module, watched).notes()
    for note in hazards:  # FM306 nb_epoch= on fit: a hazard that migrate's FM306 fix renames
        found = fixed.get((note.code, id(note.node)))
        if found is not None and id(found) in held.fixes:
            add(note.code, note.node, held.fix_message(note.message, held.fixes[id(found)]), False)
        else:
            add(note.code, note.node, note.message, found is not None)
    judged = {(note.code, id(note.node)) for note in hazards}
    for found in breaks:
        if (found.code, id(found.node)) not in judged:
            if id(found) in held.fixes:
                add(found.code, found.node, held.fix_message(found.message, held.fixes[id(found)]), False)
            else:
                add(found.code, found.node, found.message, found.fixed)


def checked_lines(data: bytes) -> Tuple[str, ...]:
    """The file's lines, for suppression comments."""
    return tuple(data.decode("utf-8", errors="replace").splitlines())
