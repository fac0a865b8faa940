"""Promise: ``verify`` isolates the script it runs. A script that hangs is killed at ``--timeout`` with
everything it started, a process in a session of its own included (the sandbox's PID namespace); one that
exits, raises, aborts or prints megabytes is reported and cleaned up; a generator that raises mid-epoch is
reported against its call site; the user's files are never written (not a byte, no ``__pycache__``), and
no temporary folder of the harness is left behind. (Every kind of write is in test_verify_isolation.py.)

The scripts are written to a temporary folder by each test. Only the generator tests import TensorFlow.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

import pytest

pytestmark = pytest.mark.tensorflow

SCRIPTS = {
    # Starts children in its own process group (two subprocesses and a fork), and with "own-session" one
    # more that detaches like a daemon; then hangs or ends. The sandbox keeps a pid file from reaching the
    # test (and the PID namespace renumbers the pids), so every child carries the marker in its command line
    # and the test watches /proc from outside.
    "children.py": """
        import os, subprocess, sys, time
        marker, mode = sys.argv[1], sys.argv[2]
        sleeper = [sys.executable, "-c", "import time; time.sleep(600)", marker]
        for _ in range(2):
            subprocess.Popen(sleeper)
        child = os.fork()
        if child == 0:
            time.sleep(600)
            os._exit(0)
        if mode == "own-session":
            subprocess.Popen(sleeper, start_new_session=True, stdin=subprocess.DEVNULL,  # a daemon
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)  # long enough for the test to see them all
        if mode == "hang":
            while True:
                time.sleep(0.05)  # line 16: where the timeout finds it
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
HANG_LINE = 16
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


def _private_tmp() -> Path:
    """A temporary folder for one verify run, so that its scratch folder is told apart from those of other
    verify runs on the machine."""
    return Path(tempfile.mkdtemp(prefix="fitmigrate-safety-tmpdir-"))


def _harness_folders(tmp: Path) -> List[str]:
    return [name for name in os.listdir(tmp) if name.startswith("fitmigrate-verify-")]


@pytest.fixture
def scripts(tmp_path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    for name, text in SCRIPTS.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip("\n"))
    assert (folder / "children.py").read_text().splitlines()[HANG_LINE - 1].strip().startswith("time.sleep")
    assert "model.fit(" in (folder / "generator_raises.py").read_text().splitlines()[FIT_LINE - 1]
    return folder


def verify(scripts: Path, *arguments: str, timeout: float = 240, watch: "Watch" = None) -> Run:
    """The real command, from the script's folder; the folder must come out exactly as it went in."""
    before, tmp = _state(scripts), _private_tmp()
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "fitmigrate", "verify", *arguments], cwd=scripts,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=dict(os.environ, TMPDIR=str(tmp)))
    if watch is not None:
        watch.start(exclude=process.pid)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    finally:
        if watch is not None:
            watch.stop()
    run = Run(process.returncode, stdout, stderr, time.monotonic() - started)
    assert _state(scripts) == before, "verify wrote into the user's folder"
    left = _harness_folders(tmp)
    shutil.rmtree(tmp, ignore_errors=True)
    assert not left, "verify left its temporary folder behind"
    return run


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _command_line(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Watch:
    """Every process whose command line holds a fresh marker, seen from outside while verify runs: the
    sandbox's launcher and init, the harness child (its command line holds the script's arguments), its fork,
    and the sleepers the script starts (their command line ends with the marker)."""

    def __init__(self):
        self.marker = f"fitmigrate-test-{uuid.uuid4().hex}"
        self.seen: Dict[int, str] = {}
        self._exclude = -1
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def start(self, exclude: int) -> None:
        self._exclude = exclude
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _poll(self) -> None:
        while True:
            for name in os.listdir("/proc"):
                if name.isdigit() and int(name) != self._exclude:
                    line = _command_line(int(name))  # again for a pid seen already: it may have exec'd since
                    if self.marker in line:
                        self.seen[int(name)] = line
            if self._done.is_set():
                return
            time.sleep(0.02)

    def sleepers(self) -> List[int]:
        return [pid for pid, line in self.seen.items() if line.rstrip().endswith("time.sleep(600) " + self.marker)]

    def scripts(self) -> List[int]:
        """The harness child and its fork (the launcher's command line holds the child's, quoted)."""
        return [pid for pid, line in self.seen.items() if '"mode": "verify"' in line]

    def wait_for(self, sleepers: int, within: float) -> bool:
        deadline = time.monotonic() + within
        while len(self.sleepers()) < sleepers and time.monotonic() < deadline:
            time.sleep(0.05)
        return len(self.sleepers()) >= sleepers

    def alive(self) -> List[int]:
        return [pid for pid in self.seen if _alive(pid)]

    def all_gone(self, within: float = 3.0) -> bool:
        deadline = time.monotonic() + within
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        return not self.alive()

    def reap(self) -> None:
        """Kill what a failed test left running: only the processes its own script started."""
        for pid in self.alive():
            if self.marker in _command_line(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


@pytest.fixture
def watch():
    watcher = Watch()
    yield watcher
    watcher.reap()


# ---- hangs, children --------------------------------------------------------------------------------


def test_a_hanging_script_and_its_children_are_killed_at_the_timeout(scripts, watch):
    run = verify(scripts, "--json", "--timeout", "4", "children.py", "--", watch.marker, "hang", watch=watch)
    assert run.code == 2
    assert run.seconds < 4 + 15
    error = run.document["error"]
    assert error.startswith("timeout: the script was stopped after 4 s (--timeout)")
    assert f"it was at children.py:{HANG_LINE}" in error
    assert len(watch.sleepers()) == 2 and len(watch.scripts()) == 2, watch.seen
    assert watch.all_gone(), watch.alive()


def test_children_a_finished_script_left_running_are_cleaned_up(scripts, watch):
    run = verify(scripts, "--json", "--timeout", "30", "children.py", "--", watch.marker, "exit", watch=watch)
    assert run.code == 2 and "without calling fit, evaluate or predict" in run.document["error"]
    assert len(watch.sleepers()) == 2 and len(watch.scripts()) == 2, watch.seen
    assert watch.all_gone(), watch.alive()


def test_a_child_in_its_own_session_is_cleaned_up(scripts, watch):
    """The script runs as the child of our own init in a PID namespace: when it ends, the kernel kills every
    process left in the namespace, a new session or a double fork included."""
    verify(scripts, "--json", "--timeout", "30", "children.py", "--", watch.marker, "own-session", watch=watch)
    assert len(watch.sleepers()) == 3, watch.seen
    assert watch.all_gone(), f"still running after verify returned: {watch.alive()}"


def test_terminating_verify_takes_the_script_down(scripts, watch):
    tmp = _private_tmp()
    process = subprocess.Popen([sys.executable, "-m", "fitmigrate", "verify", "--timeout", "120", "children.py", "--",
                                watch.marker, "own-session"], cwd=scripts, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=dict(os.environ, TMPDIR=str(tmp)))
    watch.start(exclude=process.pid)
    try:
        assert watch.wait_for(sleepers=3, within=60), "the script did not start"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        watch.stop()
        assert watch.all_gone(within=5), f"still running after verify was terminated: {watch.alive()}"
        assert not _harness_folders(tmp), "the harness folder was left behind"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if not watch._done.is_set():
            watch.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def test_killing_verify_outright_takes_the_script_down_and_the_next_run_cleans_up(scripts, watch):
    """SIGKILL gives verify no time to clean up: the sandbox's launcher and init die with it (parent-death
    signals), the kernel then kills the rest of the PID namespace, and the next run removes the folder."""
    tmp = _private_tmp()
    try:
        process = subprocess.Popen([sys.executable, "-m", "fitmigrate", "verify", "--timeout", "120", "children.py",
                                    "--", watch.marker, "own-session"], cwd=scripts, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=dict(os.environ, TMPDIR=str(tmp)))
        watch.start(exclude=process.pid)
        try:
            assert watch.wait_for(sleepers=3, within=60), "the script did not start"
            process.kill()
            process.wait(timeout=30)
        finally:
            watch.stop()
        assert watch.all_gone(within=5), f"still running after verify was killed: {watch.alive()}"
        assert len(_harness_folders(tmp)) == 1
        again = subprocess.run([sys.executable, "-m", "fitmigrate", "verify", "exits.py", "--", "sys.exit"],
                               cwd=scripts, capture_output=True, env=dict(os.environ, TMPDIR=str(tmp)))
        assert again.returncode == 2 and not _harness_folders(tmp), "the folder left behind was not removed"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        shutil.rmtree(tmp, ignore_errors=True)


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
