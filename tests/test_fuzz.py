"""Fuzzing ``migrate_bytes`` and ``check_bytes``: whatever the program, no crash and no internal error.

An internal error does not crash a run (it becomes diagnostic FM003 and the file is left as it was),
so the tests assert that FM003 never appears. Programs come from hypothesmith (random programs from
CPython's grammar, and random LibCST trees), with a provable legacy call added, inside them or after
them, so the analyzer and the rewriter run, not only the prefilter; and from the case files in
``tests/cases``, mutated line by line. When a file is changed, the result must parse and a second
run must change nothing.

CI runs a short fuzz (FITMIGRATE_FUZZ_EXAMPLES, default 200: the plain grammar test runs that many
examples, the slower ones a half or a quarter of it; derandomized). A longer
maintainer run, with new examples each time:

    FITMIGRATE_FUZZ_EXAMPLES=20000 FITMIGRATE_FUZZ_RANDOM=1 python -m pytest tests/test_fuzz.py -p no:cacheprovider
"""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path
from typing import List

import hypothesmith
import libcst as cst
import pytest
from hypothesis.errors import InvalidArgument
from hypothesis import HealthCheck, assume, event, given, note, settings
from hypothesis import strategies as st

from fitmigrate.check import check_bytes
from fitmigrate.migrate import migrate_bytes
from tests.casefiles import case_files, split

pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning", "ignore::DeprecationWarning")

EXAMPLES = int(os.environ.get("FITMIGRATE_FUZZ_EXAMPLES", "200"))


def _fuzz(share: float = 1.0) -> settings:
    """``share`` of the example budget: the case-file tests cost ~0.3 s an example, the grammar ones ~0.05 s."""
    return settings(max_examples=max(1, int(EXAMPLES * share)), derandomize=not os.environ.get("FITMIGRATE_FUZZ_RANDOM"),
                    deadline=None, database=None, suppress_health_check=list(HealthCheck))

LEGACY = (
    "import numpy as _fm_np\n\n\n"
    "def _fm_batches(batch_size=4):\n"
    "    while True:\n"
    "        yield _fm_np.zeros((batch_size, 2), dtype='float32'), _fm_np.zeros((batch_size, 1), dtype='float32')\n\n\n"
    "_fm_model.fit_generator(_fm_batches(), {arguments})\n"
)
CASE_SOURCES: List[str] = [split(p.read_bytes())[0].decode("utf-8", errors="replace") for p in case_files()]


# A deliberate refusal that carries FM003: LibCST re-prints the file differently next to the call
# (tests/test_safety_encodings.py::test_layouts_libcst_reprints_differently_are_still_migrated).
LIBCST_REPRINT = "LibCST cannot reproduce this file byte for byte"


def _internal_errors(diagnostics) -> List[str]:
    return [d.message for d in diagnostics if d.code == "FM003" and LIBCST_REPRINT not in d.message]


def _exercise(data: bytes) -> None:
    """The properties every input must keep, whatever it is (also called outside hypothesis tests)."""
    outcome = migrate_bytes(data, "fuzz.py")
    _event(f"migrated {outcome.migrated}, refused {outcome.refused}, error {outcome.error is not None}")
    if outcome.error and LIBCST_REPRINT in outcome.error:
        _event("refused: LibCST re-prints it differently")
    assert not _internal_errors(outcome.diagnostics), outcome.error
    if outcome.changed:
        new = outcome.new
        _note(new.decode("utf-8", errors="replace"))
        cst.parse_module(new)
        again = migrate_bytes(new, "fuzz.py")
        assert not again.changed, "a second run changes the migrated file"
        assert not _internal_errors(again.diagnostics), again.error
    else:
        assert outcome.new is None or outcome.new == data
    found = check_bytes(data, "fuzz.py")
    assert not _internal_errors([f.diagnostic for f in found.findings]), found.error


def _event(text: str) -> None:
    try:
        event(text)
    except InvalidArgument:  # outside a hypothesis test: nothing to record
        pass


def _note(text: str) -> None:
    try:
        note(text)
    except InvalidArgument:
        pass


def _round_trips(data: bytes) -> bool:
    try:
        return cst.parse_module(data).bytes == data
    except Exception:
        return False


@_fuzz()
@given(program=hypothesmith.from_grammar())
def test_grammar_programs(program: str):
    """Random programs from the grammar, as they are (most never get past the prefilter)."""
    _exercise(program.encode("utf-8", errors="surrogatepass"))


@_fuzz(0.5)
@given(program=hypothesmith.from_grammar(), values=st.lists(hypothesmith.from_grammar("eval_input"), max_size=2),
       after=st.booleans())
def test_grammar_programs_with_a_legacy_call(program: str, values: List[str], after: bool):
    """A random program and a provable legacy call (before or after it), whose argument values are random
    expressions: the program's own bytes must come out intact when the call is migrated."""
    names = ["steps_per_epoch", "epochs", "callbacks"]
    # Parenthesized: a bare testlist (`1, 2`) or generator expression is not a keyword value.
    arguments = ", ".join(f"{name}=({value.strip() or '1'})" for name, value in zip(names, values + ["2", "1"]))
    legacy = LEGACY.format(arguments=arguments)
    try:
        encoded = program.encode("utf-8")
    except UnicodeEncodeError:
        assume(False)
    source = (encoded.rstrip(b"\\") + b"\n\n" + legacy.encode()) if after else (legacy.encode() + b"\n" + encoded)
    note(source.decode())
    _exercise(source)
    outcome = migrate_bytes(source, "fuzz.py")
    if outcome.changed and after and _round_trips(source) and b"fit_generator" not in encoded:
        body = encoded.rstrip(b"\\")
        assert outcome.new.startswith(body), "the random program's bytes changed"


class _RenameCalls(cst.CSTTransformer):
    """Every ``x.method(...)`` becomes ``x.fit_generator(...)``: random receivers and arguments."""

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if isinstance(updated_node.func, cst.Attribute):
            return updated_node.with_changes(func=updated_node.func.with_changes(attr=cst.Name("fit_generator")))
        return updated_node


@_fuzz(0.5)
@given(program=hypothesmith.from_node(), method=st.sampled_from(["fit_generator", "evaluate_generator",
                                                                  "predict_generator"]))
def test_libcst_programs_with_calls_renamed(program: str, method: str):
    """Random LibCST trees whose method calls are all made legacy calls, plus a provable one appended."""
    try:
        module = cst.parse_module(program)
    except Exception:
        assume(False)
    renamed = module.visit(_RenameCalls()).code.replace("fit_generator", method)
    source = renamed + "\n\n" + LEGACY.format(arguments="steps_per_epoch=2").replace("fit_generator", method)
    _exercise(source.encode("utf-8", errors="surrogatepass"))


@st.composite
def mutated_cases(draw) -> str:
    """A case file with a few line-level mutations: lines deleted, duplicated, swapped, indented, or
    replaced by a random statement or expression from the grammar."""
    lines = draw(st.sampled_from(CASE_SOURCES)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "statement", "value",
                                       "truncate", "comment"]))
        line = lines[at]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if action == "delete":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, line)
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "indent":
            lines[at] = "    " + line
        elif action == "dedent":
            lines[at] = line.lstrip(" \t")
        elif action == "statement":
            statement = draw(hypothesmith.from_grammar("single_input")).strip("\n")
            lines.insert(at, "".join(indent + part + "\n" for part in statement.splitlines()))
        elif action == "value":  # a random expression in place of an argument value
            if "=" in line:
                head, _, tail = line.partition("=")
                value = draw(hypothesmith.from_grammar("eval_input")).strip() or "0"
                end = tail.find(",") if "," in tail else len(tail.rstrip("\n)"))
                lines[at] = head + "=" + value + tail[end:]
        elif action == "truncate":
            lines[at] = line[: draw(st.integers(0, max(0, len(line) - 1)))] + "\n"
        else:
            lines[at] = line.rstrip("\n") + "  # " + draw(st.text(max_size=10)).replace("\n", " ") + "\n"
    return "".join(lines)


@_fuzz(0.25)
@given(source=mutated_cases())
def test_mutated_case_files(source: str):
    note(source)
    _exercise(source.encode("utf-8", errors="surrogatepass"))


# ---- found by fuzzing and by the standard library: deep trees -----------------------------------

DEEP = {
    "1000 terms added": "total = " + " + ".join("1" for _ in range(1000)) + "\n",
    "500 operands of and": "ready = " + " and ".join("flag" for _ in range(500)) + "\n",
    "500 attribute accesses": "value = config" + ".child" * 500 + "\n",
    "150 nested lists": "nested = " + "[" * 150 + "]" * 150 + "\n",
    "400 concatenated strings": "text = (\n" + "".join(f"    'line {i}\\n'\n" for i in range(400)) + ")\n",
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_but_valid_code_is_not_an_internal_error(name):
    source = (DEEP[name] + "\n" + LEGACY.format(arguments="steps_per_epoch=2")).encode()
    compile(source, "deep.py", "exec")
    _exercise(source)


def test_deep_code_still_costs_only_that_file():
    """Meanwhile: the file is left exactly as it was, and the error says so."""
    for name, text in DEEP.items():
        source = (text + "\n" + LEGACY.format(arguments="steps_per_epoch=2")).encode()
        outcome = migrate_bytes(source, "deep.py")
        if outcome.error:
            assert outcome.new is None and not outcome.changed, name
            assert any("left untouched" in d.message for d in outcome.diagnostics), name


def test_standard_library_module_with_a_huge_literal():
    path = Path(sysconfig.get_paths()["stdlib"]) / "pydoc_data" / "topics.py"
    if not path.exists():
        pytest.skip(f"{path} is not installed")
    _exercise(path.read_bytes() + b"\n\n" + LEGACY.format(arguments="steps_per_epoch=2").encode())
