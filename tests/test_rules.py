"""Each rule's VALID examples do not raise its code; its INVALID examples do. The catalog is whole."""

from __future__ import annotations

import pytest

from fitmigrate.check import check_bytes
from fitmigrate.migrate import migrate_bytes
from fitmigrate.rules import all_rules, explain, rule_for

RULES = all_rules()


def _encode(source):
    if isinstance(source, bytes):
        return source
    return source.encode("latin-1" if "coding: latin-1" in source.splitlines()[0] else "utf-8")


def _examples(kind):
    for rule in RULES:
        for index, source in enumerate(getattr(rule, kind)):
            yield pytest.param(rule, source, id=f"{rule.CODE}-{kind.lower()}-{index}")


def reported(source) -> set:
    """Codes `migrate` or `check` reports for a source."""
    data = _encode(source)
    codes = {d.code for d in migrate_bytes(data, "example.py").diagnostics}
    return codes | {f.diagnostic.code for f in check_bytes(data, "example.py").findings}


@pytest.mark.parametrize("rule,source", list(_examples("VALID")))
def test_valid_example_is_not_reported(rule, source):
    assert rule.CODE not in reported(source)


@pytest.mark.parametrize("rule,source", list(_examples("INVALID")))
def test_invalid_example_is_reported(rule, source):
    assert rule.CODE in reported(source)


def test_every_rule_is_complete():
    for rule in RULES:
        assert rule.CODE.startswith("FM") and len(rule.CODE) == 5
        assert rule.SEVERITY in ("error", "warning", "info")
        assert rule.FIX_SAFETY in ("safe", "unsafe", "none")
        assert rule.__doc__ and rule.SUMMARY and rule.FIX
        # The safety nets (tested in test_fixed_point), the size limit, sampling (tested in test_infer_sample),
        # a file renamed in a project (tested in test_keras3_breaks, which makes one):
        if rule.CODE not in ("FM003", "FM004", "FM005", "FM207"):
            assert rule.VALID, f"{rule.CODE} needs examples"
        if rule.CODE not in ("FM003", "FM004", "FM005", "FM207", "FM423"):
            assert rule.VALID and rule.INVALID, f"{rule.CODE} needs examples"


def test_explain_shows_sections():
    text = explain(rule_for("FM103"))
    for section in ("What it does / why", "Example (reported)", "Fix", "Fix safety"):
        assert section in text


def test_every_code_the_analyzer_emits_is_in_the_catalog():
    import re
    from pathlib import Path

    import fitmigrate

    root = Path(fitmigrate.__file__).parent
    emitted = set()
    for path in root.rglob("*.py"):
        if "rules" in path.parts:
            continue
        emitted.update(re.findall(r'"(FM\d{3})"', path.read_text()))
    known = {rule.CODE for rule in RULES}
    assert emitted and emitted <= known, f"codes without a rule: {sorted(emitted - known)}"
