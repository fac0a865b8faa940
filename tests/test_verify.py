"""``fitmigrate verify`` end to end: the real CLI in a real process, real TensorFlow in the child.

Each child imports TensorFlow (seconds), so one script holds many call sites: `hazards.py` has one call per
failure mode, each marked `# expect: CHECK`, and `correct.py` many calls that must pass.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.tensorflow

CASES = Path(__file__).parent / "verify_cases"
SAMPLE_PROJECTS = Path(__file__).parent.parent / "sample_projects"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def document(self) -> dict:
        return json.loads(self.stdout)  # the whole of stdout is one JSON document, or this raises

    def calls_at(self) -> dict:
        return {call["line"]: call for call in self.document["calls"]}


def verify(*arguments: str, cwd: Path = CASES) -> Run:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "fitmigrate", "verify", *arguments], cwd=cwd,
                          capture_output=True, text=True, timeout=240)
    return Run(done.returncode, done.stdout, done.stderr, time.monotonic() - started)


def statuses(call: dict) -> dict:
    return {check["id"]: check["status"] for check in call["checks"]}


def message(call: dict, check_id: str) -> str:
    return next(check["message"] for check in call["checks"] if check["id"] == check_id)


def tree_state(root: Path) -> dict:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else None
            for p in sorted(root.rglob("*"))}


@pytest.fixture(scope="module")
def before_runs():
    return tree_state(CASES)


@pytest.fixture(scope="module")
def correct_run(before_runs):
    return verify("--json", "correct.py")


@pytest.fixture(scope="module")
def hazards_run(before_runs):
    return verify("hazards.py", "--json")  # verify's options may follow the script


@pytest.fixture(scope="module")
def notebook_run(before_runs):
    return verify("notebook.ipynb")


def test_correct_script_passes_every_check(correct_run):
    assert correct_run.code == 0, correct_run.stdout + correct_run.stderr
    document = correct_run.document
    assert document["error"] is None
    assert [call["method"] for call in document["calls"]] == ["fit", "fit", "evaluate", "predict", "fit"]
    source = (CASES / "correct.py").read_text().splitlines()
    for call in document["calls"]:
        assert call["file"] == "correct.py"
        assert f".{call['method']}(" in source[call["line"] - 1]
        assert [check["id"] for check in call["checks"]] == ["signature", "encoding", "alignment", "steps", "smoke"]
        assert set(statuses(call).values()) <= {"pass", "skip"}, call
    first = document["calls"][0]
    assert set(statuses(first).values()) == {"pass"}
    assert "validation data delivers the 6 batches needed" in message(first, "steps")
    assert "training data delivers the 24 batches needed (steps_per_epoch=8 x epochs=3)" in message(first, "steps")


def test_each_hazard_fails_its_own_check(hazards_run):
    assert hazards_run.code == 1, hazards_run.stderr
    assert hazards_run.document["error"] is None
    expected = {number: match.group(1) for number, line in enumerate((CASES / "hazards.py").read_text().splitlines(), 1)
                if (match := re.search(r"\)  # expect: (\w+)$", line))}
    calls = hazards_run.calls_at()
    assert set(calls) == set(expected)
    for line, check_id in expected.items():
        failed = {k for k, v in statuses(calls[line]).items() if v == "fail"}
        if check_id == "nothing":
            assert not failed, calls[line]
        else:
            assert check_id in failed, calls[line]
            assert failed - {check_id} <= {"smoke"}, calls[line]  # Keras itself may choke on the same data


@pytest.mark.parametrize("marker, check_id, phrases", [
    pytest.param("softmax.fit(integer_ids", "encoding",
                 ["labels are integer class ids of shape (32,) but categorical_crossentropy needs one-hot rows of "
                  "width 4: wrap them in keras.utils.to_categorical(y, 4), or compile with "
                  "sparse_categorical_crossentropy"], id="integer labels to categorical_crossentropy"),
    pytest.param("misaligned", "alignment", ["x has 32 rows but y has 64"], id="32 images with 64 labels"),
    pytest.param("five_batches", "steps",
                 ["ends after 5 batches but the call needs 100", ".repeat()", "steps_per_epoch=2"],
                 id="generator ends after 5 of 100 batches"),
    pytest.param("pixels_as_int", "signature", ["x: float values", "declared int32", "truncates"],
                 id="float pixels declared int32"),
    pytest.param("sigmoid.fit", "encoding",
                 ["labels take values in [0, 3] but binary_crossentropy needs values in [0, 1]"],
                 id="binary labels outside [0, 1]"),
    pytest.param("sparse.fit(dataset", "encoding", ["one-hot rows of width 4 but sparse_categorical_crossentropy",
                                                    "np.argmax(y, axis=-1)"], id="one-hot labels to a sparse loss"),
    pytest.param("softmax.fit(endless", "steps",
                 ["training data: steps_per_epoch=6.4 is a float, and Keras 3 raises TypeError on a float step count "
                  "(\"'float' object cannot be interpreted as an integer\") before the first batch: pass an integer, "
                  "such as math.ceil(...) of it (the steps legacy Keras ran for a float count: "
                  "`while steps_done < steps_per_epoch`)"], id="a float step count: the argument and its value"),
    pytest.param("softmax.fit(by_key", "encoding",
                 ["labels are a dict (key 'probabilities'), but the model has one output, 'dense', and Keras 3 matches "
                  "labels to outputs by structure: one output takes its labels as one array, not a dict (a dict only "
                  "for a model whose outputs are a dict); yield y['probabilities'] (an array) as the labels"],
                 id="dict labels for a single-output model: the key, the output, what Keras 3 expects"),
])
def test_hazard_messages_say_what_to_change(hazards_run, marker, check_id, phrases):
    lines = (CASES / "hazards.py").read_text().splitlines()
    line = next(number for number, text in enumerate(lines, 1) if marker in text and "# expect:" in text)
    text = message(hazards_run.calls_at()[line], check_id)
    for phrase in phrases:
        assert phrase in text, text


def test_smoke_step_reports_keras_error_at_the_call_site(hazards_run):
    lines = (CASES / "hazards.py").read_text().splitlines()
    line = next(number for number, text in enumerate(lines, 1) if "misaligned" in text and "# expect" in text)
    call = hazards_run.calls_at()[line]
    assert call["file"] == "hazards.py"
    assert "train step 1 on the sample batches raised ValueError" in message(call, "smoke")


def test_notebook_cells_run_in_order_and_magics_are_skipped_aloud(notebook_run):
    assert notebook_run.code == 0, notebook_run.stdout + notebook_run.stderr
    # One position convention (`diagnostics.where`): cell 4 counts the markdown cell above it, as check does.
    assert "notebook.ipynb:cell 4:3  fit" in notebook_run.stdout
    assert re.search(r"^  encoding\s+pass\s+one-hot rows of width 4", notebook_run.stdout, re.M)
    assert "1 call checked, every check passed" in notebook_run.stdout
    assert "skipped IPython line `%matplotlib inline`" in notebook_run.stderr
    assert "skipped IPython line `!pip install nothing`" in notebook_run.stderr
    assert "skipped the whole cell (IPython cell magic `%%bash`)" in notebook_run.stderr


def test_a_hanging_script_is_stopped_at_the_timeout():
    run = verify("--json", "--timeout", "3", "hangs.py")
    assert run.code == 2
    assert run.seconds < 15
    error = run.document["error"]
    assert error.startswith("timeout: the script was stopped after 3 s")
    assert "it was at hangs.py:8" in error


def test_a_crash_is_reported_with_its_traceback_and_the_script_gets_its_arguments():
    run = verify("raises.py", "--json", "--", "--data", "elsewhere")
    assert run.code == 2
    document = run.document
    assert document["calls"] == []
    error = document["error"]
    assert error.startswith("the script raised FileNotFoundError before any fit/evaluate/predict call")
    assert 'raises.py", line 7, in load' in error
    assert "FileNotFoundError: no data at 'data/train.npz' (argv ['--data', 'elsewhere'])" in error
    assert "fitmigrate/harness" not in error


def test_a_script_that_still_calls_fit_generator_says_to_migrate_first(tmp_path):
    legacy = tmp_path / "legacy.py"
    legacy.write_text("import numpy as np\nfrom tensorflow import keras\n\n\ndef gen():\n    while True:\n"
                      "        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n\n"
                      "model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])\n"
                      "model.compile('sgd', 'mse')\nmodel.fit_generator(gen(), steps_per_epoch=2)\n")
    run = verify("--json", "legacy.py", cwd=tmp_path)
    assert run.code == 2
    assert run.document["error"].startswith(
        "the script calls fit_generator(), which Keras 3 removed: it is legacy code that verify cannot run as it is. "
        "Run `fitmigrate migrate legacy.py` first, then `fitmigrate verify legacy.py` on the migrated code "
        "(AttributeError: 'Sequential' object has no attribute 'fit_generator')\nTraceback")


def test_an_import_error_says_so():
    run = verify("--json", "imports_missing.py")
    assert run.code == 2
    assert run.document["error"].startswith("import error before any fit/evaluate/predict call: ModuleNotFoundError: "
                                            "No module named 'fitmigrate_no_such_package'")


def test_a_script_that_never_calls_fit_says_so():
    run = verify("never_fits.py")
    assert run.code == 2
    assert "without calling fit, evaluate or predict" in run.stdout
    assert "0 calls checked" in run.stdout


def test_module_runs_as_python_dash_m():
    run = verify("--json", "-m", "casepkg.entry", "--", "a", "b")
    assert run.code == 2
    assert "the script exited with status 1 (__main__ from casepkg with ['a', 'b'])" in run.document["error"]


def test_harness_never_writes_to_the_users_files(before_runs, correct_run, hazards_run, notebook_run):
    for run in (correct_run, hazards_run, notebook_run):
        assert run.code in (0, 1)
    verify("raises.py")
    assert tree_state(CASES) == before_runs  # same files, same bytes, same mtimes; no __pycache__ either


def test_sample_signature_reads_one_real_batch_without_running_main():
    import fitmigrate.cli  # noqa: F401  (the CLI registers verify; import it first, as the command does)
    from fitmigrate.harness.sample import sample_signature

    path = CASES / "sampled_generator.py"
    check = subprocess.run([sys.executable, "-m", "fitmigrate", "check", "--select", "FM103", str(path)],
                           capture_output=True, text=True)
    assert "FM103" in check.stdout, "the case must be one the static analyzer cannot prove"
    result = sample_signature(path, "batches(features, labels, 8)")
    assert result.ok, result.error
    assert result.structure == (((None, 3), "float64"), ((None,), "int64"))
    assert result.notes == ["stopped the module at its first fit_generator call"]
    missing = sample_signature(path, "AFTER_FIT")  # defined after the fit call: never reached
    assert not missing.ok and "NameError" in missing.error


def test_sample_signature_has_a_time_limit():
    from fitmigrate.harness.sample import sample_signature

    started = time.monotonic()
    result = sample_signature(CASES / "hangs.py", "wait_for_data()", timeout=2)
    assert time.monotonic() - started < 10
    assert result.error.startswith("sampling `wait_for_data()` did not finish within 2 s")


def test_cli_import_never_imports_tensorflow_and_help_teaches():
    code = "import fitmigrate.cli, sys; assert 'tensorflow' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
    shown = subprocess.run([sys.executable, "-m", "fitmigrate", "verify", "--help"], capture_output=True, text=True)
    assert shown.returncode == 0
    for phrase in ("Examples:", "fitmigrate verify train.py -- --epochs 5", "Exit codes: 0", "--timeout",
                   "-m, --module"):
        assert phrase in shown.stdout
    migrate_help = subprocess.run([sys.executable, "-m", "fitmigrate", "migrate", "--help"], capture_output=True)
    assert migrate_help.returncode == 0


def test_missing_script_is_a_usage_error():
    run = verify("no_such_script.py")
    assert run.code == 2
    assert "no_such_script.py is not a file" in run.stderr
    assert os.path.exists(CASES / "correct.py")


@pytest.mark.parametrize("project, failing", [
    pytest.param("integer_labels", {"encoding"}, id="integer_labels fails encoding"),
    pytest.param("misaligned_batch", {"alignment"}, id="misaligned_batch fails alignment"),
    pytest.param("short_generator", {"steps"}, id="short_generator fails steps"),
    pytest.param("correct", set(), id="correct passes"),
])
def test_sample_project_after_migration(tmp_path, project, failing):
    """The acceptance run: migrate a copy of the legacy project, then verify the migrated script."""
    if not (SAMPLE_PROJECTS / project / "train.py").exists():
        pytest.skip(f"sample_projects/{project} is not there")
    copy = tmp_path / project
    shutil.copytree(SAMPLE_PROJECTS / project, copy)
    subprocess.run([sys.executable, "-m", "fitmigrate", "migrate", "-q", str(copy)], check=True, capture_output=True)
    assert "fit_generator" not in (copy / "train.py").read_text()
    run = verify("--json", "train.py", cwd=copy)
    document = run.document
    assert document["error"] is None and document["calls"], run.stderr
    failed = {c["id"] for call in document["calls"] for c in call["checks"] if c["status"] == "fail"}
    assert failed - {"smoke"} == failing, document
    assert run.code == (1 if failing else 0)
