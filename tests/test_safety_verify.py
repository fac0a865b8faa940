"""Promise: ``verify`` isolates the script it runs. A script that hangs is killed at ``--timeout`` with
everything it started; one that exits, raises, aborts or prints megabytes is reported and cleaned up;
a generator that raises mid-epoch is reported against its call site; the user's files are never
written (not a byte, no ``__pycache__``), and no temporary folder of the harness is left behind.

The scripts are written to a temporary folder by each test. Only the generator tests import TensorFlow.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

import pytest

pytestmark = pytest.mark.tensorflow

SCRIPTS = {
    # Starts children in its own process group (two subprocesses and a fork), and with "own-session" one
    # more that detaches like a daemon; writes the pids (its own first), then hangs or ends.
    "children.py": """
        import os, subprocess, sys, time
        pid_file, mode = sys.argv[1], sys.argv[2]
        sleeper = [sys.executable, "-c", "import time; time.sleep(600)"]
        pids = [os.getpid()]
        pids += [subprocess.Popen(sleeper).pid for _ in range(2)]
        child = os.fork()
        if child == 0:
            time.sleep(600)
            os._exit(0)
        pids.append(child)
        if mode == "own-session":
            pids.append(subprocess.Popen(sleeper, start_new_session=True, stdin=subprocess.DEVNULL,  # a daemon
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).pid)
        with open(pid_file + ".partial", "w") as out:
            out.write(" ".join(map(str, pids)))
        os.replace(pid_file + ".partial", pid_file)
        if mode == "hang":
            while True:
                time.sleep(0.05)  # line 19: where the timeout finds it
    """,
    "exits.py": """
        import os, sys
        if sys.argv[1] == "sys.exit":
            sys.exit(3)
        if sys.argv[1] == "os._exit":
            os._exit(4)
        os.abort()
    """,
    "prints.py": """
        import sys
        chunk = "x" * 1023 + "\\n"
        for _ in range(20 * 1024):  # 20 MiB on each stream
            sys.stdout.write(chunk)
            sys.stderr.write(chunk)
        sys.stdout.flush()
        raise ValueError("after printing 40 MiB")
    """,
    "generator_raises.py": """
        import sys

        import numpy as np
        import tensorflow as tf
        from tensorflow import keras

        FAIL_AT = int(sys.argv[1])


        def batches():
            for index in range(100):
                if index == FAIL_AT:
                    raise RuntimeError(f"corrupt record {index}")
                yield np.zeros((4, 2), "float32"), np.zeros((4, 1), "float32")


        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        model.compile("sgd", "mse")
        dataset = tf.data.Dataset.from_generator(batches, output_signature=(
            tf.TensorSpec((None, 2), tf.float32), tf.TensorSpec((None, 1), tf.float32)))
        model.fit(dataset, steps_per_epoch=10, epochs=2)  # line 21: the call site
    """,
}
HANG_LINE = 19
FIT_LINE = 21


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def document(self) -> dict:
        return json.loads(self.stdout)  # the whole of stdout is one JSON document, or this raises


def _state(root: Path) -> Dict[str, tuple]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else ("dir",)
            for p in sorted(root.rglob("*"))}


def _harness_folders() -> set:
    return {name for name in os.listdir(tempfile.gettempdir()) if name.startswith("fitmigrate-verify-")}


@pytest.fixture
def scripts(tmp_path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    for name, text in SCRIPTS.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip("\n"))
    assert (folder / "children.py").read_text().splitlines()[HANG_LINE - 1].strip().startswith("time.sleep")
    assert "model.fit(" in (folder / "generator_raises.py").read_text().splitlines()[FIT_LINE - 1]
    return folder


def verify(scripts: Path, *arguments: str, timeout: float = 240) -> Run:
    """The real command, from the script's folder; the folder must come out exactly as it went in."""
    before, folders = _state(scripts), _harness_folders()
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "fitmigrate", "verify", *arguments], cwd=scripts,
                          capture_output=True, text=True, timeout=timeout)
    run = Run(done.returncode, done.stdout, done.stderr, time.monotonic() - started)
    assert _state(scripts) == before, "verify wrote into the user's folder"
    assert _harness_folders() <= folders, "verify left its temporary folder behind"
    return run


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _pids(path: Path, wait: float = 0.0) -> List[int]:
    deadline = time.monotonic() + wait
    while not path.exists():
        if time.monotonic() > deadline:
            return []
        time.sleep(0.02)
    return [int(p) for p in path.read_text().split()]


def _reap(pids: List[int]) -> None:
    """Kill what a failed test left running: only the processes its own script started."""
    for pid in pids:
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _all_gone(pids: List[int], within: float = 3.0) -> bool:
    deadline = time.monotonic() + within
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_alive(p) for p in pids)


# ---- hangs, children --------------------------------------------------------------------------------


def test_a_hanging_script_and_its_children_are_killed_at_the_timeout(scripts, tmp_path):
    pid_file = tmp_path / "pids"
    try:
        run = verify(scripts, "--json", "--timeout", "4", "children.py", "--", str(pid_file), "hang")
        pids = _pids(pid_file)
        assert run.code == 2
        assert run.seconds < 4 + 15
        error = run.document["error"]
        assert error.startswith("timeout: the script was stopped after 4 s (--timeout)")
        assert f"it was at children.py:{HANG_LINE}" in error
        assert len(pids) == 4 and _all_gone(pids), [p for p in pids if _alive(p)]
    finally:
        _reap(_pids(pid_file))


def test_children_a_finished_script_left_running_are_cleaned_up(scripts, tmp_path):
    pid_file = tmp_path / "pids"
    try:
        run = verify(scripts, "--json", "--timeout", "30", "children.py", "--", str(pid_file), "exit")
        assert run.code == 2 and "without calling fit, evaluate or predict" in run.document["error"]
        pids = _pids(pid_file)
        assert len(pids) == 4 and _all_gone(pids), [p for p in pids if _alive(p)]
    finally:
        _reap(_pids(pid_file))


@pytest.mark.xfail(strict=True, reason="harness/runner.py kills the child's process group only: a process the script "
                                       "starts in a new session (start_new_session=True, setsid, a daemon) survives "
                                       "verify; fix: make the verify parent a subreaper (prctl PR_SET_CHILD_SUBREAPER) "
                                       "and kill every descendant, or run the child in its own cgroup")
def test_a_child_in_its_own_session_is_cleaned_up(scripts, tmp_path):
    pid_file = tmp_path / "pids"
    try:
        verify(scripts, "--json", "--timeout", "30", "children.py", "--", str(pid_file), "own-session")
        pids = _pids(pid_file)
        assert len(pids) == 5
        assert _all_gone(pids), f"still running after verify returned: {[p for p in pids if _alive(p)]}"
    finally:
        _reap(_pids(pid_file))


def test_terminating_verify_takes_the_script_down(scripts, tmp_path):
    pid_file = tmp_path / "pids"
    folders = _harness_folders()
    process = subprocess.Popen([sys.executable, "-m", "fitmigrate", "verify", "--timeout", "120", "children.py", "--",
                                str(pid_file), "hang"], cwd=scripts, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        pids = _pids(pid_file, wait=60)
        assert len(pids) == 4, "the script did not start"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        assert _all_gone(pids, within=5), f"still running after verify was terminated: {[p for p in pids if _alive(p)]}"
        assert _harness_folders() <= folders, "the harness folder was left behind"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        pids = _pids(pid_file)
        if pids:
            try:
                os.killpg(pids[0], signal.SIGKILL)  # the harness child leads its group
            except ProcessLookupError:
                pass
        _reap(pids)
        for name in _harness_folders() - folders:
            subprocess.run(["rm", "-rf", os.path.join(tempfile.gettempdir(), name)], check=False)


# ---- exits, crashes, output ----------------------------------------------------------------------


@pytest.mark.parametrize("how, expected", [
    ("sys.exit", "the script exited with status 3 before any fit/evaluate/predict call"),
    ("os._exit", "the verify process ended with status 4 before any fit/evaluate/predict call"),
    ("abort", "the verify process ended with signal 6 before any fit/evaluate/predict call"),
])
def test_a_script_that_exits_or_aborts_is_reported(scripts, how, expected):
    run = verify(scripts, "--json", "--timeout", "30", "exits.py", "--", how)
    assert run.code == 2
    assert run.document["calls"] == []
    assert run.document["error"].startswith(expected), run.document["error"]


def test_megabytes_of_output_neither_block_nor_flood(scripts):
    run = verify(scripts, "--json", "--timeout", "60", "prints.py")
    assert run.code == 2
    assert run.seconds < 30
    error = run.document["error"]  # stdout is still exactly one JSON document
    assert error.startswith("the script raised ValueError") and "after printing 40 MiB" in error
    assert len(run.stdout) + len(run.stderr) < 1024 * 1024

    human = verify(scripts, "--timeout", "60", "prints.py")
    assert human.code == 2 and len(human.stdout) + len(human.stderr) < 1024 * 1024


# ---- a generator that raises -----------------------------------------------------------------------


def _call(run: Run) -> dict:
    calls = run.document["calls"]
    assert [(c["file"], c["line"], c["method"]) for c in calls] == [("generator_raises.py", FIT_LINE, "fit")]
    return {check["id"]: check for check in calls[0]["checks"]}


def test_a_generator_that_raises_on_its_first_batch_fails_at_its_call_site(scripts):
    run = verify(scripts, "--json", "--timeout", "180", "generator_raises.py", "--", "0")
    assert run.code == 1, run.stdout + run.stderr[-2000:]
    checks = _call(run)
    assert checks["signature"]["status"] == "fail"
    assert "RuntimeError: corrupt record 0" in checks["signature"]["message"]


@pytest.fixture(scope="module")
def mid_epoch(tmp_path_factory) -> Run:
    folder = tmp_path_factory.mktemp("mid_epoch")
    (folder / "generator_raises.py").write_text(textwrap.dedent(SCRIPTS["generator_raises.py"]).lstrip("\n"))
    return verify(folder, "--json", "--timeout", "180", "generator_raises.py", "--", "5")


def test_a_generator_that_raises_mid_epoch_is_reported_at_its_call_site(mid_epoch):
    assert mid_epoch.document["error"] is None
    checks = _call(mid_epoch)
    assert "reading batch 6 raised RuntimeError: corrupt record 5" in checks["steps"]["message"]


def test_a_generator_that_raises_mid_epoch_fails_the_run(mid_epoch):
    assert _call(mid_epoch)["steps"]["status"] == "fail"
    assert mid_epoch.code == 1
