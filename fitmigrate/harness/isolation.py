"""Contain every write of the code ``verify`` runs (and of the module ``migrate --infer sample`` imports).

The child runs in a private mount namespace and a PID namespace. Every writable filesystem it sees is an
overlay: reads fall through to the real files, writes land in an upper folder inside the harness's scratch
folder (copy-on-write), so a script that saves its model and loads it again runs to the end, and not a byte
of the real files changes, whichever API writes (Python, a C library such as HDF5, a child process). The
parent walks the upper folders afterwards to say what was attempted, then deletes them. The PID namespace's
init is ours: when the script ends, or is killed at the timeout, the kernel kills every process left in the
namespace, sessions of their own included.

Without namespaces (not root, no unprivileged user namespaces, a container without CAP_SYS_ADMIN) nothing
can contain a C library's writes or a child process's: ``verify`` refuses to run unless told
``--allow-writes``, and then runs under :class:`Guard` (Python audit hooks and patched writers that
refuse writes outside the scratch folder), which is best effort only.

Launch side (:func:`launch`) runs in a small Python process of its own and imports nothing heavy.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import json
import os
import platform
import signal
import stat
import sys
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Tuple

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG = 1
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "ppc64le": 203, "s390x": 217, "riscv64": 41}

#: Exit status of the launcher when the sandbox could not be set up; ``sandbox.json`` says why.
SETUP_FAILED = 86
#: Filesystems that hold no user files: bound as they are (``/proc`` is mounted afresh for the PID namespace).
PSEUDO_FILESYSTEMS = frozenset({
    "proc", "sysfs", "devpts", "cgroup", "cgroup2", "mqueue", "debugfs", "tracefs", "securityfs", "pstore",
    "bpf", "configfs", "fusectl", "hugetlbfs", "binfmt_misc", "autofs", "efivarfs", "selinuxfs", "rpc_pipefs",
    "nsfs"})
#: Environment variable for tests and for machines where the namespaces misbehave: ``hooks`` skips the
#: namespace sandbox as if the kernel refused it; ``user`` builds it in a user namespace even as root.
FORCE_ENV = "FITMIGRATE_ISOLATION"
#: ``1`` lets verify and --infer sample run when nothing can contain the writes (as ``--allow-writes``).
ALLOW_ENV = "FITMIGRATE_ALLOW_WRITES"


class SetupError(Exception):
    pass


# --- the launcher and the namespace's init ----------------------------------------------------------

_libc = None


def _c() -> Any:
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        _libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
        _libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
    return _libc


def _check(result: int, what: str) -> None:
    if result != 0:
        number = ctypes.get_errno()
        raise SetupError(f"{what}: {os.strerror(number)} (errno {errno.errorcode.get(number, number)})")


def _mount(source: Optional[str], target: str, fstype: Optional[str], flags: int = 0, data: Optional[str] = None):
    encode = lambda text: None if text is None else os.fsencode(text)  # noqa: E731
    _check(_c().mount(encode(source), encode(target), encode(fstype), flags, encode(data)),
           f"mount {fstype or ''} {source or ''} on {target} ({data or flags})")


def _pivot_root(new_root: str, put_old: str) -> None:
    number = SYS_PIVOT_ROOT.get(platform.machine())
    if number is None:
        raise SetupError(f"pivot_root: unknown system call number on {platform.machine()}")
    _check(_c().syscall(number, os.fsencode(new_root), os.fsencode(put_old)), "pivot_root")


def _prctl(option: int, value: int) -> None:
    _c().prctl(option, value, 0, 0, 0)


@dataclass
class Mount:
    mount_id: int
    parent_id: int
    mountpoint: str
    options: str
    fstype: str
    source: str

    @property
    def read_only(self) -> bool:
        return "ro" in self.options.split(",")


def _unescape(text: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes."""
    out, index = [], 0
    while index < len(text):
        if text[index] == "\\" and text[index + 1:index + 4].isdigit():
            out.append(chr(int(text[index + 1:index + 4], 8)))
            index += 4
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


def visible_mounts(mountinfo: str) -> List[Mount]:
    """The mounts a path lookup can reach, parents first: an overmounted one, and what hangs below it, is not."""
    mounts = []
    for line in mountinfo.splitlines():
        fields = line.split()
        if not fields:
            continue
        separator = fields.index("-")
        mounts.append(Mount(int(fields[0]), int(fields[1]), _unescape(fields[4]), fields[5], fields[separator + 1],
                            _unescape(fields[separator + 2])))
    last = {mount.mountpoint: mount.mount_id for mount in mounts}
    by_id = {mount.mount_id: mount for mount in mounts}
    known: Dict[int, bool] = {}

    def visible(mount: Mount) -> bool:
        if mount.mount_id not in known:
            known[mount.mount_id] = False  # a cycle (never in a sane table) is not visible
            parent = by_id.get(mount.parent_id)
            while parent is not None and parent.mountpoint == mount.mountpoint and parent.mount_id != mount.mount_id:
                parent = by_id.get(parent.parent_id)  # mounted on top of another at the same place
            known[mount.mount_id] = last[mount.mountpoint] == mount.mount_id and (
                mount.mountpoint == "/" or parent is None or visible(parent))
        return known[mount.mount_id]

    order = {mount.mount_id: index for index, mount in enumerate(mounts)}
    shown = [mount for mount in mounts if visible(mount)]
    # Parents before children, whatever order the kernel lists them in.
    return sorted(shown, key=lambda m: (m.mountpoint.rstrip("/").count("/"), order[m.mount_id]))


def _overlay_option(path: str) -> str:
    return path.replace("\\", "\\\\").replace(",", "\\,").replace(":", "\\:")


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


class _Builder:
    """Builds the merged view under ``root`` (init does this, inside the new namespaces, before pivot_root)."""

    def __init__(self, workdir: str, unprivileged: bool = False):
        self.workdir = workdir
        self.unprivileged = unprivileged
        self.root = os.path.join(workdir, "root")
        self.layers_dir = os.path.join(workdir, "layers")
        os.mkdir(self.layers_dir, 0o700)
        self.layers_fd = os.open(self.layers_dir, os.O_RDONLY | os.O_DIRECTORY)
        self.channel_fd = os.open(os.path.join(workdir, "channel"), os.O_RDONLY | os.O_DIRECTORY)
        self.layers: List[Dict[str, str]] = []
        self.notes: List[str] = []

    def _mounts(self) -> List[Mount]:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as handle:
            return visible_mounts(handle.read())

    def _hide_scratch(self, prefix: str) -> None:
        """A tmpfs over the scratch folder (its upper folders would answer ELOOP), showing only the real
        report channel."""
        inside = prefix + self.workdir
        _mount("tmpfs", inside, "tmpfs", MS_NOSUID | MS_NODEV, "mode=700,size=1m")
        channel = os.path.join(inside, "channel")
        os.mkdir(channel)
        self.bind(f"/proc/self/fd/{self.channel_fd}", channel, read_only=False)

    def overlay(self, lower: str, target: str) -> None:
        index = str(len(self.layers))
        os.mkdir(index, dir_fd=self.layers_fd)
        os.mkdir(os.path.join(index, "upper"), dir_fd=self.layers_fd)
        os.mkdir(os.path.join(index, "work"), dir_fd=self.layers_fd)
        # Through our own descriptor: an overlay mounted in place over the folder that holds the layers must
        # not come between us and them.
        layer = f"/proc/self/fd/{self.layers_fd}/{index}"
        options = (f"lowerdir={_overlay_option(lower)},upperdir={_overlay_option(layer + '/upper')},"
                   f"workdir={_overlay_option(layer + '/work')}" + (",userxattr" if self.unprivileged else ""))
        try:
            _mount("overlay", target, "overlay", 0, options + ",redirect_dir=on")
        except SetupError:
            _mount("overlay", target, "overlay", 0, options)
        self.layers.append({"mountpoint": lower, "upper": os.path.join(self.layers_dir, index, "upper")})

    def bind(self, source: str, target: str, read_only: bool, recursive: bool = False) -> None:
        _mount(source, target, None, MS_BIND | (MS_REC if recursive else 0))
        if read_only:
            _mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY)

    def build(self) -> None:
        """As root: one overlay over the root filesystem at ``root``, the other mounts placed on it (pseudo
        filesystems bound, every other writable one overlaid too), then ``enter`` pivots into it."""
        _mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing done here propagates to the real mounts
        mounts = self._mounts()
        os.makedirs(self.root)
        root = next((m for m in mounts if m.mountpoint == "/"), None)
        if root is None:
            raise SetupError("no root mount in /proc/self/mountinfo")
        if root.fstype in PSEUDO_FILESYSTEMS or root.read_only:
            self.bind("/", self.root, read_only=True)
        else:
            self.overlay("/", self.root)
        for mount in mounts:
            point = mount.mountpoint
            if point == "/" or _under(point, "/proc") or (point != "/sys" and _under(point, "/sys")):
                continue
            if _under(point, self.workdir):
                continue
            target = self.root + point
            if not os.path.lexists(target):
                self.notes.append(f"{point} is not shown to the script (its mount point is hidden)")
                continue
            is_dir = os.path.isdir(point) and not os.path.islink(point)
            if point == "/sys":
                self.bind(point, target, read_only=False, recursive=True)
            elif mount.fstype in PSEUDO_FILESYSTEMS:
                self.bind(point, target, read_only=mount.read_only)
            elif mount.read_only or not is_dir:
                self.bind(point, target, read_only=True)
            else:
                try:
                    self.overlay(point, target)
                except (SetupError, OSError) as exc:
                    self.bind(point, target, read_only=True)
                    self.notes.append(f"{point} ({mount.fstype}) is read-only for the script: no overlay ({exc})")
        self._hide_scratch(self.root)

    def enter(self, cwd: str) -> None:
        os.chdir(self.root)
        _pivot_root(".", ".")
        _check(_c().umount2(b".", MNT_DETACH), "umount the old root")
        os.chdir("/")
        _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        os.chdir(cwd)

    def build_in_place(self) -> None:
        """In a user namespace (not root): the root filesystem cannot be overlaid whole while the kernel locks
        the mounts on it, so every folder tree that holds no mount point is overlaid where it is, and so is
        every other writable filesystem; folders that hold mount points (``/`` itself, ``/mnt``) are
        descended into. Whatever a user can write lies in such a tree."""
        _mount(None, "/", None, MS_REC | MS_PRIVATE)
        mounts = self._mounts()
        points = {m.mountpoint for m in mounts}
        trees: List[str] = []

        def cover(folder: str) -> None:
            if not any(p != folder and _under(p, folder) for p in points):
                trees.append(folder)
                return
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                return
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and entry.path not in points:
                    cover(entry.path)

        for mount in mounts:
            point = mount.mountpoint
            if mount.fstype in PSEUDO_FILESYSTEMS or mount.fstype == "devtmpfs" or mount.read_only \
                    or _under(point, "/proc") or _under(point, "/sys") or _under(point, self.workdir):
                continue
            if os.path.isdir(point) and not os.path.islink(point):
                cover(point)
        for tree in trees:
            try:
                self.overlay(tree, tree)
            except (SetupError, OSError) as exc:
                self.bind(tree, tree, read_only=True)  # still nothing changes there; the script's writes fail
                self.notes.append(f"{tree} is read-only for the script: no overlay ({exc})")
        self._hide_scratch("")

    def enter_in_place(self, cwd: str) -> None:
        _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        os.chdir("/")
        os.chdir(cwd)  # through the overlays now: the old working directory was the real folder


def _write_json(path: str, data: Dict[str, Any]) -> None:
    with open(path + ".partial", "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    os.replace(path + ".partial", path)


def launch() -> None:
    """``python -c ... isolation.launch() CONFIG``: unshare, fork the namespace's init, pass its status on."""
    config = json.loads(sys.argv[1])
    manifest = os.path.join(config["workdir"], "channel", "sandbox.json")
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != config["parent"]:
        os._exit(SETUP_FAILED)  # verify is already gone
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a core dump of ours would land outside the sandbox
    except (ImportError, ValueError, OSError):
        pass
    try:
        if config.get("unprivileged"):
            uid, gid = os.geteuid(), os.getegid()
            _check(_c().unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID),
                   "unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID)")
            for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
                with open(f"/proc/self/{name}", "w") as handle:  # the same ids inside as outside
                    handle.write(text)
        else:
            _check(_c().unshare(CLONE_NEWNS | CLONE_NEWPID), "unshare(CLONE_NEWNS | CLONE_NEWPID)")
    except (SetupError, OSError) as exc:
        _write_json(manifest, {"ok": False, "error": str(exc)})
        os._exit(SETUP_FAILED)
    read_end, write_end = os.pipe()
    init = os.fork()
    if init == 0:
        os.close(read_end)
        _init(config, manifest, write_end)
    os.close(write_end)
    with open(os.path.join(config["workdir"], "channel", "init.pid"), "w") as handle:
        handle.write(str(init))
    _, status = os.waitpid(init, 0)
    with os.fdopen(read_end, "rb") as pipe:
        reported = pipe.read().decode() or ""
    if reported.startswith("setup failed"):
        os._exit(SETUP_FAILED)
    if reported.startswith("status "):
        status = int(reported.split()[1])  # the child's; otherwise init's own (killed at the timeout)
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70)


def _init(config: Dict[str, Any], manifest: str, status_pipe: int) -> None:
    """PID 1 of the new namespace: build the sandbox, run the child, reap orphans; our exit kills the rest."""
    try:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        builder = _Builder(config["workdir"], unprivileged=bool(config.get("unprivileged")))
        if builder.unprivileged:
            builder.build_in_place()
        else:
            builder.build()
        _write_json(manifest, {"ok": True, "layers": builder.layers, "notes": builder.notes})
        if builder.unprivileged:
            builder.enter_in_place(config["cwd"])
        else:
            builder.enter(config["cwd"])
        os.close(builder.layers_fd)
        os.close(builder.channel_fd)
    except BaseException as exc:  # nothing of the user's has run yet
        try:
            _write_json(manifest, {"ok": False, "error": str(exc) or type(exc).__name__})
            os.write(status_pipe, b"setup failed")
        finally:
            os._exit(SETUP_FAILED)
    child = os.fork()
    if child == 0:
        os.close(status_pipe)
        try:
            os.execve(config["argv"][0], config["argv"], os.environ)
        finally:
            os._exit(127)
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            os._exit(70)
        except InterruptedError:
            continue
        if pid == child:
            os.write(status_pipe, f"status {status}".encode())
            os._exit(0)  # the kernel now kills everything left in the namespace


LAUNCH_BOOT = ("import sys; sys.path.insert(0, {parent!r}); from fitmigrate.harness import isolation; "
               "sys.path.remove({parent!r}); isolation.launch()")


# --- the parent: what the script tried to write -----------------------------------------------------

OPAQUE = ("trusted.overlay.opaque", "user.overlay.opaque")
REDIRECT = ("trusted.overlay.redirect", "user.overlay.redirect")


def _xattr(path: str, names: Tuple[str, ...]) -> Optional[bytes]:
    for name in names:
        try:
            return os.getxattr(path, name, follow_symlinks=False)
        except OSError:
            continue
    return None


@dataclass
class Write:
    path: str
    change: str  # created, modified, deleted, folder created, folder deleted, folder replaced, metadata changed

    def as_dict(self) -> Dict[str, str]:
        return {"path": self.path, "change": self.change}


def _walk_upper(upper: str, mountpoint: str) -> Iterator[Write]:
    stack = [""]
    while stack:
        relative = stack.pop()
        try:
            entries = sorted(os.scandir(os.path.join(upper, relative)), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            inner = os.path.join(relative, entry.name)
            real = os.path.join(mountpoint, inner)
            info = entry.stat(follow_symlinks=False)
            try:
                before: Optional[os.stat_result] = os.lstat(real)
            except OSError:
                before = None
            if stat.S_ISCHR(info.st_mode) and info.st_rdev == 0:
                if before is not None:
                    yield Write(real, "folder deleted" if stat.S_ISDIR(before.st_mode) else "deleted")
                continue
            if stat.S_ISDIR(info.st_mode):
                if before is None or not stat.S_ISDIR(before.st_mode):
                    yield Write(real, "folder created")
                elif _xattr(entry.path, OPAQUE) == b"y" or _xattr(entry.path, REDIRECT) is not None:
                    yield Write(real, "folder replaced")
                elif stat.S_IMODE(info.st_mode) != stat.S_IMODE(before.st_mode) or \
                        (info.st_uid, info.st_gid) != (before.st_uid, before.st_gid):
                    yield Write(real, "metadata changed")
                stack.append(inner)
                continue
            if before is None:
                yield Write(real, "created")
            elif stat.S_IFMT(info.st_mode) != stat.S_IFMT(before.st_mode) or info.st_size != before.st_size \
                    or not stat.S_ISREG(info.st_mode) or not _same_bytes(entry.path, real):
                yield Write(real, "modified")
            elif stat.S_IMODE(info.st_mode) != stat.S_IMODE(before.st_mode):
                yield Write(real, "metadata changed")
            else:
                yield Write(real, "opened for writing")


def _same_bytes(one: str, other: str) -> bool:
    try:
        with open(one, "rb") as a, open(other, "rb") as b:
            while True:
                chunk = a.read(1 << 20)
                if chunk != b.read(1 << 20):
                    return False
                if not chunk:
                    return True
    except OSError:
        return False


def contained_writes(manifest: Dict[str, Any], workdir: str) -> List[Write]:
    """What the child changed, read from the overlays' upper folders (a whiteout is a deletion)."""
    layers = os.path.join(os.path.realpath(workdir), "layers") + os.sep
    writes: List[Write] = []
    for layer in manifest.get("layers", []):
        upper = os.path.realpath(layer["upper"])
        if upper.startswith(layers):  # the manifest sits where the script could write: trust nothing else
            writes.extend(_walk_upper(upper, layer["mountpoint"]))
    return sorted(writes, key=lambda w: w.path)


def unavailable() -> Optional[str]:
    """Why the namespace sandbox cannot even be tried here, or None (it may still fail when set up)."""
    if os.environ.get(FORCE_ENV, "").strip().lower() in ("hooks", "guard", "none"):
        return f"{FORCE_ENV}={os.environ[FORCE_ENV]} disables the namespace sandbox"
    if not sys.platform.startswith("linux"):
        return f"mount namespaces are Linux only (this is {sys.platform})"
    if platform.machine() not in SYS_PIVOT_ROOT:
        return f"no pivot_root system call number known for {platform.machine()}"
    if os.geteuid() != 0:
        for knob, off in (("/proc/sys/kernel/unprivileged_userns_clone", "0"), ("/proc/sys/user/max_user_namespaces", "0")):
            try:
                with open(knob, encoding="ascii") as handle:
                    if handle.read().strip() == off:
                        return f"not root, and this kernel forbids unprivileged user namespaces ({knob} is {off})"
            except OSError:
                pass
    return None


def unprivileged() -> bool:
    """Whether the sandbox is built in a user namespace (not root, or forced: root's tests of that path)."""
    return os.geteuid() != 0 or os.environ.get(FORCE_ENV, "").strip().lower() == "user"


def writes_allowed() -> bool:
    return os.environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes")


SCRATCH_PREFIX = "fitmigrate-verify-"


def _start_time(pid: int) -> Optional[str]:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def claim_scratch(workdir: str) -> None:
    """Sign the scratch folder with our pid and start time, so a later run can tell it was left behind."""
    with open(os.path.join(workdir, "owner"), "w", encoding="ascii") as handle:
        handle.write(f"{os.getpid()} {_start_time(os.getpid())}")


def remove_stale_scratch(folder: str) -> None:
    """Scratch folders of verify runs that were killed outright (SIGKILL leaves no time to clean up)."""
    try:
        names = [name for name in os.listdir(folder) if name.startswith(SCRATCH_PREFIX)]
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        try:
            if os.lstat(path).st_uid != os.geteuid():
                continue
            with open(os.path.join(path, "owner"), encoding="ascii") as handle:
                pid, started = handle.read().split()
        except (OSError, ValueError):
            continue  # not ours, or still being set up
        if _start_time(int(pid)) != started:
            remove_scratch(path)


def reset_scratch(workdir: str) -> None:
    """Back to a scratch folder that only holds the empty report channel, for another attempt."""
    for name in ("layers", "root", "scratch"):
        if os.path.isdir(os.path.join(workdir, name)):
            remove_scratch(os.path.join(workdir, name))
    for name in ("sandbox.json", "init.pid", "report.json", "hang.txt"):
        try:
            os.remove(os.path.join(workdir, "channel", name))
        except OSError:
            pass


def remove_scratch(workdir: str) -> None:
    """Delete the scratch folder, overlay work folders (mode 000) and all, as its owner."""
    import shutil

    for folder, names, _ in os.walk(workdir):  # top-down: each folder is opened up before it is entered
        for name in names:
            path = os.path.join(folder, name)
            try:
                if not os.path.islink(path):
                    os.chmod(path, 0o700)
            except OSError:
                pass
    shutil.rmtree(workdir, ignore_errors=True)


# --- the best-effort guard (--allow-writes where no namespace sandbox exists) -------------------------

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
#: Audit events that change a path, and which of their arguments are paths.
_PATH_EVENTS = {
    "os.remove": (0,), "os.rmdir": (0,), "os.rename": (0, 1), "os.mkdir": (0,), "os.chmod": (0,),
    "os.chown": (0,), "os.symlink": (1,), "os.link": (1,), "os.truncate": (0,), "os.utime": (0,),
    "os.chflags": (0,), "os.lchflags": (0,), "os.lchmod": (0,), "os.setxattr": (0,), "os.removexattr": (0,),
    "os.mkfifo": (0,), "os.mknod": (0,), "shutil.rmtree": (0,), "shutil.move": (0, 1), "shutil.copyfile": (1,),
    "shutil.copytree": (1,), "shutil.chown": (0,),
}
_PROCESS_EVENTS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn")


class Guard:
    """Refuses (PermissionError) every write it sees outside ``allowed`` and records it. It sees Python's own
    file operations (audit hooks) and the writers patched below (h5py, OpenCV, TensorFlow's file API); it does
    not see other C libraries, and child processes run unguarded (each is recorded)."""

    def __init__(self, allowed: List[str]):
        self.allowed = [os.path.realpath(path) + os.sep for path in allowed]
        self.refused: List[Dict[str, str]] = []
        self._seen: set = set()

    def outside(self, path: Any) -> Optional[str]:
        """The absolute path when writing it would touch a file outside the allowed folders, else None."""
        if path is None or isinstance(path, int):
            return None
        try:
            text = os.fsdecode(os.fspath(path))
        except TypeError:
            return None
        absolute = os.path.abspath(text)
        head, tail = os.path.split(absolute)
        real = os.path.join(os.path.realpath(head), tail)
        if any((real + os.sep).startswith(folder) for folder in self.allowed):
            return None
        try:
            mode = os.stat(real).st_mode
        except OSError:
            return absolute
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            return None  # /dev/null, a terminal, a pipe: no file changes
        return absolute

    def refuse(self, paths: List[str], operation: str) -> None:
        for path in paths:
            if (path, operation) not in self._seen:
                self._seen.add((path, operation))
                self.refused.append({"path": path, "change": f"refused ({operation})"})
        raise PermissionError(errno.EACCES, f"fitmigrate verify refused this write ({operation}): no sandbox on "
                                            "this machine, the script runs under --allow-writes", paths[0])

    def check(self, operation: str, *paths: Any) -> None:
        outside = [path for path in map(self.outside, paths) if path is not None]
        if outside:
            self.refuse(outside, operation)

    def audit(self, event: str, args: Tuple[Any, ...]) -> None:
        if event == "open":
            if len(args) >= 3 and isinstance(args[2], int) and args[2] & _WRITE_FLAGS:
                self.check("open for writing", args[0])
        elif event in _PATH_EVENTS:
            self.check(event, *(args[index] for index in _PATH_EVENTS[event] if index < len(args)))
        elif event in _PROCESS_EVENTS:
            command = args[1] if event == "subprocess.Popen" and len(args) > 1 else args[0] if args else ""
            entry = {"path": str(command)[:300], "change": "child process started, not guarded"}
            if entry not in self.refused:
                self.refused.append(entry)

    def install(self) -> None:
        from fitmigrate.harness.hooks import PatchOnImport

        sys.addaudithook(self.audit)
        PatchOnImport({"h5py": self._patch_h5py, "cv2": self._patch_cv2,
                       "tensorflow": self._patch_tensorflow}).install()

    def _wrap(self, owner: Any, name: str, path_of, operation: str) -> None:
        original = getattr(owner, name, None)
        if original is None:
            return
        guard = self

        def guarded(*args, **kwargs):
            path = path_of(*args, **kwargs)
            if path is not None:
                guard.check(operation, path)
            return original(*args, **kwargs)

        try:
            setattr(owner, name, guarded)
        except (AttributeError, TypeError):
            pass

    def _patch_h5py(self, h5py: Any) -> None:
        def path_of(self_, name, mode="r", *args, **kwargs):
            mode = kwargs.get("mode", mode) or "r"
            return None if mode == "r" or not isinstance(name, (str, bytes, os.PathLike)) else name

        self._wrap(h5py.File, "__init__", path_of, "h5py.File for writing")

    def _patch_cv2(self, cv2: Any) -> None:
        for name in ("imwrite", "imwritemulti"):
            self._wrap(cv2, name, lambda filename, *a, **k: filename, f"cv2.{name}")

    def _patch_tensorflow(self, tf: Any) -> None:
        try:
            from tensorflow.python.lib.io import file_io
        except ImportError:
            return

        def file_path(self_, name, mode="r"):
            return name if any(c in mode for c in "wa+") else None

        self._wrap(file_io.FileIO, "__init__", file_path, "tf.io.gfile.GFile for writing")
        gfile = tf.io.gfile
        for name, index in (("makedirs", 0), ("mkdir", 0), ("remove", 0), ("rmtree", 0), ("rename", 1),
                            ("copy", 1)):
            self._wrap(gfile, name, lambda *a, _i=index, **k: a[_i] if len(a) > _i else None, f"tf.io.gfile.{name}")
        self._wrap(tf.io, "write_file", lambda filename, *a, **k: filename, "tf.io.write_file")
        self._wrap(tf.summary, "create_file_writer", lambda logdir, *a, **k: logdir, "tf.summary.create_file_writer")
        self._wrap(tf.saved_model, "save", lambda obj, export_dir, *a, **k: export_dir, "tf.saved_model.save")
        for name in ("save", "write"):
            self._wrap(tf.train.Checkpoint, name, lambda self_, prefix, *a, **k: prefix, f"tf.train.Checkpoint.{name}")
