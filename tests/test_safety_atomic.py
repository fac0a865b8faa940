"""Promise: writes are atomic. A temporary file is written and synced beside the file, then renamed over
it with ``os.replace``; a run killed at any moment leaves every file exactly old or exactly new, and
what it may leave behind (a temporary ``.NAME.py.XXXXXXXX.fitmigrate``) is never a ``.py`` file, so no
later run reads it.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Dict, List

import pytest

from fitmigrate.files import discover, write_atomically
from fitmigrate.migrate import migrate_bytes

SENTINEL = "987654321"
TEMPLATE = (
    "import numpy as np\n\n\n"
    "def batches(batch_size=32):\n"
    "    while True:\n"
    "        yield np.random.rand(batch_size, 8), np.random.rand(batch_size, 1)\n\n\n"
    f"model.fit_generator(batches(), steps_per_epoch={SENTINEL}, epochs=2,\n"
    "                    workers=4)  # the file's number is its step count\n"
    + "".join(f"# padding {n:03d}: a long training script has many lines; writes take a moment {'.' * 40}\n"
              for n in range(150))
)
LEFTOVER = re.compile(r"^\.f\d{4}\.py\.[A-Za-z0-9_]+\.fitmigrate$")


def _legacy(i: int) -> bytes:
    return TEMPLATE.replace(SENTINEL, str(i)).encode()


@pytest.fixture(scope="module")
def migrated_template() -> bytes:
    outcome = migrate_bytes(TEMPLATE.encode(), "template.py")
    assert outcome.changed and SENTINEL.encode() in outcome.new
    return outcome.new


def _expected(template_new: bytes, i: int) -> bytes:
    return template_new.replace(SENTINEL.encode(), str(i).encode())


def _start(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True, **kwargs)


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


def _classify(root: Path, count: int, template_new: bytes) -> Dict[str, List[str]]:
    """Each numbered file: "old" or "new"; anything else is a failure. Other names: "leftovers"."""
    found: Dict[str, List[str]] = {"old": [], "new": [], "leftovers": []}
    names = set(os.listdir(root)) - {".fitmigrate_cache"}  # the result cache, written at the end of a run
    for i in range(count):
        name = f"f{i:04d}.py"
        names.discard(name)
        data = (root / name).read_bytes()
        if data == _legacy(i):
            found["old"].append(name)
        elif data == _expected(template_new, i):
            found["new"].append(name)
        else:
            pytest.fail(f"{name} is neither its old nor its new content ({len(data)} bytes): half written?")
    found["leftovers"] = sorted(names)
    return found


def _check_leftovers(root: Path, leftovers: List[str], template_new: bytes) -> None:
    for name in leftovers:
        assert LEFTOVER.match(name), f"unexpected file {name} after an interrupted run"
        assert not name.endswith(".py")
        number = int(name[2:6])
        assert _expected(template_new, number).startswith((root / name).read_bytes()), f"{name}: not the new bytes"
    discovered = {p.name for p in discover([root])}
    assert not discovered & set(leftovers), "a temporary file would be read by the next run"


def test_sigkill_mid_run_leaves_every_file_old_or_new(tmp_path, migrated_template):
    """2,000 legacy files; `migrate -j 1` is killed with SIGKILL at several moments, each run picking up
    where the last one stopped. After every kill each file is byte for byte its old or its new self."""
    count = 2000
    for i in range(count):
        (tmp_path / f"f{i:04d}.py").write_bytes(_legacy(i))
    assert migrate_bytes(_legacy(7), "f0007.py").new == _expected(migrated_template, 7)

    progress = 0
    for delay in (0.0, 0.013, 0.029, 0.047, 0.071, 0.101, 0.157, 0.211):
        process = _start("-m", "fitmigrate", "migrate", "-j", "1", "-q", str(tmp_path))
        try:
            watched = tmp_path / f"f{min(progress + 3, count - 1):04d}.py"
            deadline = time.monotonic() + 60
            while watched.read_bytes() == _legacy(int(watched.name[1:5])):
                assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
                assert time.monotonic() < deadline, "the run made no progress"
                time.sleep(0.002)
            time.sleep(delay)
        finally:
            _kill_group(process)
        state = _classify(tmp_path, count, migrated_template)
        assert len(state["new"]) > progress and len(state["new"]) < count
        # -j 1 works in discovery order: everything before the last new file is new.
        assert state["new"] == [f"f{i:04d}.py" for i in range(len(state["new"]))]
        _check_leftovers(tmp_path, state["leftovers"], migrated_template)
        progress = len(state["new"])


KILL_BEFORE_RENAME = textwrap.dedent("""
    import os, sys, time
    marker = sys.argv[1]
    real_replace = os.replace
    def replace(src, dst):
        with open(marker, "w") as out:
            out.write(str(src))
        time.sleep(120)  # killed here: the temporary file is complete, the rename never happens
        real_replace(src, dst)
    os.replace = replace
    from fitmigrate.cli import main
    main(["migrate", "-j", "1", sys.argv[2]])
""")


def test_killed_between_temporary_write_and_rename(tmp_path, migrated_template):
    """The widest window, made deterministic: the file stays old, the temporary file holds the whole
    new content, is named so no run reads it, and the next run migrates the file and ignores it."""
    tree = tmp_path / "tree"
    tree.mkdir()
    target = tree / "f0042.py"
    target.write_bytes(_legacy(42))
    marker = tmp_path / "marker"
    process = _start("-c", KILL_BEFORE_RENAME, str(marker), str(tree))
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() or not marker.read_text():
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.01)
    finally:
        _kill_group(process)
    temp = Path(marker.read_text())
    assert target.read_bytes() == _legacy(42)
    assert temp.parent == tree and temp.exists()
    assert temp.read_bytes() == _expected(migrated_template, 42)
    _check_leftovers(tree, [temp.name], migrated_template)

    rerun = subprocess.run([sys.executable, "-m", "fitmigrate", "migrate", "-j", "1", str(tree)], capture_output=True,
                           text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert "1 file scanned, 1 changed" in rerun.stderr
    assert target.read_bytes() == _expected(migrated_template, 42)


def test_writes_a_temporary_file_beside_then_renames(tmp_path, monkeypatch):
    path = tmp_path / "train.py"
    path.write_bytes(b"old\n")
    path.chmod(0o640)
    calls = []
    real_replace = os.replace

    def spy(src, dst):
        calls.append((Path(src), Path(dst), Path(src).read_bytes(), os.stat(src).st_mode & 0o777))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_atomically(path, b"new\n")
    (src, dst, data, mode), = calls
    assert src.parent == dst.parent == tmp_path and dst == path
    assert src.name.startswith(".train.py.") and src.name.endswith(".fitmigrate")
    assert data == b"new\n" and mode == 0o640  # complete and with its final mode before the rename
    assert path.read_bytes() == b"new\n" and sorted(os.listdir(tmp_path)) == ["train.py"]


@pytest.mark.parametrize("failure", ["fsync", "chmod", "replace", "interrupt"])
def test_a_failed_write_leaves_the_file_and_no_temporary(tmp_path, monkeypatch, failure):
    path = tmp_path / "train.py"
    path.write_bytes(b"old\n")
    error = KeyboardInterrupt() if failure == "interrupt" else OSError(errno.EIO, "Input/output error")

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(os, {"interrupt": "replace"}.get(failure, failure), broken)
    with pytest.raises(type(error)):
        write_atomically(path, b"new\n")
    monkeypatch.undo()
    assert path.read_bytes() == b"old\n"
    assert os.listdir(tmp_path) == ["train.py"]


def test_a_symlink_stays_a_link_and_its_target_is_written(tmp_path):
    real = tmp_path / "real.py"
    real.write_bytes(b"old\n")
    real.chmod(0o751)
    link = tmp_path / "link.py"
    link.symlink_to("real.py")
    write_atomically(link, b"new\n", allowed_roots=[tmp_path])
    assert link.is_symlink() and os.readlink(link) == "real.py"
    assert real.read_bytes() == b"new\n" and real.stat().st_mode & 0o777 == 0o751


def test_workers_do_not_outlive_a_killed_run(tmp_path):
    """Workers inherit the call queue's write end, so they never see EOF when the parent dies: they
    must notice otherwise (found by this test, fixed in engine.py)."""
    for i in range(200):
        (tmp_path / f"f{i:04d}.py").write_bytes(_legacy(i))
    process = _start("-m", "fitmigrate", "migrate", "-j", "2", "-q", str(tmp_path))
    try:
        deadline = time.monotonic() + 60
        while len(_group(process.pid)) < 3:  # the main process and its two workers
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)  # only the main process, as the OOM killer would
        process.wait(timeout=30)
        deadline = time.monotonic() + 5
        while _group(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _group(process.pid), "worker processes still running after their parent was killed"
    finally:
        _kill_group(process)


def _group(pgid: int) -> List[int]:
    """Live (not zombie) processes of process group ``pgid``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry))
    return found
