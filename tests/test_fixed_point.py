"""Run twice, change once: a second ``migrate`` changes nothing, and never migrates what the first refused.

Every example of the repository (case files, whole and as their sources; golden files; sample projects;
Keras 3 scripts; equivalence and verify cases; notebooks) goes through the real command twice. The
refusals whose evidence the first run's own fixes would erase (the Keras 1 notebook pattern of FM107,
the FM104 script of the issue) are migrated twice and must stay refused, with the same diagnostics.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fitmigrate.migrate import _one_pass, migrate_bytes
from fitmigrate.rewrite.fixed_point import MAX_PASSES, Pass, settle
from tests.casefiles import case_files, split

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["sample_projects", "tests/cases", "tests/golden", "tests/keras3_scripts", "tests/equivalence_cases",
            "tests/verify_cases"]

# A positional count nothing in the file settles (FM104), beside a Keras 1 layer argument whose fix writes
# ``kernel_initializer``: a Keras 2 name the next run would read as evidence that the count is steps.
AMBIGUOUS = """\
import numpy as np
from keras.models import Sequential
from keras.layers import Dense

def gen():
    while True:
        yield np.random.rand(25, 20), np.random.rand(25, 1)

model = Sequential([Dense(1, init='zero', input_dim=20)])
model.compile(optimizer='sgd', loss='mse')
model.fit_generator(gen(), 500, 3)
"""

# A Keras 1 course notebook: a flow made in the call, counted with another flow's sample count (FM107);
# elsewhere ``nb_epoch=`` (whose fix writes ``epochs=``) and ``lr=``.
KERAS1_CELLS = [
    "from keras.preprocessing.image import ImageDataGenerator\n"
    "from keras.models import Sequential\n"
    "from keras.layers import Dense, Flatten\n"
    "from keras.optimizers import Adam",
    "def get_batches(path, gen=ImageDataGenerator(), shuffle=True, batch_size=8, class_mode='categorical'):\n"
    "    return gen.flow_from_directory(path, target_size=(32, 32), class_mode=class_mode, shuffle=shuffle,\n"
    "                                   batch_size=batch_size)",
    "batches = get_batches('data/train')\nval_batches = get_batches('data/valid', shuffle=False)",
    "%matplotlib inline\n"
    "model = Sequential([Flatten(input_shape=(32, 32, 3)), Dense(2, activation='softmax')])\n"
    "model.compile(optimizer=Adam(lr=0.001), loss='categorical_crossentropy', metrics=['accuracy'])",
    "model.fit(x_train, y_train, nb_epoch=1)",
    # Another flow's sample count is counted in a dataset by a function written before the statement
    # (FM215), which an expression cannot hold: refused (FM107).
    "print(model.evaluate_generator(get_batches('data/valid', shuffle=False), val_batches.n))",
]


def notebook(cells) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                                  "source": text.splitlines(keepends=True)} for text in cells],
                       "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 2},
                      indent=1) + "\n"


def migrate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fitmigrate", "migrate", "--no-cache", "-j", "1", *args],
                          capture_output=True, text=True, timeout=600)


SUMMARY = re.compile(r"(\d+) files? scanned, (\d+) changed, (\d+) calls? migrated, (\d+) left with a diagnostic")


def summary(result: subprocess.CompletedProcess):
    found = SUMMARY.search(result.stderr)
    assert found, result.stderr
    return tuple(int(n) for n in found.groups())


def diagnostics(result: subprocess.CompletedProcess, root: Path):
    """(file, code) of every diagnostic printed, positions left out (a first run moves lines)."""
    return sorted({(line.split(":", 1)[0].replace(str(root), ""), code)
                   for line in result.stderr.splitlines()
                   for code in re.findall(r":\d+:\d+: (FM\d{3}) ", line)})


def snapshot(root: Path):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_every_example_of_the_repository_is_a_fixed_point(tmp_path):
    for name in EXAMPLES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    first = migrate(str(tmp_path))
    assert first.returncode == 0, first.stderr
    scanned, changed, migrated, left = summary(first)
    assert changed and migrated and left  # the examples hold migrations and refusals
    after_first = snapshot(tmp_path)
    second = migrate(str(tmp_path))
    assert second.returncode == 0, second.stderr
    assert summary(second) == (scanned, 0, 0, left)
    assert snapshot(tmp_path) == after_first
    refusals = [d for d in diagnostics(first, tmp_path) if d[1] < "FM200"]
    assert refusals and refusals == [d for d in diagnostics(second, tmp_path) if d[1] < "FM200"]


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_case_file_migrated_whole_is_a_fixed_point(path):
    """The whole case file, its expected output included: names bound twice, old and new spellings side by side."""
    outcome = migrate_bytes(path.read_bytes(), path.name)
    assert outcome.error is None
    if outcome.changed:
        assert not migrate_bytes(outcome.new, path.name).changed


def test_ambiguous_count_stays_refused_when_migrated_twice(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(AMBIGUOUS)
    for _ in range(2):
        result = migrate(str(script))
        assert result.returncode == 0, result.stderr
        assert script.read_text() == AMBIGUOUS  # the init= fix is held back with the refusal
        assert "FM104 the positional count `500`" in result.stderr
        assert re.search(r"train\.py:9:\d+: FM415 .*holds this fix back.*`kernel_initializer`.*line 11, refused \(FM104\)",
                         result.stderr), result.stderr
        assert summary(result) == (1, 0, 0, 1)
    settled = AMBIGUOUS.replace("gen(), 500, 3", "gen(), steps_per_epoch=500, epochs=3")
    script.write_text(settled)
    result = migrate(str(script))  # once the count says what it is, the held-back fix is made too
    assert "kernel_initializer='zero'" in script.read_text() and "model.fit(gen_dataset, steps_per_epoch=500" in \
        script.read_text(), result.stderr


def test_keras1_notebook_pass_length_refusal_survives_a_second_run(tmp_path):
    path = tmp_path / "course.ipynb"
    path.write_text(notebook(KERAS1_CELLS))
    first = migrate(str(path))
    assert first.returncode == 0, first.stderr
    cells = ["".join(cell["source"]) for cell in json.loads(path.read_text())["cells"]]
    assert cells[5] == KERAS1_CELLS[5]  # still the legacy call, still refused
    assert cells[4] == KERAS1_CELLS[4]  # nb_epoch= held back: epochs= would say "Keras 2" to the next run
    assert "learning_rate=0.001" in cells[3] and "tensorflow.keras.preprocessing.image" in cells[0]
    assert re.search(r"course\.ipynb:cell \d+:\d+:\d+: FM107 ", first.stderr), first.stderr
    after_first = path.read_bytes()
    second = migrate(str(path))
    assert path.read_bytes() == after_first
    assert summary(second) == (1, 0, 0, 1)
    assert diagnostics(first, tmp_path) == diagnostics(second, tmp_path)


def test_settle_leaves_the_file_when_a_second_pass_would_migrate_a_refused_call():
    """The safety net itself (FM005): a second pass that migrates what the first refused writes nothing."""
    first = _one_pass(AMBIGUOUS.replace("init='zero'", "kernel_initializer='zero'").replace("500, 3", "500, epochs=3")
                      .encode(), "t.py", None, "static", 1.0, False)
    assert first.outcome.changed and first.outcome.migrated == 1
    refusing = _one_pass(AMBIGUOUS.encode(), "t.py", None, "static", 1.0, False)
    assert refusing.calls and not any(migrated for _, migrated in refusing.calls)
    outcome = settle(refusing_but_changed(refusing), lambda new: first)
    assert outcome.new is None and not outcome.changed
    assert [d.code for d in outcome.diagnostics][-1] == "FM005"
    assert "a second run would migrate 1 call that this run refuses (line 11)" in outcome.diagnostics[-1].message


def refusing_but_changed(done: Pass) -> Pass:
    """A first pass that refused its call and changed the file around it."""
    done.outcome.new = done.outcome.original + b"# changed\n"
    return done


def test_settle_completes_a_plan_that_a_fix_unlocked_and_gives_up_when_it_never_settles():
    source = b"from keras.optimizers import SGD\nopt = SGD(lr=0.1)\n"
    once = _one_pass(source, "t.py", None, "static", 1.0, False)
    assert once.outcome.changed
    extra = _one_pass(once.outcome.new.replace(b"learning_rate", b"lr"), "t.py", None, "static", 1.0, False)
    passes = iter([extra, _one_pass(once.outcome.new, "t.py", None, "static", 1.0, False)])
    settled = settle(_one_pass(source, "t.py", None, "static", 1.0, False), lambda new: next(passes))
    assert settled.new == once.outcome.new  # the plan completed by the second pass, the third changes nothing

    never = settle(_one_pass(source, "t.py", None, "static", 1.0, False), lambda new: extra)
    assert never.new is None and never.diagnostics[-1].code == "FM005"
    assert f"still not a fixed point after {MAX_PASSES} passes" in never.diagnostics[-1].message
