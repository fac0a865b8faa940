"""Finding files, the cheap byte prefilter, and writes that never leave a half-written file."""

from __future__ import annotations

import errno
import os
import re
import stat
import subprocess
import tempfile
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Set, Tuple

from fitmigrate.config import Config

# The names a file must contain, as bytes, before it is worth parsing.
CANDIDATE_NAMES: Tuple[bytes, ...] = (b"fit_generator", b"evaluate_generator", b"predict_generator")
SKIPPED_DIRS = {".git", ".hg", ".svn", "__pycache__", "build", "site-packages", "dist-packages", "node_modules",
                ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".fitmigrate_cache", "venv", ".venv",
                ".eggs"}
SOURCE_SUFFIXES = (".py",)


# Legacy Keras names the Keras 3 rules (fitmigrate.analysis.keras3_breaks) look for: a file that mentions
# `keras` and one of these is parsed too.
KERAS3_LEGACY_BYTES = re.compile(
    rb"_utils\b|visualize_util|\blr\s*=|decay\s*=|optimizers|(?i:adadelta|adagrad|adamax|nadam)|layers\s*\.\s*(?:core|convolutional|normalization|pooling|recurrent|"
    rb"advanced_activations|embeddings|wrappers|merge|noise|local|cudnn|experimental|dense_attention)|layers import|"
    rb"\bMerge\b|\bmerge\s*\(|keras\s*\.\s*engine|objectives|scikit_learn|preprocessing|\binput\s*=|\boutput\s*=|"
    rb"predict_classes|predict_proba|nb_epoch|save_weights|\.save\s*\(|ModelCheckpoint|dim_ordering|border_mode|"
    rb"subsample|nb_filter|nb_row|nb_col|output_dim|\binit\s*=|_regularizer\s*=|_constraint\s*=|\bbias\s*=|"
    rb"\bp\s*=|pool_length|stride\s*=|inner_|dropout_[WU]|consume_less|forget_bias_init|_init\s*=|\bmode\s*=|"
    rb"sigma\s*=|length\s*=|filter_length|kernel_dim|input_dtype|Convolution[123]D|Deconv|Atrous|Locally|CuDNN|"
    rb"ThresholdedReLU|Highway|MaxoutDense|backend|\bK\s*\.|nb_classes|to_categorical|multi_gpu|l1l2|activity_l|"
    rb"Regularizer\b|losses|metrics|TFOptimizer|TensorBoard|ReduceLROnPlateau|sample_weight_mode|target_tensors|"
    rb"tensorflow\s*\.\s*python|Session|ConfigProto|GPUOptions|reset_default_graph|placeholder|variables_initializer|"
    rb"get_default_graph|set_random_seed|\.\s*contrib\b|FIFOQueue|\bSummary\b|\bacc\b|val_acc|\.\s*lr\b|"
    rb"load_weights|hdf5|import\s*\*")


def may_hold_keras3_break(data: bytes) -> bool:
    return b"keras" in data and KERAS3_LEGACY_BYTES.search(data) is not None


def may_hold_candidate(data: bytes) -> bool:
    return any(name in data for name in CANDIDATE_NAMES) or may_hold_keras3_break(data)


def is_virtualenv(path: Path) -> bool:
    return (path / "pyvenv.cfg").is_file() or (path / "conda-meta").is_dir()


# What discovery yields from a walk; a file named on the command line is yielded whatever its suffix.
DISCOVERED_SUFFIXES = (".py", ".ipynb")
# Never walked, whatever the configuration says: version-control state is never user code.
VCS_DIRS = {".git", ".hg", ".svn", ".bzr"}
# Variables a git hook (pre-commit) sets that would point our own `git` calls at the wrong repository.
_GIT_HOOK_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
                 "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE")


def discover(paths: Iterable[Path], config: Optional[Config] = None, *, force_exclude: bool = False) -> Iterator[Path]:
    """Source files (``.py``, ``.ipynb``) under ``paths``, each once, in a stable order.

    A file named in ``paths`` is always yielded, unless ``force_exclude`` and ``config`` excludes it
    (as ruff's ``--force-exclude``: pre-commit names every staged file, excluded ones too). Folders are
    walked in sorted order, a folder's files before its subfolders, skipping: what git ignores when
    the folder is in a git work tree (``.gitignore``, ``.git/info/exclude``, the global excludes file;
    tracked files are never ignored); what ``config`` excludes (the defaults when ``config`` is None);
    version-control folders, virtualenvs and symlinked folders always. A folder named in ``paths`` is
    walked even when it is excluded (unless ``force_exclude``) or ignored itself; its contents are
    still filtered.
    """
    config = config if config is not None else Config()
    seen: Set[str] = set()
    for root in paths:
        root = Path(root)
        if root.is_file() or (root.is_symlink() and not root.is_dir()):
            if not (force_exclude and config.is_excluded(root)) and _first_time(root, seen):
                yield root
            continue
        if not root.is_dir() or (force_exclude and config.is_excluded(root)):
            continue
        for path in _walk(root, config):
            if _first_time(path, seen):
                yield path


def _first_time(path: Path, seen: Set[str]) -> bool:
    """Each file once, even when named twice or inside two given folders: two workers must never write it."""
    key = os.path.normcase(os.path.abspath(path))
    if key in seen:
        return False
    seen.add(key)
    return True


def _walk(root: Path, config: Config) -> Iterator[Path]:
    ignored = _git_ignored(root)  # relative POSIX paths under root, or None outside a work tree
    unlistable: List[OSError] = []  # os.walk skips a folder it cannot list; yield it, so it is reported
    for folder, dirs, files in os.walk(root, onerror=unlistable.append):
        while unlistable:
            yield Path(unlistable.pop(0).filename)
        here = Path(folder)
        relative = here.relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        if prefix and ignored is not None and os.path.lexists(here / ".git"):
            # A nested repository or submodule: its own ignore rules apply inside, not the outer ones.
            nested = _git_ignored(here)
            if nested:
                ignored.update(prefix + entry for entry in nested)
        kept = []
        for name in sorted(dirs):
            path = here / name
            if (name in VCS_DIRS or (ignored is not None and prefix + name in ignored) or path.is_symlink()
                    or is_virtualenv(path) or config.excludes_entry(path)):
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if not name.endswith(DISCOVERED_SUFFIXES):
                continue
            path = here / name
            if (ignored is not None and prefix + name in ignored) or config.excludes_entry(path):
                continue
            yield path
    while unlistable:
        yield Path(unlistable.pop(0).filename)


def _git_ignored(folder: Path) -> Optional[Set[str]]:
    """What git ignores under ``folder`` (paths relative to it; a wholly ignored folder is one entry),
    or None when git is missing or ``folder`` is not in a work tree, so the walk goes on without it.

    One ``git ls-files`` call lists only the ignored, untracked entries, collapsed per folder, so the
    cost stays small on large trees, and files of a submodule (which that listing never names) are kept.
    """
    env = {key: value for key, value in os.environ.items() if key not in _GIT_HOOK_ENV}
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "--others", "--ignored", "--exclude-standard", "--directory", "-z"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env, timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    entries = set()
    for raw in result.stdout.split(b"\0"):
        entry = os.fsdecode(raw).rstrip("/")
        if entry and entry != ".":  # "./": the folder itself is ignored; it was named, so it is walked
            entries.add(entry)
    return entries


def is_within(path: Path, roots: Iterable[Path]) -> bool:
    """Whether ``path``, every symlink resolved, is one of ``roots`` or lies under one (roots resolved too).

    The caller's contract for writing: a file reached through a symlink is written only when its real
    location is inside what the user asked to migrate, so a link inside the tree never edits a file
    outside it.
    """
    real = Path(os.path.realpath(path))
    for root in roots:
        base = Path(os.path.realpath(root))
        if real == base or base in real.parents:
            return True
    return False


def write_atomically(path: Path, data: bytes, allowed_roots: Optional[Iterable[Path]] = None) -> None:
    """Write to a temporary file beside ``path`` and rename it over: readers see old or new, never half.

    The real file behind a symlink is written (the link stays a link); with ``allowed_roots`` that real
    file must lie inside one of them (``is_within``). A read-only file (no write bit for anyone, or not
    writable by this user) is refused, as root too: ``os.replace`` would succeed, but a read-only file
    says "do not edit me" (a Perforce checkout, a vendored copy). Refusals raise ``PermissionError``
    whose ``strerror`` says why, and leave the file as it was. Mode bits are kept, and the owner when
    the process may set it. After a crash (SIGKILL) a temporary file ``.NAME.XXXXXXXX.fitmigrate`` may
    remain beside the file: it never ends in ``.py``, so no later run reads it, and it can be deleted.
    """
    target = Path(os.path.realpath(path))
    if allowed_roots is not None and not is_within(target, allowed_roots):
        raise PermissionError(errno.EACCES, f"it is a symlink to {target}, outside the paths given; not followed "
                                            "for writing", str(path))
    info = target.stat()
    if not stat.S_ISREG(info.st_mode):
        raise PermissionError(errno.EACCES, "not a regular file", str(path))
    mode = stat.S_IMODE(info.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only", str(path))
    handle, temp = tempfile.mkstemp(dir=str(target.parent), prefix=f".{target.name}.", suffix=".fitmigrate")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            try:
                os.chown(temp, info.st_uid, info.st_gid)
            except OSError:
                pass  # only root may give a file away; the content and mode are what matter
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut right after it keeps the new name)."""
    try:
        fd = os.open(str(folder), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def existing(paths: List[Path]) -> List[Path]:
    return [p for p in paths if p.exists() or p.is_symlink()]
