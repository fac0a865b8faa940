"""The README is the reference: what it tells a new reader to type works, and what it says of the tool is what
the tool does (issue 23). The pre-commit snippet is run for real in ``test_precommit.py``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fitmigrate.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(heading: str) -> str:
    start = README.index(f"\n## {heading}")
    end = README.find("\n## ", start + 1)
    return README[start: end if end != -1 else None]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation but hyphens and underscores dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def test_the_two_setup_commands_are_independent_and_ci_runs_the_test_command():
    blocks = re.findall(r"```sh\n(.*?)\n```", section("Set up and try it"), re.S)
    assert len(blocks) == 2
    venvs = [re.match(r"python3 -m venv (\S+) && ", block).group(1) for block in blocks]
    assert venvs[0] != venvs[1]  # running both does not install the second into the first's environment
    for venv, block in zip(venvs, blocks):
        assert all(part.startswith((f"{venv}/bin/", "python3 -m venv")) for part in block.split(" && "))
    assert blocks[1].endswith(f"{venvs[1]}/bin/python -m pytest -q") and "install -e '.[test]'" in blocks[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install --quiet -e '.[test]'" in ci and '"$venv/bin/python" -m pytest -q' in ci
    assert f"{venvs[1]}/" in (ROOT / ".gitignore").read_text().split()


def test_what_to_expect_is_one_screen_near_the_top():
    expect = section("What to expect")
    assert README.index("\n## What to expect") < README.index("\n## Set up and try it") < 5000
    body = expect.split("Jump to:")[0]
    assert len(body.strip().splitlines()) <= 30
    for topic in ("What is migrated", "What is refused, and why", "How to review", "How to verify"):
        assert f"**{topic}.**" in body


def test_every_jump_link_reaches_a_heading():
    anchors = {slug(heading) for heading in re.findall(r"^#{2,3} (.+)$", README, re.M)}
    links = re.findall(r"\]\(#([^)]+)\)", section("What to expect"))
    assert len(links) >= 15
    assert [link for link in links if link not in anchors] == []


def test_where_dry_runs_write_nothing_the_cache_is_named():
    """`--diff` and `--check` write no source file, but create `.fitmigrate_cache/`: every place that says
    they write nothing says where the cache goes and how not to have it."""
    usage = section("Usage")
    assert "Like every run, `--diff` and `--check` keep their result cache in `.fitmigrate_cache/` at the project " \
           "root" in " ".join(usage.split())
    assert "`--no-cache` neither reads nor creates it" in " ".join(usage.split())
    safety = " ".join(section("Safety").split())
    assert "`--check` and `--diff` write no source file (their result cache goes to `.fitmigrate_cache/`" in safety
    assert "write nothing" not in README and "never writes;" not in README


def test_the_notebook_position_convention_is_documented_once_for_every_output():
    notebooks = " ".join(section("Notebooks").split())
    assert "counting every cell from the top, from 1, markdown and raw cells included" in notebooks
    for output in ("JSON (`\"cell\": 7`", "SARIF", "GitHub annotations", "`verify` (`train.ipynb:cell 7:3 fit`"):
        assert output in notebooks


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.CODE)
def test_the_diagnostics_table_gives_each_rule_its_severity(rule):
    rows = {match.group(1): match.group(2) for match in
            re.finditer(r"^\| (FM\d{3}) \| [^|]+ \| (\w+) \|$", section("Diagnostics"), re.M)}
    assert rows.get(rule.CODE) == rule.SEVERITY
