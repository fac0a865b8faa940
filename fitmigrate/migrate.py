"""One file through the pipeline: prefilter, parse, analyze, rewrite, re-parse to prove the result."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import sys
import threading
from pathlib import Path
from typing import List, Optional, Tuple, Union

import libcst as cst

from fitmigrate.project.python2 import python2_source
from fitmigrate.analysis import layout
from fitmigrate.analysis.arguments import LEGACY_METHODS
from fitmigrate.analysis.calls import Planner, find_calls, tensorflow_alias
from fitmigrate.analysis.evidence import hold_back
from fitmigrate.analysis.hazards import WATCHED, HazardFinder
from fitmigrate.analysis.evaluate import Interpreter
from fitmigrate.analysis.keras3_breaks import AddImport, find_breaks
from fitmigrate.analysis.plans import CallPlan, Refusal
from fitmigrate.analysis.positions import Positions
from fitmigrate.project import python2
from fitmigrate.project.index import ProjectIndex
from fitmigrate.project.sources import Source, Unreadable, WriteBackError, open_source
from fitmigrate.diagnostics import Diagnostic
from fitmigrate.files import may_hold_candidate, may_hold_keras3_break
from fitmigrate.near_miss import code_tree, worth_migrating
from fitmigrate.outcomes import FileOutcome
from fitmigrate.rewrite.imports import add_module_import
from fitmigrate.rewrite.keras3_names import Keras3Transformer, add_imports
from fitmigrate.rewrite.fixed_point import Pass, settle
from fitmigrate.rewrite.transformer import MigrationTransformer
from fitmigrate.suppress import is_suppressed, parse_suppressions


def splice(original: bytes, roundtrip: bytes, new: bytes) -> Optional[bytes]:
    """``new`` with the original bytes back on every line the rewrite did not touch.

    ``roundtrip`` is LibCST's re-print of the unmodified tree: where it differs from ``original`` is
    LibCST's doing, where ``new`` differs from it is ours. None when the two overlap.
    """
    original_lines = original.splitlines(keepends=True)
    roundtrip_lines = roundtrip.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    if len(original_lines) != len(roundtrip_lines):
        return None
    differs = {i for i, (a, b) in enumerate(zip(original_lines, roundtrip_lines)) if a != b}
    out: List[bytes] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, roundtrip_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(original_lines[i1:i2])
        elif differs.intersection(range(i1, i2)):
            return None
        else:
            out.extend(new_lines[j1:j2])
    return b"".join(out)


def top_level_index(module: cst.Module, site) -> int:
    """Index in ``module.body`` of the top-level statement that holds a call site."""
    top = site.scopes[0] if site.scopes else site.statement
    for index, stmt in enumerate(module.body):
        if stmt is top:
            return index
    return len(module.body)


def parse(data: bytes, label: str) -> Tuple[Optional[cst.Module], Optional[Diagnostic]]:
    """The file's tree, or the diagnostic that says why there is none (FM002 syntax, FM001 decoding)."""
    try:
        return cst.parse_module(data), None
    except cst.ParserSyntaxError as exc:
        line, column, message = unparsable(exc, data)
        return None, Diagnostic("FM002", label, line, column, message)
    except (UnicodeDecodeError, LookupError, SyntaxError, ValueError) as exc:
        return None, Diagnostic("FM001", label, 1, 1, f"cannot decode this file ({exc})")


def unparsable(exc: cst.ParserSyntaxError, data: bytes) -> Tuple[int, int, str]:
    """Where parsing failed and what to tell the user: Python 2 only when the file is Python 2
    (``project.python2``), otherwise Python's own syntax error and its line, or LibCST's own gap."""
    found = python2.diagnose(data)
    if found is not None:
        return found.line, found.col, python2.message(found, "file")
    line, column = _syntax_error_position(exc)
    return line, column, ("this is valid Python that LibCST, the parser fitmigrate rewrites with, cannot read "
                          "(a LibCST limitation): migrate the calls in this file by hand")


def _syntax_error_position(exc: cst.ParserSyntaxError) -> Tuple[int, int]:
    """LibCST's message names the offending token's line and column; its ``raw_line`` can be one past it."""
    found = re.search(r"error at (\d+):(\d+)", exc.message)
    if found:
        return int(found.group(1)), int(found.group(2)) + 1
    return exc.editor_line, exc.editor_column


def migrate_bytes(data: bytes, path: Union[str, Path, None] = None, project: Optional[ProjectIndex] = None,
                  infer: str = "static", sample_timeout: float = 60.0, inline_datasets: bool = False) -> FileOutcome:
    """Migrate one file's bytes. ``infer="sample"`` lets calls whose signature is not proven have it
    read from one real batch, running the file's module in a child process (never by default).
    ``inline_datasets`` writes each dataset inside the call instead of as an assignment before it."""
    return on_deep_stack(_migrate_bytes, data, path, project, infer, sample_timeout, inline_datasets,
                         failed=lambda message: _internal_error(FileOutcome(str(path) if path is not None else "<source>", data), message))


def migrate_source(source: Source, project: Optional[ProjectIndex] = None, **options) -> FileOutcome:
    """``migrate_bytes`` for any source (``project.sources``): its code is migrated, the diagnostics are
    located in the file (a notebook's carry ``cell``) and the new code is written back into its form.
    Before anything is written, the file's new bytes must read back as the code that was proven a
    fixed point; otherwise nothing is written (FM005)."""
    outcome = FileOutcome(source.label, source.data)
    if not may_hold_candidate(source.data):
        from fitmigrate.check import check_source

        # Nothing to rewrite; the training hazards `check` finds on its fit calls are still shown.
        outcome.diagnostics = [f.diagnostic for f in check_source(source, project).findings
                               if f.diagnostic.code.startswith("FM3")]
        return outcome
    if isinstance(source, Unreadable):
        outcome.diagnostics, outcome.error = source.problems(), source.problem.message
        return outcome
    if not source.runnable:  # --infer sample runs the file's module: a notebook's cells are not one
        options = {k: v for k, v in options.items() if k not in ("infer", "sample_timeout")}
    with python2_source(getattr(source, "python2", "")):  # a Python 2 kernel: its `/` of ints floored
        inner = migrate_bytes(source.code(), source.path, project, **options)
    problems = source.problems()
    outcome.diagnostics = problems + [source.locate(d) for d in inner.diagnostics]
    outcome.migrated, outcome.refused, outcome.encoding = inner.migrated, inner.refused + len(problems), inner.encoding
    outcome.elsewhere = inner.elsewhere
    outcome.error = inner.error or ("a cell with a legacy call is not valid Python" if problems else None)
    if inner.new is None:
        return outcome
    try:
        new = source.written(inner.new)
    except WriteBackError as exc:
        outcome.migrated = 0
        return _internal_error(outcome, f"internal error: {exc}")
    if open_source(new, source.path).code() != inner.new:
        outcome.new, outcome.migrated = None, 0
        outcome.error = "not written: the file written back does not read as the code that was checked"
        outcome.diagnostics.append(Diagnostic("FM005", source.label, 1, 1, outcome.error + "; it is left as it "
                                                                            "was: please report it"))
        return outcome
    outcome.new = new if new != source.data else None
    return outcome


def _internal_error(outcome: FileOutcome, message: str) -> FileOutcome:
    outcome.new = None
    outcome.error = message
    outcome.diagnostics.append(Diagnostic("FM003", outcome.path, 1, 1, message + "; the file is left untouched"))
    return outcome


DEEP_STACK_BYTES = 512 * 1024 * 1024
DEEP_RECURSION_LIMIT = 200_000


def on_deep_stack(function, *args, failed):
    """``function(*args)``; if the code is nested deeper than Python's stack allows (LibCST's visitors
    recurse once per tree level: 500 chained ``and``s is valid Python), once more on a thread with a
    large stack and recursion limit, and ``failed(message)`` if even that is not enough."""
    try:
        return function(*args)
    except RecursionError:
        pass
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(function(*args))
        except RecursionError:
            outcome.append(failed("the code is nested too deeply to analyze"))
        except Exception as exc:  # pragma: no cover - a bug: cost one file
            outcome.append(failed(f"internal error ({type(exc).__name__}: {exc})"))

    with _DEEP_LOCK:
        old_limit, old_size = sys.getrecursionlimit(), threading.stack_size()
        sys.setrecursionlimit(DEEP_RECURSION_LIMIT)
        threading.stack_size(DEEP_STACK_BYTES)
        try:
            worker = threading.Thread(target=run, name="fitmigrate-deep")
            worker.start()
            worker.join()
        finally:
            threading.stack_size(old_size)
            sys.setrecursionlimit(old_limit)
    return outcome[0]


_DEEP_LOCK = threading.Lock()


def _parses_as_python(data: bytes) -> bool:
    """CPython's parser accepts the file (five times cheaper than a second LibCST parse of it)."""
    return code_tree(data) is not None


def _migrate_bytes(data: bytes, path, project, infer: str, sample_timeout: float, inline_datasets: bool) -> FileOutcome:
    first = _one_pass(data, path, project, infer, sample_timeout, inline_datasets)
    if not first.outcome.changed or first.outcome.error:
        return first.outcome
    return settle(first, lambda new: _one_pass(new, path, project, infer, sample_timeout, inline_datasets,
                                                remember=False))


def _one_pass(data: bytes, path, project, infer: str, sample_timeout: float, inline_datasets: bool,
              remember: bool = True) -> Pass:
    label = str(path) if path is not None else "<source>"
    outcome = FileOutcome(label, data)
    if not may_hold_candidate(data) or not worth_migrating(data):
        if remember:  # nothing to rewrite; what `check` finds on its fit calls is still shown
            outcome.diagnostics = hazards_only(data, path, project)
        return Pass(outcome)
    module, problem = parse(data, label)
    if module is None:
        assert problem is not None
        outcome.error = problem.message
        outcome.diagnostics.append(dataclasses.replace(problem, message=problem.message + "; it is left untouched"))
        return Pass(outcome)
    outcome.encoding = module.encoding
    try:
        sampler = None
        if infer == "sample" and path is not None:
            from fitmigrate.harness.sample import sample_signature

            sampler = functools.partial(_sample, Path(path), sample_timeout, sample_signature)
        return _migrate_module(module, data, label, path, project, outcome, sampler, inline_datasets, remember)
    except RecursionError:
        raise  # migrate_bytes retries on a deeper stack
    except Exception as exc:  # a bug in fitmigrate must cost one file, never the run or the file's bytes
        outcome.new = None
        outcome.error = f"internal error ({type(exc).__name__}: {exc})"
        outcome.diagnostics.append(Diagnostic("FM003", label, 1, 1, outcome.error + "; the file is left untouched; "
                                                                   "please report it"))
        return Pass(outcome)


def hazards_only(data: bytes, path, project: Optional[ProjectIndex]) -> List[Diagnostic]:
    """The training hazards (FM3xx) ``check`` finds in a file with nothing to migrate (already-migrated
    code, a ``fit`` on a generator), so that ``migrate`` shows what ``check`` shows."""
    from fitmigrate.check import check_bytes
    from fitmigrate.near_miss import may_hold_finding

    if not may_hold_finding(data):
        return []
    return [f.diagnostic for f in check_bytes(data, path, project).findings if f.diagnostic.code.startswith("FM3")]


def _hazards(planner: Planner, module: cst.Module, watched, breaks, positions: Positions, label: str) -> List[Diagnostic]:
    """What ``check`` reports as training hazards (FM3xx), but not where a Keras 3 break is the same
    finding (``nb_epoch=`` on ``fit``: fixed, or reported above as the break)."""
    breaking = {(found.code, id(found.node)) for found in breaks}
    notes = [note for note in HazardFinder(planner, module, watched).notes() if (note.code, id(note.node)) not in breaking]
    suppressed = parse_suppressions(planner.lines, {positions[note.node].start.line for note in notes})
    found = []
    for note in notes:
        start = positions[note.node].start
        if not is_suppressed(note.code, suppressed.get(start.line, frozenset())):
            found.append(Diagnostic(note.code, label, start.line, start.column + 1, note.message))
    return found


def _sample(path: Path, timeout: float, sample_signature, expression: str):
    return sample_signature(path, expression, timeout)


def _migrate_module(module: cst.Module, data: bytes, label: str, path, project: Optional[ProjectIndex],
                    outcome: FileOutcome, sampler=None, inline_datasets: bool = False, remember: bool = True) -> Pass:
    # The first pass also reports the training hazards `check` reports (FM3xx); later passes only prove
    # the result a fixed point.
    watched = find_calls(module, WATCHED if remember else frozenset(LEGACY_METHODS))
    sites = [site for site in watched if site.method in LEGACY_METHODS]
    source = data.decode(module.encoding, errors="replace")
    breaks = find_breaks(module, source, path) if may_hold_keras3_break(data) else []  # Keras 3 breaks (FM4xx)
    if not watched and not breaks:
        return Pass(outcome)

    project = project or ProjectIndex()
    positions = Positions(module)
    info = project.register(Path(path) if path is not None else None, module, remember=remember)
    info.interpreter = Interpreter()
    tf, needs_import = tensorflow_alias(module)
    planner = Planner(info, source, positions, tf, module.default_indent, sampler, inline=inline_datasets)
    planner.prepare([site for site in watched if site.method != "from_generator"])

    suppressed = parse_suppressions(source.splitlines(), {positions[site.call].start.line for site in sites} |
                                    {positions[found.node].start.line for found in breaks})
    decided = [(site, planner.decide(site)) for site in sites
               if not is_suppressed("FM100", suppressed.get(positions[site.call].start.line, frozenset()))]
    plans = [decision for _, decision in decided if isinstance(decision, CallPlan)]
    fixes = []
    for found in breaks:
        start = positions[found.node].start
        if is_suppressed(found.code, suppressed.get(start.line, frozenset())):
            continue
        if found.fixed:
            fixes.append(found)
        else:  # what is left to the user is reported, as refused calls are
            outcome.diagnostics.append(Diagnostic(found.code, label, start.line, start.column + 1, found.message))
    held = hold_back(planner, [(site, d) for site, d in decided if isinstance(d, Refusal)], plans, fixes,
                     lambda site: positions[site.call].start.line)
    for site, decision in decided:
        if id(decision) in held.plans:
            start = positions[site.call].start
            outcome.diagnostics.append(Diagnostic("FM108", label, start.line, start.column + 1,
                                                  held.plan_message(held.plans[id(decision)])))
            outcome.refused += 1
            continue
        for note in decision.notes:
            start = positions[note.node].start
            outcome.diagnostics.append(Diagnostic(note.code, label, start.line, start.column + 1, note.message))
        if not isinstance(decision, CallPlan):
            outcome.refused += 1
    for found in fixes:
        if id(found) in held.fixes:
            start = positions[found.node].start
            outcome.diagnostics.append(Diagnostic(found.code, label, start.line, start.column + 1,
                                                  held.fix_message(found.message, held.fixes[id(found)])))
    if remember:
        outcome.diagnostics += _hazards(planner, module, watched, breaks, positions, label)
    plans = [plan for plan in plans if id(plan) not in held.plans]
    fixes = [found for found in fixes if id(found) not in held.fixes]
    migrated = {id(plan.site.call) for plan in plans}
    done = Pass(outcome, [(positions[site.call].start.line, id(site.call) in migrated) for site in sites])
    if not plans and not fixes:
        return done

    layout.arrange(plans, module, positions, source.splitlines(), inline=inline_datasets)
    new_module = module.visit(Keras3Transformer(fixes, inner=MigrationTransformer(plans)).only_where(module))
    # Statements before the first top-level statement that needs the name are as many as before: only
    # statements that hold a call gain dataset assignments.
    uses_tf = [p for p in plans if not p.tf_local and any(edit.dataset is not None for edit in p.edits)]
    folder = Path(path).parent if path is not None else None
    inserted: List[int] = []  # where each import went, in the module as it then was

    def first_use(uses) -> int:
        index = min(top_level_index(module, p.site) for p in uses)
        for at in inserted:  # an import added at or above it moved it down by one
            index += at <= index
        return index

    if needs_import and uses_tf:
        new_module, at = add_module_import(new_module, "tensorflow", tf, first_use(uses_tf), folder)
        inserted.append(at)
    for name, uses in (("math", [p for p in plans if p.math_import]), ("random", [p for p in plans if p.random_import])):
        if uses:
            new_module, at = add_module_import(new_module, name, name, first_use(uses), folder)
            inserted.append(at)
    new_module = add_imports(new_module, [edit for found in fixes for edit in found.edits if isinstance(edit, AddImport)],
                             [f"import tensorflow as {tf}" if tf != "tensorflow" else "import tensorflow"]
                             if needs_import and uses_tf else [])
    new_bytes = new_module.bytes
    roundtrip = positions.code().encode(module.encoding)  # module.bytes, from the code the positions came from
    if roundtrip != data:
        # LibCST re-prints a few rare layouts differently (``except (A, B) :``): keep every byte of the
        # original outside the rewritten lines, or leave the file alone.
        spliced = splice(data, roundtrip, new_bytes)
        if spliced is None:
            outcome.error = "LibCST cannot reproduce this file byte for byte next to the calls to rewrite"
            outcome.diagnostics.append(Diagnostic("FM003", label, 1, 1, outcome.error + "; it is left untouched: "
                                                  "migrate these calls by hand, and please report the file"))
            return done
        new_bytes = spliced
    try:  # never write code that does not parse: Python's own parser first, LibCST's where it is stricter
        if not _parses_as_python(new_bytes):
            cst.parse_module(new_bytes)
    except Exception as exc:
        outcome.error = f"internal error: the migrated code does not parse ({exc}); the file is left untouched"
        outcome.diagnostics.append(Diagnostic("FM003", label, 1, 1, outcome.error + "; please report it"))
        return done
    outcome.new = new_bytes
    outcome.migrated = len(plans)
    outcome.elsewhere = list(dict.fromkeys(edit for plan in plans for edit in plan.elsewhere))
    return done
