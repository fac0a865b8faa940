"""The command line as a user and CI see it: exit codes, diff, check, summary, untouched files."""

from __future__ import annotations

import json
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


def run(*args, cwd=None, input=None):
    runner = CliRunner()
    if cwd is not None:
        old = os.getcwd()
        os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False, input=input)
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
    """The user's files (the result cache, .fitmigrate_cache/, is fitmigrate's own, as ruff's is)."""
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*")
            if p.is_file() and ".fitmigrate_cache" not in p.relative_to(root).parts}


def test_migrate_rewrites_in_place_and_skips_the_rest(tree):
    before = snapshot(tree)
    result = run("migrate", str(tree))
    assert result.exit_code == 0, result.output
    after = snapshot(tree)
    changed = {p for p in before if before[p] != after[p]}
    assert changed == {tree / "train.py"}
    assert b"tf.data.Dataset.from_generator(" in (tree / "train.py").read_bytes()
    assert "1 changed, 1 call migrated, 0 left with a diagnostic, 0 hazards, 0 errors" in result.output
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
    result = run("migrate", "--check", str(tree))
    assert result.exit_code == 1
    assert snapshot(tree) == before
    assert [line for line in result.stderr.splitlines() if line.startswith("would migrate")] == \
        [f"would migrate: {tree / 'train.py'}"]  # each file that would change, as black and ruff name them
    assert run("migrate", "--check", str(tree / "modern.py")).exit_code == 0


@pytest.mark.parametrize("flag", ["--check", "--diff"])
def test_dry_runs_say_would_migrate_never_migrated(tree, flag):
    summary = run("migrate", flag, str(tree)).stderr.splitlines()[-1]
    assert summary == ("fitmigrate: 3 files scanned, 1 would change, would migrate 1 call, 0 left with a diagnostic, "
                       "0 hazards, 0 errors")


POSITIONAL = LEGACY.replace("steps_per_epoch=2)", "100, epochs=5)")  # FM200 (info) says how 100 was read


def test_migrate_reads_standard_input_and_writes_the_result_to_standard_output(tmp_path):
    result = run("migrate", "-", input=LEGACY.encode())
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"import numpy as np\nimport tensorflow as tf\n")
    assert b"tf.data.Dataset.from_generator(" in result.stdout_bytes and b"fit_generator" not in result.stdout_bytes
    assert "fitmigrate: 1 file scanned, 1 changed, 1 call migrated" in result.stderr
    unchanged = run("migrate", "-", input=MODERN.encode())
    assert unchanged.exit_code == 0 and unchanged.stdout_bytes == MODERN.encode()
    broken = run("migrate", "-", input=b'print "x"\nmodel.fit_generator(g)\n')
    assert broken.exit_code == 3 and broken.stdout_bytes == b'print "x"\nmodel.fit_generator(g)\n'
    assert "-:1:" in broken.stderr and "FM002" in broken.stderr
    # --stdin-filename names it and finds its configuration; the file itself is not read
    (tmp_path / "pyproject.toml").write_text('[tool.fitmigrate]\nselect = ["ALL"]\n')
    named = run("migrate", "--check", "--stdin-filename", str(tmp_path / "src" / "train.py"), input=POSITIONAL)
    assert named.exit_code == 1 and named.stdout_bytes == b""
    assert f"{tmp_path / 'src' / 'train.py'}:9:32: FM200" in named.stderr
    assert f"would migrate: {tmp_path / 'src' / 'train.py'}" in named.stderr
    diff = run("migrate", "--diff", "-", input=LEGACY)
    assert diff.stdout.startswith("--- a/-\n+++ b/-\n") and "would migrate 1 call" in diff.stderr
    assert run("migrate", "-", "train.py", input=LEGACY).exit_code == 2


def test_check_reads_standard_input(tmp_path):
    result = run("check", "-", input=LEGACY)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "-:9:1: FM100 fit_generator() was removed in Keras 3: `fitmigrate migrate` rewrites this call to fit() on a "
        "tf.data pipeline [fixable: fitmigrate migrate]",
        "Found 1 finding: 1 x FM100 (in 1 file checked)"]
    named = run("check", "--stdin-filename", "nb/train.py", "--format", "json", input=MODERN)
    assert named.exit_code == 0 and '"diagnostics": []' in named.stdout


def test_migrate_and_check_show_the_same_codes(tmp_path):
    path = tmp_path / "train.py"
    path.write_text(POSITIONAL)
    hidden = run("migrate", "--diff", str(path)), run("check", "--no-cache", str(path))
    assert all("FM200" not in result.output for result in hidden)  # info notes: only when selected, in both
    shown = run("migrate", "--diff", "--select", "ALL", str(path)), run("check", "--select", "ALL", str(path))
    assert all(f"{path}:9:32: FM200" in result.output for result in shown)
    refused = tmp_path / "refused.py"
    refused.write_text("from elsewhere import load\nmodel.fit_generator(load(), steps_per_epoch=2)\n")
    for command in ("migrate", "check"):
        assert "FM102" in run(command, str(refused)).output
        assert "FM102" not in run(command, "--ignore", "FM102", str(refused)).output


SAMPLES = Path(__file__).resolve().parent.parent / "sample_projects"
HAZARDS = {  # the seed pitfalls: each sample project's hazard, as check reports it
    "integer_labels": "FM301", "misaligned_batch": "FM302", "short_generator": "FM303"}


@pytest.mark.parametrize("project", sorted(HAZARDS))
def test_migrate_shows_the_hazards_check_finds_and_counts_them(tmp_path, project):
    """A seed pitfall is not migrate's to fix, but migrate must not be silent about it: the lines check prints
    for it are printed by migrate, and its summary counts them."""
    path = tmp_path / "train.py"
    path.write_bytes((SAMPLES / project / "train.py").read_bytes())
    checked = run("check", "--no-cache", "--select", "FM3", str(path))
    hazards = [line for line in checked.output.splitlines() if f": {HAZARDS[project]} " in line]
    assert hazards and len(hazards) == len(checked.output.splitlines()) - 1
    migrated = run("migrate", "--diff", str(path))
    assert [line for line in migrated.stderr.splitlines() if ": FM3" in line] == hazards
    assert migrated.stderr.splitlines()[-1].endswith(
        f", 0 left with a diagnostic, {len(hazards)} hazard{'s' * (len(hazards) != 1)}, 0 errors")
    assert run("migrate", "--diff", "--ignore", HAZARDS[project], str(path)).stderr.splitlines()[-1].endswith(
        ", 0 left with a diagnostic, 0 hazards, 0 errors")


def test_migrate_shows_hazards_in_a_file_with_nothing_to_migrate(tmp_path):
    """Already-migrated code (no legacy name) still gets the hazards check reports on its fit calls."""
    path = tmp_path / "train.py"
    path.write_text((SAMPLES / "short_generator" / "train.py").read_text().replace("fit_generator(", "fit("))
    checked = [line for line in run("check", "--no-cache", str(path)).output.splitlines() if ": FM303 " in line]
    assert len(checked) == 1
    migrated = run("migrate", "-j", "1", str(path))
    assert migrated.exit_code == 0
    assert [line for line in migrated.stderr.splitlines() if ": FM3" in line] == checked
    assert migrated.stderr.splitlines()[-1] == ("fitmigrate: 1 file scanned, 0 changed, 0 calls migrated, "
                                                "0 left with a diagnostic, 1 hazard, 0 errors")


def test_statistics_on_check_and_migrate(tmp_path):
    """One line per code (count, severity, name), then the summary: what is left to do by hand, and why."""
    for project in ("integer_labels", "misaligned_batch"):
        (tmp_path / f"{project}.py").write_bytes((SAMPLES / project / "train.py").read_bytes())
    (tmp_path / "refused.py").write_text("from elsewhere import load\nmodel.fit_generator(load(), steps_per_epoch=2)\n")
    checked = run("check", "--no-cache", "--statistics", str(tmp_path))
    assert checked.exit_code == 1
    assert checked.output.splitlines() == [
        "5  FM100  error    legacy-generator-call  [4 fixable: fitmigrate migrate]",
        "3  FM301  error    label-encoding-mismatch",
        "1  FM102  error    generator-not-resolved",
        "1  FM302  error    batch-misaligned",
        "Found 10 findings: 5 x FM100, 1 x FM102, 3 x FM301, 1 x FM302 (in 3 files checked)",
    ]
    as_json = json.loads(run("check", "--no-cache", "--statistics", "--format", "json", str(tmp_path)).output)
    assert [(row["code"], row["count"], row["fixable"]) for row in as_json] == [
        ("FM100", 5, 4), ("FM301", 3, 0), ("FM102", 1, 0), ("FM302", 1, 0)]
    refused = run("check", "--statistics", "--format", "sarif", str(tmp_path))
    assert refused.exit_code == 2 and "--statistics counts findings as text or json, not sarif" in refused.output
    migrated = run("migrate", "--diff", "--statistics", str(tmp_path))
    assert migrated.exit_code == 0
    assert migrated.stderr.splitlines() == [
        "3  FM301  error    label-encoding-mismatch",
        "1  FM102  error    generator-not-resolved",
        "1  FM302  error    batch-misaligned",
        "fitmigrate: 3 files scanned, 2 would change, would migrate 4 calls, 1 left with a diagnostic, 4 hazards, "
        "0 errors",
    ]


def test_verify_options_may_follow_the_script_and_only_what_follows_dashes_reaches_it(tmp_path, monkeypatch):
    from fitmigrate.harness import report, runner

    seen = {}

    class Verification:
        notes, exit_code = [], 0

    def fake_verify(target, arguments, **options):
        seen.update(options, target=target, arguments=arguments)
        return Verification()

    monkeypatch.setattr(runner, "verify", fake_verify)
    monkeypatch.setattr(report, "render_json", lambda verification: '{"calls": []}')
    script = tmp_path / "train.py"
    script.write_text("pass\n")
    result = run("verify", str(script), "--json", "--timeout", "5", "--", "--json", "--epochs", "2")
    assert result.exit_code == 0 and result.stdout == '{"calls": []}\n'
    assert (seen["target"], seen["arguments"], seen["timeout"]) == (str(script), ["--json", "--epochs", "2"], 5.0)
    for stray in (["--epochs", "2"], ["data/"]):  # meant for the script, but not after --
        refused = run("verify", str(script), *stray)
        assert refused.exit_code == 2 and "go after `--`" in refused.output, refused.output
    assert run("verify", "--json", "-m", "pkg.train", "--", "a").exit_code == 0
    assert (seen["target"], seen["arguments"], seen["module"]) == ("pkg.train", ["a"], True)


def test_the_harness_never_imports_the_command_line():
    code = "import sys, fitmigrate.harness.cli; assert 'fitmigrate.cli' not in sys.modules, 'import circle'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_unparsable_file_is_named_kept_and_others_still_migrate(tree):
    broken = tree / "py2.py"
    broken.write_text('print "hello"\nmodel.fit_generator(batches(), steps_per_epoch=2)\n')
    before = broken.read_bytes()
    result = run("migrate", str(tree))
    assert result.exit_code == 3
    assert (f"{broken}:1:1: FM002 this file is Python 2 code (a `print` statement at line 1), which fitmigrate "
            "does not read: port it to Python 3 first; it is left untouched") in result.output.splitlines()
    assert broken.read_bytes() == before
    assert b"model.fit(" in (tree / "train.py").read_bytes()
    assert "1 error" in result.output


CALL = "model.fit_generator(batches(), steps_per_epoch=2)\n"


@pytest.mark.parametrize("source,expected", [
    pytest.param('print "hello"\n' + CALL, "1:1: FM002 this file is Python 2 code (a `print` statement at line 1)",
                 id="print statement"),
    pytest.param("try:\n    import cPickle\nexcept ImportError, e:\n    raise ValueError, 'no'\n" + CALL,
                 "3:19: FM002 this file is Python 2 code (`except X, e:` at line 3)", id="except X, e"),
    pytest.param("x = `1`\n" + CALL, "1:5: FM002 this file is Python 2 code (a backquote repr (`x`) at line 1)",
                 id="backquotes"),
    pytest.param("if 1 <> 2:\n    pass\n" + CALL, "1:6: FM002 this file is Python 2 code (the `<>` operator at line 1)",
                 id="<>"),
    pytest.param("import os\nos.chmod('f', 0777)\n" + CALL,
                 "2:15: FM002 this file is Python 2 code (an octal literal without 0o (0777) at line 2)", id="0777"),
    pytest.param("x = (1,\ny = 2\n" + CALL, "1:5: FM002 this file is not valid Python: '(' was never closed (line 1)",
                 id="a plain syntax error"),
    pytest.param("def f(:\n    pass\n" + CALL, "1:7: FM002 this file is not valid Python: invalid syntax (line 1)",
                 id="another"),
    pytest.param('x = f"{1}"\nprint "hello"\n' + CALL,
                 "2:1: FM002 this file is not valid Python: Missing parentheses in call to 'print'. Did you mean "
                 "print(...)? (line 2)", id="an f-string: not Python 2 whatever else it holds"),
    pytest.param('from __future__ import print_function\nprint "hello"\n' + CALL,
                 "2:1: FM002 this file is not valid Python: Missing parentheses in call to 'print'. Did you mean "
                 "print(...)? (line 2)", id="print_function: not a Python 2 print statement"),
    pytest.param('print "hello"\nx = = 1\n' + CALL, "2:5: FM002 this file is not valid Python: invalid syntax (line 2)",
                 id="Python 2 and a syntax error: the error is named"),
])
def test_python_2_is_said_only_of_python_2(tmp_path, source, expected):
    path = tmp_path / "t.py"
    path.write_text(source)
    for command in ("check", "migrate"):
        result = run(command, "--no-cache", str(path)) if command == "check" else run(command, "--diff", str(path))
        assert any(line.startswith(f"{path}:{expected}") for line in result.output.splitlines()), result.output


def test_missing_path_is_a_usage_error(tmp_path):
    result = run("migrate", str(tmp_path / "nope.py"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


@pytest.mark.parametrize("command", ["migrate", "check"])
def test_no_path_means_the_current_folder(tree, command):
    result = run(command, "--diff" if command == "migrate" else "--no-cache", cwd=tree)
    assert "train.py" in result.output
    assert ("3 files scanned" if command == "migrate" else "in 3 files checked") in result.output
    assert b"fit_generator" in (tree / "train.py").read_bytes()  # --diff wrote nothing


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
