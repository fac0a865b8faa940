"""`# fitmigrate: ignore` comments: all codes, listed codes, strings that only look like pragmas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pytest

from fitmigrate.check import Finding
from fitmigrate.diagnostics import Diagnostic
from fitmigrate.suppress import filter_suppressed, parse_suppressions


def kept(source: str, *codes_at: tuple) -> list:
    diagnostics = [Diagnostic(code, "t.py", line, 1, "m") for line, code in codes_at]
    return [(d.line, d.code) for d in filter_suppressed(diagnostics, source.splitlines())]


CALL = "model.fit_generator(gen(), steps_per_epoch=2){comment}\n"


@pytest.mark.parametrize("comment", [
    pytest.param("  # fitmigrate: ignore", id="blanket"),
    pytest.param("  #fitmigrate:ignore", id="no spaces"),
    pytest.param("  # fitmigrate: ignore because the loader is replaced next sprint", id="with a reason"),
    pytest.param("  # noqa: E501  # fitmigrate: ignore", id="after another pragma"),
    pytest.param("  # FitMigrate: Ignore", id="any case"),
])
def test_blanket_comment_silences_every_code_on_its_line(comment):
    source = "x = 1\n" + CALL.format(comment=comment)
    assert kept(source, (2, "FM100"), (2, "FM102"), (1, "FM301")) == [(1, "FM301")]


@pytest.mark.parametrize("comment, left", [
    pytest.param("  # fitmigrate: ignore[FM102]", [(1, "FM100")], id="one code"),
    pytest.param("  # fitmigrate: ignore[FM100,FM102]", [], id="two codes"),
    pytest.param("  # fitmigrate: ignore[ fm100 , fm102 ]", [], id="spaces and lower case"),
    pytest.param("  # fitmigrate: ignore[FM1]", [], id="a prefix"),
    pytest.param("  # fitmigrate: ignore[FM3]", [(1, "FM100"), (1, "FM102")], id="another prefix"),
    pytest.param("  # fitmigrate: ignore[]", [(1, "FM100"), (1, "FM102")], id="empty list silences nothing"),
    pytest.param("  # fitmigrate: ignore[E501]", [(1, "FM100"), (1, "FM102")], id="foreign code silences nothing"),
    pytest.param("  # fitmigrate: ignored", [(1, "FM100"), (1, "FM102")], id="not the pragma word"),
])
def test_listed_codes(comment, left):
    assert kept(CALL.format(comment=comment), (1, "FM100"), (1, "FM102")) == left


@pytest.mark.parametrize("source", [
    pytest.param('model.fit_generator(gen(), "# fitmigrate: ignore")\n', id="in a string literal"),
    pytest.param("model.fit_generator(gen(), '''\n# fitmigrate: ignore\n''')\n", id="in a triple-quoted string"),
    pytest.param('model.fit_generator(gen(), f"{x} # fitmigrate: ignore")\n', id="in an f-string"),
])
def test_text_inside_strings_is_not_a_comment(source):
    lines = source.count("\n")
    found = [(line, "FM100") for line in range(1, lines + 1)]
    assert kept(source, *found) == found


def test_multiline_call_is_silenced_from_its_first_line():
    source = ("model.fit_generator(  # fitmigrate: ignore[FM202]\n"
              "    gen(),\n"
              "    workers=4,\n"
              ")\n")
    assert kept(source, (1, "FM202"), (1, "FM100")) == [(1, "FM100")]


def test_a_comment_on_another_line_of_the_call_does_not_count():
    source = "model.fit_generator(\n    gen(), workers=4,  # fitmigrate: ignore\n)\n"
    assert kept(source, (1, "FM202")) == [(1, "FM202")]


def test_source_that_does_not_tokenize_still_yields_its_pragmas():
    source = ("!pip install tensorflow\n"
              "%matplotlib inline\n"
              "if x:\n"
              "        a = 1\n"
              "    b = 2\n"  # a dedent that matches nothing: the tokenizer gives up here
              "model.fit_generator(gen())  # fitmigrate: ignore\n")
    assert kept(source, (6, "FM100"), (5, "FM100")) == [(5, "FM100")]


def test_unterminated_string_hides_nothing_before_it():
    source = 'model.fit_generator(gen())  # fitmigrate: ignore\ns = """never closed\n# fitmigrate: ignore\n'
    assert parse_suppressions(source) == {1: None}


def test_lines_with_endings_and_text_are_accepted():
    source = "a = 1\r\nmodel.fit_generator(g)  # fitmigrate: ignore[FM100]\r\n"
    assert parse_suppressions(source.splitlines(keepends=True)) == {2: frozenset({"FM100"})}
    assert parse_suppressions(source) == {2: frozenset({"FM100"})}


def test_findings_are_filtered_and_kept_whole():
    source = ["model.fit_generator(gen())  # fitmigrate: ignore[FM102]"]
    findings = [Finding(Diagnostic("FM100", "t.py", 1, 1, "m"), True), Finding(Diagnostic("FM102", "t.py", 1, 1, "m"), False)]
    assert filter_suppressed(findings, source) == [findings[0]]


@dataclass(frozen=True)
class CellDiagnostic:
    code: str
    path: str
    line: int
    col: int
    message: str
    cell: Optional[int] = None


def test_notebook_cells_are_looked_up_by_cell():
    cells = {1: ["%matplotlib inline", "model.fit_generator(g)  # fitmigrate: ignore"],
             2: ["x = 1", "model.fit_generator(g)"]}
    diagnostics = [CellDiagnostic("FM100", "n.ipynb", 2, 1, "m", cell=1), CellDiagnostic("FM100", "n.ipynb", 2, 1, "m", cell=2)]
    assert filter_suppressed(diagnostics, cells) == [diagnostics[1]]


def test_only_the_lines_asked_for_are_read():
    source = "a = 1  # fitmigrate: ignore\nb = 2  # fitmigrate: ignore[FM1]\nc = 3  # fitmigrate: ignore\n"
    assert parse_suppressions(source, wanted=[2]) == {2: frozenset({"FM1"})}
