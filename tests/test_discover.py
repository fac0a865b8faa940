"""File discovery: .gitignore in a real git work tree, config excludes, explicit files, notebooks, order."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from fitmigrate.config import Config, load_config
from fitmigrate.files import discover

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def touch(root: Path, *relatives: str) -> None:
    for relative in relatives:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def found(root: Path, *paths, config=None) -> list:
    return [p.relative_to(root).as_posix() for p in discover(list(paths) or [root], config)]


def git(cwd: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", *args], cwd=cwd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / ".gitignore").write_text("generated/\n*_pb2.py\n/scratch.py\ndata/**/*.py\n")
    touch(root, "train.py", "scratch.py", "model_pb2.py", "generated/a.py", "pkg/loader.py", "pkg/scratch.py",
          "data/raw/x.py", "notebooks/explore.ipynb", "notes.txt")
    return root


@needs_git
def test_git_ignored_files_are_skipped(repo):
    assert found(repo) == ["train.py", "notebooks/explore.ipynb", "pkg/loader.py", "pkg/scratch.py"]


@needs_git
def test_tracked_files_are_never_ignored(repo):
    git(repo, "add", "-f", "model_pb2.py")
    assert "model_pb2.py" in found(repo)


@needs_git
def test_info_exclude_is_respected(repo):
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "exclude").write_text("pkg/loader.py\n")
    assert "pkg/loader.py" not in found(repo)


@needs_git
def test_a_subfolder_of_the_work_tree_uses_the_repositorys_rules(repo):
    assert found(repo, repo / "pkg") == ["pkg/loader.py", "pkg/scratch.py"]
    assert found(repo, repo / "data") == []


@needs_git
def test_explicit_files_are_always_included(repo):
    assert found(repo, repo / "generated" / "a.py", repo / "notes.txt") == ["generated/a.py", "notes.txt"]


@needs_git
def test_an_explicitly_named_ignored_folder_is_walked(repo):
    assert found(repo, repo / "generated") == ["generated/a.py"]


@needs_git
def test_nested_repository_uses_its_own_ignore_rules(repo):
    nested = repo / "vendor" / "lib"
    nested.mkdir(parents=True)
    git(nested, "init", "-q")
    (nested / ".gitignore").write_text("skip.py\n")
    touch(nested, "keep.py", "skip.py")
    listed = found(repo)
    assert "vendor/lib/keep.py" in listed and "vendor/lib/skip.py" not in listed


def test_outside_a_work_tree_the_plain_walk_is_used(tmp_path, monkeypatch):
    (tmp_path / ".gitignore").write_text("*.py\n")  # not a repository: means nothing
    touch(tmp_path, "a.py", "b/c.py")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert found(tmp_path) == ["a.py", "b/c.py"]


def test_without_git_the_plain_walk_is_used(repo, monkeypatch):
    monkeypatch.setenv("PATH", str(repo / "no-such-bin"))
    assert "generated/a.py" in found(repo) and "scratch.py" in found(repo)


def test_default_skips(tmp_path):
    touch(tmp_path, "ok.py", ".git/hooks/x.py", "venv/lib/site.py", "build/lib/x.py", "site-packages/x.py",
          "__pycache__/x.py", ".mypy_cache/x.py", "pkg.egg-info/x.py", ".ipynb_checkpoints/nb-checkpoint.ipynb",
          "env/lib/x.py")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n")
    assert found(tmp_path) == ["ok.py"]


def test_config_excludes(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.fitmigrate]\nextend-exclude = ["legacy", "src/gen/*.py"]\n')
    touch(tmp_path, "legacy/a.py", "src/legacy/b.py", "src/gen/c.py", "src/gen/deep/d.py", "src/e.py", "build/f.py")
    config = load_config([tmp_path])
    assert found(tmp_path, config=config) == ["src/e.py", "src/gen/deep/d.py"]


def test_exclude_replaces_the_defaults_but_vcs_and_virtualenvs_stay_skipped(tmp_path):
    touch(tmp_path, "build/a.py", ".git/b.py", "env/c.py", "old/d.py")
    (tmp_path / "env" / "pyvenv.cfg").write_text("")
    config = Config(root=tmp_path, exclude=("old",))
    assert found(tmp_path, config=config) == ["build/a.py"]


def test_explicit_files_bypass_config_excludes(tmp_path):
    touch(tmp_path, "legacy/a.py", "build/b.py")
    config = Config(root=tmp_path, extend_exclude=("legacy",))
    assert found(tmp_path, tmp_path / "legacy" / "a.py", tmp_path / "build" / "b.py", config=config) == \
        ["legacy/a.py", "build/b.py"]
    assert found(tmp_path, tmp_path / "legacy", config=config) == ["legacy/a.py"]  # a named folder is walked


def test_notebooks_are_yielded_and_other_files_are_not(tmp_path):
    touch(tmp_path, "a.ipynb", "b.py", "c.pyc", "d.txt", "e.pyi")
    assert found(tmp_path) == ["a.ipynb", "b.py"]


def test_order_is_sorted_files_before_subfolders_and_each_file_once(tmp_path):
    touch(tmp_path, "z.py", "a.py", "m/b.py", "b/z.py", "b/a.py", "B.py")
    expected = ["B.py", "a.py", "z.py", "b/a.py", "b/z.py", "m/b.py"]
    assert found(tmp_path) == expected
    assert found(tmp_path, tmp_path, tmp_path / "a.py", tmp_path / "b") == expected


def test_symlinked_folders_are_not_walked(tmp_path):
    touch(tmp_path, "real/a.py")
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    assert found(tmp_path) == ["real/a.py"]


@needs_git
def test_ten_thousand_files_stay_fast(tmp_path):
    root = tmp_path / "big"
    root.mkdir()
    git(root, "init", "-q")
    (root / ".gitignore").write_text("ignored_*/\n*_skip.py\n")
    for d in range(100):
        folder = root / (f"ignored_{d}" if d % 10 == 0 else f"pkg{d}")
        folder.mkdir()
        for f in range(100):
            (folder / (f"m{f}_skip.py" if f % 4 == 0 else f"m{f}.py")).write_bytes(b"")
    start = time.perf_counter()
    files = list(discover([root], load_config([root])))
    elapsed = time.perf_counter() - start
    assert len(files) == 90 * 75
    assert elapsed < 5, f"discovery of 10,000 files took {elapsed:.1f}s"


def test_force_exclude_applies_config_excludes_to_named_paths(tmp_path):
    touch(tmp_path, "legacy/a.py", "src/b.py")
    config = Config(root=tmp_path, extend_exclude=("legacy",))
    named = [tmp_path / "legacy" / "a.py", tmp_path / "src" / "b.py", tmp_path / "legacy"]
    assert [p.relative_to(tmp_path).as_posix() for p in discover(named, config, force_exclude=True)] == ["src/b.py"]
