"""Promise: under ``fitmigrate verify`` nothing outside the harness's scratch folder changes, whatever API the
script writes through, and the script still runs to the end because it sees its own writes (copy-on-write).

Three trees are watched: the project folder (relative paths), a folder made under the real ``$HOME`` and one
under ``/tmp`` (absolute paths). Each holds, per phase, the files the script overwrites, appends to, removes,
renames, chmods and deletes with ``rmtree``, and a "trained" ``model.h5`` it saves over. After verify every
path, byte, mode and mtime is as it was, and nothing new exists, there or straight under ``$HOME`` and ``/tmp``.
One TensorFlow script does every write (tests/isolation_cases/writes_everything.py); the timeout, refusal and
guard cases use small scripts without TensorFlow.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from fitmigrate.harness import isolation

pytestmark = pytest.mark.tensorflow
needs_sandbox = pytest.mark.skipif(isolation.unavailable() is not None,
                                   reason=f"no sandbox on this machine: {isolation.unavailable()}")

CASE = Path(__file__).parent / "isolation_cases" / "writes_everything.py"
TAGS = ("before", "during", "after")


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def snapshot(root: Path) -> Dict[str, Tuple]:
    """Every path under ``root`` with its type, mode, mtime and bytes (or link target)."""
    state: Dict[str, Tuple] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                content = os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                content = path.read_bytes()
            else:
                content = None
            state[str(path.relative_to(root))] = (info.st_mode, info.st_mtime_ns, content)
    info = root.lstat()
    state["."] = (info.st_mode, info.st_mtime_ns, None)
    return state


def _seed(base: Path) -> None:
    """The files the script changes, as a user would have them."""
    for tag in TAGS:
        for name, text in (("overwrite.txt", "old"), ("append.txt", "old"), ("rplus.txt", "old"),
                           ("remove.txt", "old"), ("rename.txt", "old"), ("replace-src.txt", "src"),
                           ("replace-dst.txt", "dst"), ("chmod.txt", "old"), ("unlink.txt", "old")):
            (base / f"{tag}-{name}").write_text(text)
        (base / f"{tag}-chmod.txt").chmod(0o644)
        (base / f"{tag}-model.h5").write_bytes(b"\x89HDF\r\n\x1a\n three days of training")
        (base / f"{tag}-tree" / "sub").mkdir(parents=True)
        (base / f"{tag}-tree" / "a.txt").write_text("a")
        (base / f"{tag}-tree" / "sub" / "b.txt").write_text("b")


class Trees:
    def __init__(self, project: Path, home: Path, tmp: Path, marker: str):
        self.project, self.home, self.tmp, self.marker = project, home, tmp, marker
        self.before = self.state()
        self.strays = [Path.home() / f"{marker}.txt", Path(f"/tmp/{marker}-new")]

    def state(self) -> Dict[str, Dict[str, Tuple]]:
        return {"project": snapshot(self.project), "home": snapshot(self.home), "tmp": snapshot(self.tmp)}

    def assert_unchanged(self) -> None:
        after = self.state()
        for tree in ("project", "home", "tmp"):
            changed = sorted(set(after[tree]) ^ set(self.before[tree]) |
                             {p for p in after[tree] if p in self.before[tree] and after[tree][p] != self.before[tree][p]})
            assert not changed, f"verify let the script change {tree}: {changed[:20]}"
        assert not [p for p in self.strays if os.path.lexists(p)], "verify let the script create a file"


@pytest.fixture
def trees(tmp_path):
    marker = f"fitmigrate-isolation-{uuid.uuid4().hex[:12]}"
    project = tmp_path / "project"
    home = Path.home() / f".{marker}"  # a real folder under the user's home, removed afterwards
    tmp = Path(tempfile.mkdtemp(prefix=f"{marker}-"))
    try:
        for base in (project, home):
            base.mkdir()
        for base in (project, home, tmp):
            _seed(base)
        shutil.copy(CASE, project / CASE.name)
        yield Trees(project, home, tmp, marker)
    finally:
        for folder in (home, tmp, *[Path.home() / f"{marker}.txt", Path(f"/tmp/{marker}-new")]):
            if folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
            elif os.path.lexists(folder):
                folder.unlink()


def verify(trees: Trees, *arguments: str, env: Dict[str, str] = None, timeout: float = 400):
    """The real command from the project folder, with a temporary folder of its own (so that its scratch folder
    is told apart from those of other verify runs on the machine)."""
    scratch = Path(tempfile.mkdtemp(prefix="fitmigrate-isolation-tmpdir-"))
    try:
        done = subprocess.run([sys.executable, "-m", "fitmigrate", "verify", *arguments], cwd=trees.project,
                              capture_output=True, text=True, timeout=timeout,
                              env=dict(os.environ, TMPDIR=str(scratch), **(env or {})))
        trees.assert_unchanged()
        assert not os.listdir(scratch), "verify left its scratch folder behind"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return done


def _changes(document: dict) -> Dict[str, str]:
    return {entry["path"]: entry["change"] for entry in document["writes"]["paths"]}


def _expected(trees: Trees, tag: str, crashed: bool = False) -> Dict[str, str]:
    """What the writes list must say for one phase, per tree (paths as the report shows them)."""
    expected = {}
    for base in (None, trees.home, trees.tmp):
        def shown(name):
            return f"{tag}-{name}" if base is None else str(base / f"{tag}-{name}")

        expected.update({shown("overwrite.txt"): "modified", shown("append.txt"): "modified",
                         shown("exclusive.txt"): "created", shown("rplus.txt"): "modified",
                         shown("remove.txt"): "deleted", shown("rename.txt"): "deleted",
                         shown("renamed.txt"): "created", shown("replace-src.txt"): "deleted",
                         shown("replace-dst.txt"): "modified", shown("mkdir"): "folder created",
                         shown("makedirs"): "folder created", shown("chmod.txt"): "metadata changed",
                         shown("symlink"): "created", shown("tree"): "folder deleted", shown("copy.txt"): "created",
                         shown("pathlib.txt"): "created", shown("unlink.txt"): "deleted"})
        if crashed and base == trees.tmp:
            continue
        expected.update({shown("array.npy"): "created", shown("data.pkl"): "created",
                         shown("data.json"): "created", shown("model.keras"): "created",
                         shown("model.h5"): "modified", shown("model.weights.h5"): "created",
                         shown("opencv.png"): "created", shown("pillow.png"): "created",
                         shown("subprocess.txt"): "created", shown("ckpt-1.keras"): "created",
                         shown("ckpt-1.weights.h5"): "created", shown("log.csv"): "created",
                         shown("backup"): "folder created", shown("tensorboard"): "folder created"})
        if _has("pandas"):
            expected[shown("frame.csv")] = "created"
    return expected


#: The sandbox as root (one overlay over the root filesystem, pivot_root), and as it is built for other users
#: (in a user namespace, an overlay over each folder tree where it is), forced here since the tests run as root.
SANDBOXES = [pytest.param({}, id="root"), pytest.param({"FITMIGRATE_ISOLATION": "user"}, id="user-namespace")]


@needs_sandbox
@pytest.mark.skipif(not _has("cv2") or not _has("PIL"), reason="the writes script needs opencv and pillow")
@pytest.mark.parametrize("sandbox", SANDBOXES)
def test_every_write_is_contained_and_the_script_still_runs_to_the_end(trees, sandbox):
    if not _has("pandas"):
        print("pandas is not installed: DataFrame.to_csv is not part of this run")  # shown with -s / on failure
    done = verify(trees, "--json", "--timeout", "400", CASE.name, "--", str(trees.home), str(trees.tmp), "run",
                  trees.marker, env=sandbox)
    document = json.loads(done.stdout)
    assert document["error"] is None, document["error"]
    assert done.returncode == 0, done.stdout[-3000:]
    assert [(call["method"], call["line"] > 0) for call in document["calls"]] == [("fit", True), ("evaluate", True)]
    for call in document["calls"]:
        assert {check["status"] for check in call["checks"]} <= {"pass", "skip"}, call
    writes = document["writes"]
    assert writes["isolation"] == "namespace" and writes["contained"] is True
    assert writes["count"] == len(writes["paths"]) and not writes["truncated"]
    changes = _changes(document)
    for tag in TAGS:
        expected = _expected(trees, tag)
        assert {path: changes.get(path) for path in expected} == expected
    assert changes.get(str(Path.home() / f"{trees.marker}.txt")) == "created"
    assert changes.get(f"/tmp/{trees.marker}-new") == "folder created"


@needs_sandbox
@pytest.mark.skipif(not _has("cv2") or not _has("PIL"), reason="the writes script needs opencv and pillow")
def test_a_script_that_crashes_half_way_leaves_every_file_as_it_was(trees):
    done = verify(trees, "--json", "--timeout", "400", CASE.name, "--", str(trees.home), str(trees.tmp), "crash",
                  trees.marker)
    document = json.loads(done.stdout)
    assert done.returncode == 2
    assert document["error"].startswith("the script raised RuntimeError after 1 checked call"), document["error"]
    assert "crashed half-way" in document["error"]
    changes = _changes(document)
    expected = _expected(trees, "after", crashed=True)
    assert {path: changes.get(path) for path in expected} == expected
    assert str(trees.tmp / "after-model.h5") not in changes  # never reached


HANGS = """
    import os, shutil, subprocess, sys, time
    import cv2, h5py, numpy as np
    home, tmp, marker = sys.argv[1:4]
    for base in (".", home, tmp):
        open(os.path.join(base, "before-overwrite.txt"), "w").write("new")
        os.remove(os.path.join(base, "before-remove.txt"))
        shutil.rmtree(os.path.join(base, "before-tree"))
        with h5py.File(os.path.join(base, "before-model.h5"), "w") as handle:  # HDF5's C library
            handle["weights"] = np.arange(3)
        cv2.imwrite(os.path.join(base, "opencv.png"), np.zeros((2, 2, 3), np.uint8))
        log = os.path.join(base, "daemon.log")
        subprocess.Popen(["sh", "-c", f"while true; do echo tick >> '{log}'; sleep 0.05; done # {marker}"],
                         start_new_session=True)  # keeps writing in a session of its own
    open(os.path.expanduser(f"~/{marker}.txt"), "w").write("x")
    while True:
        time.sleep(0.1)
"""


def _processes_with(marker: str) -> List[int]:
    found = []
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                if marker.encode() in handle.read():
                    found.append(int(name))
        except (OSError, ValueError):
            continue
    return found


@needs_sandbox
@pytest.mark.skipif(not _has("cv2") or not _has("h5py"), reason="the hanging script needs opencv and h5py")
@pytest.mark.parametrize("sandbox", SANDBOXES)
def test_a_script_killed_at_the_timeout_leaves_every_file_as_it_was(trees, sandbox):
    (trees.project / "hangs.py").write_text(textwrap.dedent(HANGS))
    trees.before = trees.state()
    done = verify(trees, "--json", "--timeout", "10", "hangs.py", "--", str(trees.home), str(trees.tmp), trees.marker,
                  env=sandbox)
    document = json.loads(done.stdout)
    assert done.returncode == 2 and document["error"].startswith("timeout: the script was stopped after 10 s")
    time.sleep(0.3)  # a surviving writer would show now
    trees.assert_unchanged()
    assert not [pid for pid in _processes_with(f"# {trees.marker}") if os.getpid() != pid]
    changes = _changes(document)
    for base, shown in (("", ""), (trees.home, f"{trees.home}/"), (trees.tmp, f"{trees.tmp}/")):
        assert changes[f"{shown}before-overwrite.txt"] == "modified"
        assert changes[f"{shown}before-remove.txt"] == "deleted"
        assert changes[f"{shown}before-tree"] == "folder deleted"
        assert changes[f"{shown}before-model.h5"] == "modified"
        assert changes[f"{shown}opencv.png"] == "created"
        assert changes[f"{shown}daemon.log"] == "created"


@needs_sandbox
def test_the_text_report_ends_with_what_the_script_tried_to_write(trees):
    (trees.project / "writes.py").write_text("open('before-overwrite.txt', 'w').write('new')\n"
                                             "import os; os.makedirs('out/a/b')\n"
                                             "open('out/a/b/c.txt', 'w').write('c')\n")
    trees.before = trees.state()
    done = verify(trees, "writes.py")
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("fitmigrate verify: 0 calls checked")
    at = lines.index("writes: the script tried to write 5 paths; all were kept in the sandbox and discarded, none "
                     "of your files changed:")
    assert lines[at + 1:-1] == ["  modified           before-overwrite.txt", "  folder created     out/ (3 inside)"]


@needs_sandbox
@pytest.mark.skipif(not _has("pandas"), reason="pandas is not installed, so DataFrame.to_csv cannot be tried (the "
                                               "writes script covers it too when pandas is there)")
def test_pandas_to_csv_is_contained(trees):
    (trees.project / "frame.py").write_text("import pandas\n"
                                            "pandas.DataFrame({'a': [1]}).to_csv('before-overwrite.txt')\n"
                                            "assert pandas.read_csv('before-overwrite.txt').a.tolist() == [1]\n")
    trees.before = trees.state()
    done = verify(trees, "--json", "frame.py")
    document = json.loads(done.stdout)
    assert document["error"].startswith("the script ran to the end without calling fit"), document["error"]
    assert _changes(document) == {"before-overwrite.txt": "modified"}


REFUSED = """
    import errno, os, shutil, sys
    import cv2, h5py, numpy as np
    attempts = {
        "open": lambda: open("before-overwrite.txt", "w"),
        "os.remove": lambda: os.remove("before-remove.txt"),
        "os.rename": lambda: os.rename("before-rename.txt", "renamed.txt"),
        "os.mkdir": lambda: os.mkdir(os.path.join(sys.argv[1], "made")),
        "shutil.rmtree": lambda: shutil.rmtree(os.path.join(sys.argv[2], "before-tree")),
        "os.chmod": lambda: os.chmod("before-chmod.txt", 0o600),
        "h5py": lambda: h5py.File("before-model.h5", "w"),
        "cv2.imwrite": lambda: cv2.imwrite("image.png", np.zeros((2, 2, 3), np.uint8)),
    }
    for name, attempt in attempts.items():
        try:
            attempt()
        except PermissionError as refused:
            assert "fitmigrate verify refused" in str(refused), (name, refused)
        else:
            raise AssertionError(f"{name} was not refused")
    import tempfile
    with tempfile.NamedTemporaryFile("w") as scratch:  # the scratch folder stays writable
        scratch.write("fine")
    with open(os.devnull, "w") as sink:
        sink.write("fine")
"""


def test_without_a_sandbox_verify_refuses_to_run_the_script(trees):
    (trees.project / "refused.py").write_text("open('before-overwrite.txt', 'w').write('new')\n")
    trees.before = trees.state()
    done = verify(trees, "--json", "refused.py", env={"FITMIGRATE_ISOLATION": "hooks"})
    document = json.loads(done.stdout)
    assert done.returncode == 2
    assert document["error"].startswith("verify did not run the script: nothing on this machine can keep it from "
                                        "writing your files (FITMIGRATE_ISOLATION=hooks")
    assert "--allow-writes" in document["error"]
    assert document["writes"] == {"isolation": "refused", "contained": True, "count": 0, "paths": [],
                                  "truncated": False}


def test_allow_writes_without_a_sandbox_runs_under_the_guard(trees):
    (trees.project / "guarded.py").write_text(textwrap.dedent(REFUSED))
    trees.before = trees.state()
    done = verify(trees, "--json", "--allow-writes", "guarded.py", "--", str(trees.home), str(trees.tmp),
                  env={"FITMIGRATE_ISOLATION": "hooks"})
    document = json.loads(done.stdout)
    assert done.returncode == 2 and document["error"].startswith("the script ran to the end without calling fit"), \
        document["error"]
    writes = document["writes"]
    assert writes["isolation"] == "guard" and writes["contained"] is False
    refused = {entry["path"]: entry["change"] for entry in writes["paths"] if entry["change"].startswith("refused")}
    assert refused == {"before-overwrite.txt": "refused (open for writing)", "before-remove.txt": "refused (os.remove)",
                       "before-rename.txt": "refused (os.rename)", "renamed.txt": "refused (os.rename)",
                       str(trees.home / "made"): "refused (os.mkdir)",
                       str(trees.tmp / "before-tree"): "refused (shutil.rmtree)",
                       "before-chmod.txt": "refused (os.chmod)", "before-model.h5": "refused (h5py.File for writing)",
                       "image.png": "refused (cv2.imwrite)"}
    assert "no sandbox" in done.stderr
