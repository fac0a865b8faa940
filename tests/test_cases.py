"""Every case file: migrated exactly as written down (or left byte-identical), the result parses,
and a second run changes nothing."""

from __future__ import annotations

import libcst as cst
import pytest

from fitmigrate.migrate import migrate_bytes
from tests.casefiles import case_files, split

CASES = case_files()


@pytest.mark.parametrize("path", [p for p in CASES if split(p.read_bytes())[1] is not None], ids=lambda p: p.stem)
def test_migrates_as_expected(path):
    source, expected = split(path.read_bytes())
    outcome = migrate_bytes(source, path.name)
    assert outcome.error is None
    assert outcome.new == expected
    cst.parse_module(outcome.new)
    again = migrate_bytes(outcome.new, path.name)
    assert not again.changed, "a second run changed the migrated file"
    assert b"fit_generator(" not in outcome.new


@pytest.mark.parametrize("path", [p for p in CASES if split(p.read_bytes())[1] is None], ids=lambda p: p.stem)
def test_noop_leaves_file_identical(path):
    source = path.read_bytes()
    outcome = migrate_bytes(source, path.name)
    assert outcome.new is None
    assert not outcome.changed


def test_every_feature_case_has_a_noop_twin():
    """Each refusal diagnostic has a case that shows the file left alone."""
    noop_codes = set()
    for path in CASES:
        source, expected = split(path.read_bytes())
        if expected is None:
            noop_codes.update(d.code for d in migrate_bytes(source, path.name).diagnostics)
    assert {"FM101", "FM102", "FM103", "FM104", "FM105", "FM106"} <= noop_codes


def test_line_endings_are_kept():
    path = next(p for p in CASES if p.stem == "crlf_line_endings")
    source, _ = split(path.read_bytes())
    new = migrate_bytes(source, path.name).new
    assert new.count(b"\r\n") == new.count(b"\n"), "every line of a CRLF file still ends in CRLF"
