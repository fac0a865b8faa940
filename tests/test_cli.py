"""The command line as a user and CI see it: exit codes, diff, check, summary, untouched files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from fitmigrate.cli import main

LEGACY = (
    "import numpy as np\n\n\ndef batches():\n    while True:\n"
    "        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n\n"
    "model.fit_generator(batches(), steps_per_epoch=2)\n"
)
MODERN = "model.fit(dataset, steps_per_epoch=2)\n"


def run(*args, cwd=None):
    runner = CliRunner()
    if cwd is not None:
        old = os.getcwd()
        os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        if cwd is not None:
            os.chdir(old)


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "train.py").write_text(LEGACY)
    (tmp_path / "modern.py").write_text(MODERN)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "other.py").write_text("x = 1\n")
    for skipped in (".git", "venv", "build", "site-packages"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "legacy.py").write_text(LEGACY)
    (tmp_path / "notes.txt").write_text(LEGACY)
    return tmp_path


def snapshot(root: Path):
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def test_migrate_rewrites_in_place_and_skips_the_rest(tree):
    before = snapshot(tree)
    result = run("migrate", str(tree))
    assert result.exit_code == 0, result.output
    after = snapshot(tree)
    changed = {p for p in before if before[p] != after[p]}
    assert changed == {tree / "train.py"}
    assert b"model.fit(tf.data.Dataset.from_generator(" in (tree / "train.py").read_bytes()
    assert "1 changed, 1 call migrated, 0 left with a diagnostic, 0 errors" in result.output
    assert "3 files scanned" in result.output  # train.py, modern.py, pkg/other.py; skipped folders not walked


def test_second_run_changes_nothing(tree):
    run("migrate", str(tree))
    before = snapshot(tree)
    result = run("migrate", str(tree))
    assert result.exit_code == 0
    assert snapshot(tree) == before
    assert "0 changed" in result.output


def test_diff_prints_and_writes_nothing(tree):
    before = snapshot(tree)
    result = run("migrate", "--diff", "train.py", cwd=tree)
    assert result.exit_code == 0
    assert snapshot(tree) == before
    assert "--- a/train.py" in result.output and "+++ b/train.py" in result.output
    assert "-model.fit_generator(batches(), steps_per_epoch=2)" in result.output
    assert "1 would change" in result.output


def test_check_exits_1_when_something_would_change(tree):
    before = snapshot(tree)
    assert run("migrate", "--check", str(tree)).exit_code == 1
    assert snapshot(tree) == before
    assert run("migrate", "--check", str(tree / "modern.py")).exit_code == 0


def test_unparsable_file_is_named_kept_and_others_still_migrate(tree):
    broken = tree / "py2.py"
    broken.write_text('print "hello"\nmodel.fit_generator(batches(), steps_per_epoch=2)\n')
    before = broken.read_bytes()
    result = run("migrate", str(tree))
    assert result.exit_code == 3
    assert f"{broken}:1:" in result.output and "FM002" in result.output
    assert broken.read_bytes() == before
    assert b"model.fit(" in (tree / "train.py").read_bytes()
    assert "1 error" in result.output


def test_missing_path_is_a_usage_error(tmp_path):
    result = run("migrate", str(tmp_path / "nope.py"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_no_path_is_a_usage_error():
    assert run("migrate").exit_code == 2


def test_refused_call_is_reported_with_position_and_left_alone(tmp_path):
    path = tmp_path / "t.py"
    source = "from elsewhere import load\nmodel.fit_generator(load(), steps_per_epoch=2)\n"
    path.write_text(source)
    result = run("migrate", str(path))
    assert result.exit_code == 0
    assert f"{path}:2:21: FM102" in result.output
    assert "1 left with a diagnostic" in result.output
    assert path.read_text() == source


def test_file_mode_is_kept(tree):
    path = tree / "train.py"
    path.chmod(0o754)
    run("migrate", str(path))
    assert (path.stat().st_mode & 0o777) == 0o754


def test_rules_lists_and_explains():
    listing = run("rules")
    assert listing.exit_code == 0
    assert "FM103" in listing.output and "signature-not-proven" in listing.output
    one = run("rules", "fm104")
    assert one.exit_code == 0 and "Fix safety" in one.output
    assert run("rules", "FM999").exit_code == 2


def test_rules_render_one_markup():
    from fitmigrate.rules import all_rules

    shown = run("rules", "FM100").output
    assert "`fit_generator`, `evaluate_generator`" in shown and "Run `fitmigrate migrate`" in shown
    for rule in all_rules():  # reST docstrings are shown with Markdown's single backquotes, as the rest
        assert "``" not in run("rules", rule.CODE).output, rule.CODE


def test_python_dash_m_and_help_teach():
    result = subprocess.run([sys.executable, "-m", "fitmigrate", "migrate", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Exit codes" in result.stdout and "--check" in result.stdout


def test_static_commands_never_import_tensorflow(tree):
    code = (
        "import sys\nfrom fitmigrate.cli import run\n"
        f"code = run(['migrate', '--diff', {str(tree)!r}])\n"
        "assert 'tensorflow' not in sys.modules, 'tensorflow was imported'\n"
        "assert 'keras' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
