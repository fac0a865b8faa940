"""The sandbox's pure parts, without a child process: which mounts a path lookup reaches, how an overlay's
upper folder reads as a list of changes, and what the guard lets through."""

from __future__ import annotations

import os
import stat

import pytest

from fitmigrate.harness import isolation

MOUNTINFO = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=123k
25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw
26 24 0:24 / /dev/pts rw,relatime - devpts devpts rw,mode=600
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
28 27 0:25 / /mnt/with\\040space ro,relatime - tmpfs tools ro
29 26 0:26 / /dev/pts rw,relatime - devpts devpts rw,mode=600
30 25 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw
31 25 0:28 / /dev/shm/inner rw,relatime - tmpfs tmpfs rw
"""


def test_visible_mounts_keep_the_top_of_each_stack_and_drop_what_it_hides():
    mounts = {m.mountpoint: m for m in isolation.visible_mounts(MOUNTINFO)}
    assert sorted(mounts) == ["/", "/dev", "/dev/pts", "/dev/shm", "/mnt/with space", "/proc"]
    assert mounts["/dev/shm"].mount_id == 30  # mounted over 25: /dev/shm/inner (on 25) is hidden with it
    assert mounts["/dev/pts"].mount_id == 29
    assert mounts["/mnt/with space"].read_only and not mounts["/"].read_only


@pytest.mark.skipif(os.geteuid() != 0, reason="a whiteout is a character device 0:0: only root makes one here")
def test_an_upper_folder_reads_as_the_changes_the_script_made(tmp_path):
    lower, upper = tmp_path / "lower", tmp_path / "upper"
    for folder in (lower / "kept", lower / "gone_dir", upper / "kept", upper / "new_dir"):
        folder.mkdir(parents=True)
    for name, text in (("same.txt", "a"), ("changed.txt", "a"), ("chmod.txt", "a"), ("gone.txt", "a")):
        (lower / "kept" / name).write_text(text)
    (upper / "kept" / "same.txt").write_text("a")  # opened for writing, nothing changed
    (upper / "kept" / "changed.txt").write_text("b")
    (upper / "kept" / "chmod.txt").write_text("a")
    os.chmod(upper / "kept" / "chmod.txt", 0o600)
    (upper / "kept" / "new.txt").write_text("n")
    (upper / "new_dir" / "inside.txt").write_text("i")
    os.mknod(upper / "kept" / "gone.txt", stat.S_IFCHR | 0o000, os.makedev(0, 0))
    os.mknod(upper / "gone_dir", stat.S_IFCHR | 0o000, os.makedev(0, 0))
    changes = {w.path[len(str(lower)) + 1:]: w.change for w in isolation._walk_upper(str(upper), str(lower))}
    assert changes == {"kept/same.txt": "opened for writing", "kept/changed.txt": "modified",
                       "kept/chmod.txt": "metadata changed", "kept/new.txt": "created", "kept/gone.txt": "deleted",
                       "gone_dir": "folder deleted", "new_dir": "folder created", "new_dir/inside.txt": "created"}


def test_the_guard_lets_through_its_own_folder_and_devices_only(tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    guard = isolation.Guard([str(scratch)])
    assert guard.outside(scratch / "model.h5") is None
    assert guard.outside(os.devnull) is None
    assert guard.outside(3) is None  # a descriptor: its open was judged already
    assert guard.outside(tmp_path / "model.h5") == str(tmp_path / "model.h5")
    (tmp_path / "link").symlink_to(scratch)
    assert guard.outside(tmp_path / "link" / "x") is None  # resolved: it lands in the scratch folder
    with pytest.raises(PermissionError, match="fitmigrate verify refused this write"):
        guard.audit("os.rename", (str(scratch / "a"), str(tmp_path / "b"), None, None))
    assert guard.refused == [{"path": str(tmp_path / "b"), "change": "refused (os.rename)"}]
