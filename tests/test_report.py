"""Every output format: text (colour only when asked, counts by code), JSON, SARIF (schema-valid), GitHub."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import click
import jsonschema
import pytest

from fitmigrate import __version__
from fitmigrate.check import Finding
from fitmigrate.diagnostics import Diagnostic
from fitmigrate.report import FORMATS, render, summary
from fitmigrate.rules import all_rules

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())


@dataclass(frozen=True)
class CellDiagnostic:
    """A Diagnostic with the notebook cell another module adds; the report reads it with getattr."""

    code: str
    path: str
    line: int
    col: int
    message: str
    cell: Optional[int] = None


DIAGNOSTICS = [
    Diagnostic("FM103", "src/train.py", 12, 5, "cannot prove the dtype of x"),
    Diagnostic("FM202", "src/train.py", 20, 1, "workers=4 removed"),
    Diagnostic("FM103", "src/other.py", 3, 9, "cannot prove the dtype of y"),
    Diagnostic("FM200", "src/other.py", 7, 1, "read 50 as steps: epochs= is a Keras 2 keyword"),
]


def validate_sarif(text: str) -> dict:
    document = json.loads(text)
    validator = jsonschema.validators.validator_for(SCHEMA)
    validator.check_schema(SCHEMA)
    validator(SCHEMA, format_checker=validator.FORMAT_CHECKER).validate(document)
    return document


# -- text -------------------------------------------------------------------------------------------


def test_text_lines_and_counts_by_code():
    out = render(DIAGNOSTICS, "text", color=False)
    assert out.splitlines() == [
        "src/train.py:12:5: FM103 cannot prove the dtype of x",
        "src/train.py:20:1: FM202 workers=4 removed",
        "src/other.py:3:9: FM103 cannot prove the dtype of y",
        "src/other.py:7:1: FM200 read 50 as steps: epochs= is a Keras 2 keyword",
        "Found 4 findings: 2 x FM103, 1 x FM200, 1 x FM202",
    ]
    assert "\x1b[" not in out


def test_text_with_nothing_found():
    assert render([], "text", color=True) == "All clear: no findings."
    assert summary([DIAGNOSTICS[0]]) == "Found 1 finding: 1 x FM103"


def test_summary_names_the_files_it_covers():
    """One run's verdict is about its files only (pre-commit may split a commit's files over several runs)."""
    assert render([], "text", files=4) == "All clear: no findings in 4 files checked."
    assert summary([DIAGNOSTICS[0]], files=1) == "Found 1 finding: 1 x FM103 (in 1 file checked)"


def test_text_colours_only_when_asked():
    out = render(DIAGNOSTICS, "text", color=True)
    first, second, _, fourth, last = out.splitlines()
    assert first.startswith(click.style("src/train.py:12:5", bold=True) + ": ")
    assert click.style("FM103", fg="red", bold=True) in first
    assert click.style("FM202", fg="yellow", bold=True) in second
    assert click.style("FM200", fg="cyan", bold=True) in fourth
    assert click.unstyle(out) == render(DIAGNOSTICS, "text", color=False)
    assert last == "Found 4 findings: 2 x FM103, 1 x FM200, 1 x FM202"


def test_text_marks_errors_migrate_resolves_per_finding():
    findings = [Finding(Diagnostic("FM100", "t.py", 2, 1, "fit_generator() was removed"), True),
                Finding(Diagnostic("FM100", "t.py", 5, 1, "cannot be migrated"), False)]
    lines = render(findings, "text", color=False).splitlines()
    assert lines[0].endswith("[fixable: fitmigrate migrate]")
    assert not lines[1].endswith("]")


def test_text_names_the_notebook_cell():
    out = render([CellDiagnostic("FM100", "nb.ipynb", 2, 1, "removed", cell=3)], "text", color=False)
    assert out.splitlines()[0] == "nb.ipynb:cell 3:2:1: FM100 removed"


# -- JSON -------------------------------------------------------------------------------------------


def test_json_document():
    document = json.loads(render(DIAGNOSTICS, "json", color=True))
    assert document["version"] == __version__
    assert document["summary"] == {"FM103": 2, "FM200": 1, "FM202": 1}
    first = document["diagnostics"][0]
    assert first == {
        "code": "FM103", "name": "signature-not-proven", "severity": "error", "path": "src/train.py",
        "line": 12, "column": 5, "message": "cannot prove the dtype of x", "fix": first["fix"],
        "fixable": False, "fix_safety": None,
    }
    assert first["fix"]
    workers = document["diagnostics"][1]
    assert (workers["severity"], workers["fixable"], workers["fix_safety"]) == ("warning", True, "unsafe")
    assert "cell" not in first


def test_json_fixable_comes_from_the_finding_when_given():
    refused = Finding(Diagnostic("FM100", "t.py", 5, 1, "cannot be migrated"), False)
    assert json.loads(render([refused], "json", color=False))["diagnostics"][0]["fixable"] is False
    bare = Diagnostic("FM100", "t.py", 5, 1, "removed")
    assert json.loads(render([bare], "json", color=False))["diagnostics"][0]["fixable"] is True


def test_a_refusal_has_no_fix_safety_in_json_and_sarif():
    """`fix_safety` is the safety of the fix migrate makes for this finding: null when it makes none (a refused
    call, a break left to the user), whatever the rule's own FIX_SAFETY. SARIF's `fixSafety` property agrees."""
    migrated = Finding(Diagnostic("FM100", "t.py", 2, 1, "fit_generator() was removed"), True)
    refused = Finding(Diagnostic("FM100", "t.py", 5, 1, "cannot be migrated"), False)
    entries = json.loads(render([migrated, refused], "json"))["diagnostics"]
    assert [(e["fixable"], e["fix_safety"]) for e in entries] == [(True, "safe"), (False, None)]
    results = validate_sarif(render([migrated, refused], "sarif"))["runs"][0]["results"]
    assert [r["properties"] for r in results] == [{"fixable": True, "fixSafety": "safe"},
                                                  {"fixable": False, "fixSafety": None}]
    fm100 = next(rule for rule in json.loads(render([], "sarif"))["runs"][0]["tool"]["driver"]["rules"]
                 if rule["id"] == "FM100")
    assert fm100["properties"]["fixSafety"] == "safe"  # the rule's: what migrate does where it can


def test_a_refused_call_from_check_has_no_fix_safety(tmp_path):
    from fitmigrate.check import check_bytes

    source = b"from elsewhere import load\nmodel.fit_generator(load(), steps_per_epoch=2)\n"
    entries = json.loads(render(check_bytes(source, "t.py").findings, "json"))["diagnostics"]
    assert {(e["code"], e["fixable"], e["fix_safety"]) for e in entries} == {("FM100", False, None),
                                                                           ("FM102", False, None)}


def test_json_cell_and_empty():
    document = json.loads(render([CellDiagnostic("FM100", "nb.ipynb", 2, 1, "m", cell=4)], "json", color=False))
    assert document["diagnostics"][0]["cell"] == 4
    assert json.loads(render([], "json", color=False)) == {"version": __version__, "diagnostics": [], "summary": {}}


# -- SARIF ------------------------------------------------------------------------------------------


def test_sarif_is_valid_and_complete(tmp_path):
    document = validate_sarif(render(DIAGNOSTICS, "sarif", color=False, root="."))
    assert document["version"] == "2.1.0" and document["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "fitmigrate" and driver["version"] == __version__
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == [rule.CODE for rule in all_rules()]
    for rule in rules:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    first, second, _, note = run["results"]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "FM103"
    assert (first["level"], second["level"], note["level"]) == ("error", "warning", "note")
    assert first["message"]["text"] == "cannot prove the dtype of x"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "src/train.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 12, "startColumn": 5}


def test_sarif_rule_help_is_in_one_markup():
    """Rule docstrings are reST (double backquotes); SARIF shows them as the rest, in Markdown's single ones."""
    rules = json.loads(render([], "sarif"))["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        for text in (rule["shortDescription"]["text"], rule["fullDescription"]["text"], rule["help"]["text"],
                     rule["help"]["markdown"]):
            assert "``" not in text.replace("```", ""), (rule["id"], text)
    fm100 = next(rule for rule in rules if rule["id"] == "FM100")
    assert "`fit_generator`, `evaluate_generator`" in fm100["help"]["text"]


def test_sarif_with_zero_results_is_valid():
    document = validate_sarif(render([], "sarif", color=False))
    assert document["runs"][0]["results"] == []
    assert document["runs"][0]["tool"]["driver"]["rules"]


def test_sarif_fingerprints_are_stable_and_distinct():
    twice = [Diagnostic("FM303", "t.py", 4, 1, "too short"), Diagnostic("FM303", "t.py", 9, 1, "too short")]
    first = json.loads(render(twice, "sarif", color=False))["runs"][0]["results"]
    again = json.loads(render(twice, "sarif", color=False))["runs"][0]["results"]
    prints = [r["partialFingerprints"]["fitmigrate/v1"] for r in first]
    assert prints == [r["partialFingerprints"]["fitmigrate/v1"] for r in again]
    assert len(set(prints)) == 2  # the same message twice is two alerts
    moved = [Diagnostic("FM303", "t.py", 40, 1, "too short")]
    assert json.loads(render(moved, "sarif", color=False))["runs"][0]["results"][0]["partialFingerprints"] == \
        first[0]["partialFingerprints"]  # a line number change keeps the alert


def test_sarif_paths_are_relative_posix_uris_under_the_root(tmp_path):
    inside = tmp_path / "my project" / "train.py"
    outside = tmp_path.parent / "elsewhere.py"
    document = validate_sarif(render([Diagnostic("FM100", str(inside), 1, 1, "m"), Diagnostic("FM100", str(outside), 1, 1, "m")],
                                     "sarif", color=False, root=tmp_path))
    first, second = (r["locations"][0]["physicalLocation"]["artifactLocation"] for r in document["runs"][0]["results"])
    assert first == {"uri": "my%20project/train.py", "uriBaseId": "%SRCROOT%"}
    assert second["uri"].startswith("file:///") and "uriBaseId" not in second


def test_sarif_puts_the_cell_in_the_message():
    document = validate_sarif(render([CellDiagnostic("FM100", "nb.ipynb", 2, 3, "removed", cell=5)], "sarif", color=False))
    (result,) = document["runs"][0]["results"]
    assert result["message"]["text"] == "cell 5: removed"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 3}


# -- one position convention ---------------------------------------------------------------------------


def test_every_format_names_a_notebook_cell_the_same_way():
    """`cell N`, N counting every cell from 1 (markdown too), spelled by `diagnostics.where` / `cell_label`."""
    from fitmigrate.diagnostics import cell_filename, split_cell_filename, where

    item = CellDiagnostic("FM100", "nb.ipynb", 2, 3, "removed", cell=5)
    assert render([item], "text").splitlines()[0] == "nb.ipynb:cell 5:2:3: FM100 removed"
    assert Diagnostic("FM100", "nb.ipynb", 2, 3, "removed", cell=5).format() == "nb.ipynb:cell 5:2:3: FM100 removed"
    assert json.loads(render([item], "json"))["diagnostics"][0]["cell"] == 5
    (result,) = json.loads(render([item], "sarif"))["runs"][0]["results"]
    assert result["message"]["text"] == "cell 5: removed" and result["properties"]["cell"] == 5
    assert render([item], "github").endswith("::cell 5, line 2, column 3: removed")
    assert where("nb.ipynb", 8, cell=5) == "nb.ipynb:cell 5:8"  # verify's call sites: no column
    assert split_cell_filename(cell_filename("dir/nb.ipynb", 5)) == ("dir/nb.ipynb", 5)
    assert split_cell_filename("train.py") == ("train.py", None)


# -- statistics -----------------------------------------------------------------------------------------


def test_statistics_one_line_per_code_most_frequent_first():
    from fitmigrate.report import statistics

    findings = [Finding(Diagnostic("FM100", "t.py", 2, 1, "removed"), True),
                Finding(Diagnostic("FM100", "t.py", 5, 1, "cannot be migrated"), False),
                Finding(Diagnostic("FM103", "t.py", 5, 9, "not proven"), False),
                Finding(Diagnostic("FM100", "u.py", 5, 1, "removed"), True),
                Finding(Diagnostic("FM202", "u.py", 7, 1, "workers removed"), True)]
    assert statistics(findings).splitlines() == [
        "3  FM100  error    legacy-generator-call  [2 fixable: fitmigrate migrate]",
        "1  FM103  error    signature-not-proven",
        "1  FM202  warning  worker-arguments-removed  [1 fixable: fitmigrate migrate]",
    ]
    assert json.loads(statistics(findings, "json"))[0] == {"code": "FM100", "name": "legacy-generator-call",
                                                           "severity": "error", "count": 3, "fixable": 2}
    assert statistics([]) == "" and json.loads(statistics([], "json")) == []
    many = [Diagnostic("FM303", "t.py", i, 1, "short") for i in range(12)] + [Diagnostic("FM302", "t.py", 1, 1, "m")]
    assert statistics(many).splitlines() == ["12  FM303  error    generator-too-short",
                                             " 1  FM302  error    batch-misaligned"]


# -- GitHub -----------------------------------------------------------------------------------------


def test_github_annotations(tmp_path):
    out = render(DIAGNOSTICS, "github", color=True)
    assert out.splitlines() == [
        "::error file=src/train.py,line=12,col=5,title=FM103 (signature-not-proven)::cannot prove the dtype of x",
        "::warning file=src/train.py,line=20,col=1,title=FM202 (worker-arguments-removed)::workers=4 removed",
        "::error file=src/other.py,line=3,col=9,title=FM103 (signature-not-proven)::cannot prove the dtype of y",
        "::notice file=src/other.py,line=7,col=1,title=FM200 (count-interpreted)::"
        "read 50 as steps: epochs= is a Keras 2 keyword",
    ]


def test_github_escaping():
    odd = Diagnostic("FM103", "dir,with:odd/100%.py", 1, 2, "50% done\r\nnext: a, b")
    assert render([odd], "github", color=False) == (
        "::error file=dir%2Cwith%3Aodd/100%25.py,line=1,col=2,title=FM103 (signature-not-proven)"
        "::50%25 done%0D%0Anext: a, b")


def test_github_notebook_names_the_cell_in_the_message():
    out = render([CellDiagnostic("FM100", "nb.ipynb", 2, 1, "removed", cell=3)], "github", color=False)
    assert out == "::error file=nb.ipynb,title=FM100 (legacy-generator-call)::cell 3, line 2, column 1: removed"


def test_github_with_nothing_found_prints_nothing():
    assert render([], "github", color=False) == ""


def test_unknown_format_and_unknown_code():
    with pytest.raises(ValueError, match="sarif"):
        render(DIAGNOSTICS, "xml", color=False)
    foreign = Diagnostic("FM999", "t.py", 1, 1, "from a newer fitmigrate")
    for fmt in FORMATS:
        assert "FM999" in render([foreign], fmt, color=False)
    validate_sarif(render([foreign], "sarif", color=False))
