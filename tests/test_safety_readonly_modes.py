"""Promise: ``migrate --check``, ``migrate --diff`` and ``check`` never write your files: not a byte, not
an mtime, not a mode, not a temporary file (a folder's mtime would show one created and deleted), in
process or with worker processes, on a tree that holds files that would change, refused calls, bad
files, a read-only file and a symlink out of the tree. The one thing they may add is the result cache,
``.fitmigrate_cache/`` at the project root; with ``--no-cache`` not even that.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, Tuple

import pytest

LEGACY = (
    "import numpy as np\n\n\ndef batches(batch_size={n}):\n    while True:\n"
    "        yield np.zeros((batch_size, 2)), np.zeros((batch_size, 1))\n\n\n"
    "model.fit_generator(batches(), steps_per_epoch={n}, workers=2)\n"
)
REFUSED = "from elsewhere import load\nmodel.fit_generator(load(), steps_per_epoch=2)\n"


def _tree(root: Path) -> Path:
    tree = root / "tree"
    for i in range(24):
        folder = tree / f"pkg{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"train{i:02d}.py").write_text(LEGACY.format(n=i + 1))
        (folder / f"modern{i:02d}.py").write_text(f"model.fit(dataset, epochs={i})\n")
    (tree / "refused.py").write_text(REFUSED)
    (tree / "python2.py").write_text('print "x"\n' + LEGACY.format(n=1))
    (tree / "crlf.py").write_bytes(LEGACY.format(n=3).replace("\n", "\r\n").encode())
    read_only = tree / "read_only.py"
    read_only.write_text(LEGACY.format(n=5))
    read_only.chmod(0o444)
    outside = root / "outside"
    outside.mkdir()
    (outside / "victim.py").write_text(LEGACY.format(n=7))
    (tree / "link_out.py").symlink_to(outside / "victim.py")
    (tree / "notes.txt").write_text(LEGACY.format(n=9))
    return tree


Snapshot = Dict[str, Tuple]


def _snapshot(root: Path) -> Snapshot:
    found: Snapshot = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files + ["."]:
            path = Path(folder, name)
            info = os.lstat(path)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = ("link", os.readlink(path), info.st_mtime_ns)
            elif path.is_dir():
                found[key] = ("dir", sorted(os.listdir(path)), info.st_mode, info.st_mtime_ns)
            else:
                found[key] = ("file", path.read_bytes(), info.st_mode, info.st_mtime_ns, info.st_ino)
    return found


CACHE = "tree/.fitmigrate_cache"


@pytest.fixture(params=["cache", "no-cache"])
def tree(tmp_path, request) -> Tuple[Path, Snapshot, bool]:
    tree = _tree(tmp_path)
    time.sleep(0.05)  # any later write gets a distinguishable mtime
    return tree, _snapshot(tmp_path), request.param == "no-cache"


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("args", [["migrate", "--check"], ["migrate", "--diff"], ["migrate", "--check", "--diff"],
                                  ["check"], ["check", "--select", "FM"]], ids=" ".join)
def test_never_writes(tree, args, jobs):
    root, before, no_cache = tree
    for _ in range(2):  # the second run may read a cache the first one wrote
        result = subprocess.run([sys.executable, "-m", "fitmigrate", *args, "-j", jobs, *(["--no-cache"] * no_cache),
                                 str(root)], capture_output=True, text=True, timeout=120)
        assert "Traceback" not in result.stderr, result.stderr
    after = _snapshot(root.parent)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if not no_cache:
        cache = [k for k in changed if k == CACHE or k.startswith(CACHE + "/")]
        assert all(k not in before for k in cache)
        changed = [k for k in changed if k not in cache]
        if cache and changed == ["tree"]:  # the root folder gained the cache folder, and only that
            assert after["tree"][1] == sorted(before["tree"][1] + [".fitmigrate_cache"])
            changed = []
    assert not changed, f"{' '.join(args)} wrote: {changed}"
    if args[0] == "migrate":
        assert result.returncode == 3  # python2.py cannot be parsed: errors outrank "would change"
        assert "would change" in result.stderr and "0 would change" not in result.stderr
        if "--diff" in args:
            assert "+++ b/" in result.stdout and "-model.fit_generator(batches(), steps_per_epoch=1, workers=2)" in result.stdout
            assert "+).prefetch(tf.data.AUTOTUNE)" in result.stdout
            assert "+model.fit(batches_dataset, steps_per_epoch=1)" in result.stdout
    else:
        assert result.returncode == 1


@pytest.mark.parametrize("args", [["--check"], ["--diff"]], ids=" ".join)
def test_exit_codes_on_a_clean_tree(tmp_path, args):
    (tmp_path / "train.py").write_text(LEGACY.format(n=2))
    before = _snapshot(tmp_path)
    result = subprocess.run([sys.executable, "-m", "fitmigrate", "migrate", *args, "-j", "1", str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == (1 if args == ["--check"] else 0), result.stderr
    after = _snapshot(tmp_path)
    # The result cache is the one thing added (it holds the rewrite, for the next run): nothing else moves.
    assert {k: v for k, v in after.items() if k != "." and not k.startswith(".fitmigrate_cache")} == \
        {k: v for k, v in before.items() if k != "."}
    assert [n for n in after["."][1] if n != ".fitmigrate_cache"] == before["."][1]
