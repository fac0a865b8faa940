"""Promise: ``migrate --infer sample`` runs the generator's module in the same sandbox as ``verify``. What the
module writes at import time or while its generator yields (relative and absolute paths, a folder, files that
already exist) never reaches the user's files, with or without ``--diff`` / ``--check``; the signature is
still read from the real batch, and stderr says what the module tried to write. Only ``migrate`` without
``--diff`` / ``--check`` writes, and only the migrated file itself.

The module imports numpy, not TensorFlow (its training call is under ``__main__``), so each run is quick.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import uuid
from pathlib import Path
from typing import Dict

import pytest

from fitmigrate.harness import isolation
from tests.test_verify_isolation import snapshot

pytestmark = pytest.mark.skipif(isolation.unavailable() is not None, reason=f"no sandbox: {isolation.unavailable()}")

MODULE = '''
    """Training code that writes when it is imported and while its generator yields."""
    import json
    import os

    import numpy as np

    HOME_DIR, TMP_DIR = {home!r}, {tmp!r}

    open("run_log.txt", "w").write("started\\n")
    with open("existing.txt", "a") as log:
        log.write("appended at import\\n")
    open(os.path.join(HOME_DIR, "existing.txt"), "w").write("overwritten at import")
    os.makedirs("outputs/plots", exist_ok=True)
    os.remove(os.path.join(TMP_DIR, "stale.txt"))

    RECORDS = json.loads("""[{{"features": [0.5, 1.5, 2.5], "label": 1}},
                             {{"features": [3.0, 4.0, 5.0], "label": 0}}]""")
    features = np.asarray([record["features"] for record in RECORDS])
    labels = np.asarray([record["label"] for record in RECORDS])


    def batches(x, y, batch_size):
        with open("batches.log", "a") as log:
            log.write("generator started\\n")
        open(os.path.join(HOME_DIR, "generator.txt"), "w").write("from the generator")
        np.save(os.path.join(TMP_DIR, "batch.npy"), x)
        while True:
            idx = np.random.randint(0, len(x), batch_size)
            yield x[idx], y[idx]


    if __name__ == "__main__":
        from tensorflow import keras

        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, activation="softmax")])
        model.compile("adam", "sparse_categorical_crossentropy")
        # class_weight: Keras 3 would not take the generator itself (FM216), so only sampling migrates it.
        model.fit_generator(batches(features, labels, 8), steps_per_epoch=3, epochs=1,
                            class_weight={{0: 1.0, 1: 1.0, 2: 1.0}})
'''
SAMPLED = ("tf.TensorSpec(shape=(None, 3), dtype=tf.float64)", "tf.TensorSpec(shape=(None,), dtype=tf.int64)")


class Project:
    def __init__(self, root: Path, home: Path, tmp: Path):
        self.root, self.home, self.tmp = root, home, tmp
        self.before = self.state()

    def state(self) -> Dict[str, dict]:
        return {"project": snapshot(self.root), "home": snapshot(self.home), "tmp": snapshot(self.tmp)}

    def changed(self) -> Dict[str, list]:
        after, changes = self.state(), {}
        for tree, was in self.before.items():
            now = after[tree]
            differing = sorted(set(now) ^ set(was) | {p for p in now if p in was and now[p] != was[p]})
            if differing:
                changes[tree] = differing
        return changes


@pytest.fixture
def project(tmp_path):
    marker = uuid.uuid4().hex[:12]
    root = tmp_path / "project"
    home = Path.home() / f".fitmigrate-sample-isolation-{marker}"  # a real folder under $HOME, removed after
    tmp = Path(tempfile.mkdtemp(prefix=f"fitmigrate-sample-isolation-{marker}-"))
    try:
        root.mkdir()
        home.mkdir()
        (root / "existing.txt").write_text("the user's notes\n")
        (home / "existing.txt").write_text("the user's file in $HOME")
        (tmp / "stale.txt").write_text("still needed")
        (root / "loader.py").write_text(textwrap.dedent(MODULE).lstrip("\n").format(home=str(home), tmp=str(tmp)))
        yield Project(root, home, tmp)
    finally:
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


def migrate(project: Project, *options: str, env: Dict[str, str] = None) -> subprocess.CompletedProcess:
    scratch = Path(tempfile.mkdtemp(prefix="fitmigrate-sample-isolation-tmpdir-"))
    try:
        done = subprocess.run([sys.executable, "-m", "fitmigrate", "migrate", "--no-cache", "-j", "1", "--infer",
                               "sample", *options, "loader.py"], cwd=project.root, capture_output=True, text=True,
                              timeout=300, env=dict(os.environ, TMPDIR=str(scratch), **(env or {})))
        assert not os.listdir(scratch), "sampling left its scratch folder behind"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return done


def _says_what_was_contained(stderr: str, project: Project) -> None:
    note = next(line for line in stderr.splitlines() if "--infer sample ran this module" in line)
    head = ("loader.py: note: --infer sample ran this module to read one batch; it tried to write 9 paths (kept in "
            "the sandbox and discarded; none of your files changed): ")
    assert note.startswith(head), note
    assert set(note[len(head):].split(", ")) == {
        "run_log.txt (created)", "existing.txt (modified)", "outputs (folder created)", "outputs/plots (folder created)",
        "batches.log (created)", f"{project.home / 'existing.txt'} (modified)",
        f"{project.home / 'generator.txt'} (created)", f"{project.tmp / 'stale.txt'} (deleted)",
        f"{project.tmp / 'batch.npy'} (created)"}


@pytest.mark.parametrize("option, sandbox", [
    pytest.param("--diff", {}, id="--diff"), pytest.param("--check", {}, id="--check"),
    pytest.param("--diff", {"FITMIGRATE_ISOLATION": "user"}, id="--diff, sandbox in a user namespace")])
def test_diff_and_check_stay_write_free_while_the_module_is_sampled(project, option, sandbox):
    done = migrate(project, option, env=sandbox)
    assert done.returncode == (1 if option == "--check" else 0), done.stderr
    assert project.changed() == {}, "the sampled module's writes reached the user's files"
    assert "FM207" in done.stderr  # the signature was read from one real batch ...
    if option == "--diff":
        assert all(spec in done.stdout for spec in SAMPLED), done.stdout  # ... and it is the real batch's
    _says_what_was_contained(done.stderr, project)


def test_migrate_writes_only_the_migrated_file(project):
    done = migrate(project)
    assert done.returncode == 0, done.stderr
    assert project.changed() == {"project": [".", "loader.py"]}  # the file migrate rewrote, and its folder's mtime
    migrated = (project.root / "loader.py").read_text()
    assert all(spec in migrated for spec in SAMPLED), migrated
    _says_what_was_contained(done.stderr, project)


def test_without_a_sandbox_the_module_is_not_sampled(project):
    done = migrate(project, "--diff", env={"FITMIGRATE_ISOLATION": "hooks"})
    assert project.changed() == {}
    assert "sampling one batch failed: the module was not run: nothing on this machine can keep its code from " \
           "writing your files" in done.stderr, done.stderr
    assert "FITMIGRATE_ALLOW_WRITES=1" in done.stderr
