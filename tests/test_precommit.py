"""The hooks of ``.pre-commit-hooks.yaml`` run by the real ``pre-commit`` tool, as a user's commit runs them:
``pre-commit try-repo`` against this repository, in a temporary git repository with staged files.

Each ``try-repo`` makes a virtualenv and pip-installs this repository (libcst, click, numpy; no
TensorFlow) from PyPI, about 15 seconds a run: the module makes three runs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in the `test` extra)")

pytestmark = pytest.mark.precommit

ROOT = Path(__file__).resolve().parent.parent
LEGACY = (
    "import numpy as np\n\n\ndef batches():\n    while True:\n"
    "        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n\n"
    "model.fit_generator(batches(), steps_per_epoch=2)\n"
)
CLEAN = "model.fit(dataset, steps_per_epoch=2)\n"
NOTEBOOK = ROOT / "sample_projects" / "notebook" / "train.ipynb"
# Directories never part of the repository when it is not a git work tree (an unpacked sdist).
NOT_SOURCE = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis", ".fitmigrate_cache"}


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """pre-commit's home in a temporary folder, and git without the user's or the system's config."""
    home = tmp_path_factory.mktemp("pre-commit-home")
    gitconfig = home / "gitconfig"
    gitconfig.write_text("")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    environment.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never", GIT_CONFIG_GLOBAL=str(gitconfig),
                       GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0")
    return environment


def git(env, cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def init_repo(env, path: Path) -> None:
    git(env, path, "init", "-q")
    git(env, path, "config", "--local", "user.name", "fitmigrate tests")
    git(env, path, "config", "--local", "user.email", "tests@fitmigrate.invalid")
    git(env, path, "config", "--local", "commit.gpgsign", "false")
    subprocess.run(["git", "config", "--local", "--unset-all", "core.hooksPath"], cwd=path, env=env, check=False)


def source_files(root: Path):
    """The repository's files as they are now: tracked and new ones, minus what .gitignore excludes."""
    if (root / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root,
                                check=True, capture_output=True).stdout.decode().split("\0")
        return [root / name for name in listed if name and (root / name).is_file()]
    return [p for p in root.rglob("*") if p.is_file() and not NOT_SOURCE.intersection(p.relative_to(root).parts)
            and not any(part.endswith(".egg-info") for part in p.relative_to(root).parts)]


@pytest.fixture(scope="module")
def hook_repo(env, tmp_path_factory) -> Path:
    """This repository's working tree, committed in a throwaway git repository.

    ``try-repo`` installs a repository's HEAD plus changes to *tracked* files: hooks or modules not yet
    committed would be missing, so it is given a snapshot that holds exactly the working tree.
    """
    snapshot = tmp_path_factory.mktemp("fitmigrate-repo")
    for path in source_files(ROOT):
        target = snapshot / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    init_repo(env, snapshot)
    git(env, snapshot, "add", "-A")
    git(env, snapshot, "commit", "-q", "-m", "snapshot of the working tree")
    return snapshot


@pytest.fixture
def work(env, tmp_path) -> Path:
    """A user's repository, where files are staged before a commit."""
    repo = tmp_path / "project"
    repo.mkdir()
    init_repo(env, repo)
    return repo


def stage(env, repo: Path, files: dict) -> None:
    for name, content in files.items():
        (repo / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    git(env, repo, "add", *files)


def try_repo(env, hook_repo: Path, repo: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), *args],
                            cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    print(result.stdout, result.stderr)  # shown when the test fails
    return result


def hook_results(output: str) -> dict:
    """{hook name: Passed / Failed / Skipped} from pre-commit's report."""
    return {m.group(1): m.group(2) for m in re.finditer(r"^(.+?)\.{3,}(?:\(no files to check\))?(Passed|Failed|Skipped)$",
                                                        output, re.M)}


def test_manifest_is_valid_and_installs_no_tensorflow():
    from pre_commit.clientlib import load_manifest

    hooks = {hook["id"]: hook for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert {hook_id: hook["entry"] for hook_id, hook in hooks.items()} == {
        "fitmigrate": "fitmigrate migrate", "fitmigrate-check": "fitmigrate check"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types_or"] == ["python", "jupyter"]
        assert hook["additional_dependencies"] == [] and hook["pass_filenames"]
        assert hook["require_serial"]  # one process, one report: fitmigrate parallelises itself
    dependencies = re.search(r"^dependencies = \[(.*?)\]", (ROOT / "pyproject.toml").read_text(), re.S | re.M)
    assert dependencies and "tensorflow" not in dependencies.group(1)  # what `language: python` installs


def test_fitmigrate_hook_rewrites_staged_legacy_files_and_fails(env, hook_repo, work):
    stage(env, work, {"train.py": LEGACY, "train.ipynb": NOTEBOOK.read_bytes()})
    result = try_repo(env, hook_repo, work, "fitmigrate", "--files", "train.py", "train.ipynb")
    assert result.returncode == 1
    assert hook_results(result.stdout) == {"fitmigrate (migrate fit_generator calls)": "Failed"}
    assert "files were modified by this hook" in result.stdout
    for name, dataset in (("train.py", "batches_dataset"), ("train.ipynb", "gen_dataset")):
        migrated = (work / name).read_text()
        assert f"{dataset} = tf.data.Dataset.from_generator(" in migrated and f"model.fit({dataset}" in migrated, migrated
    assert git(env, work, "diff", "--name-only").split() == ["train.ipynb", "train.py"]  # staged copies untouched


def test_check_hook_fails_on_a_legacy_file_and_writes_nothing(env, hook_repo, work):
    clean = {f"clean{i}.py": CLEAN for i in range(7)}
    stage(env, work, {"train.py": LEGACY, **clean})
    # TRAVIS makes pre-commit run a hook that allows it in two processes, splitting these 8 files in two batches.
    result = try_repo(dict(env, TRAVIS="1"), hook_repo, work, "fitmigrate-check", "--files", "train.py", *clean)
    assert result.returncode == 1
    assert list(hook_results(result.stdout).values()) == ["Failed"]
    assert "train.py:9:1: FM100 fit_generator() was removed in Keras 3" in result.stdout
    summaries = [line for line in result.stdout.splitlines() if line.startswith(("Found ", "All clear"))]
    assert summaries == ["Found 1 finding: 1 x FM100 (in 8 files checked)"]  # one report for the whole run
    assert (work / "train.py").read_text() == LEGACY
    assert git(env, work, "diff", "--name-only") == ""


def test_both_hooks_pass_clean_files(env, hook_repo, work):
    migrated = LEGACY.replace("model.fit_generator(batches(), steps_per_epoch=2)", "model.fit(dataset, steps_per_epoch=2)")
    stage(env, work, {"clean.py": CLEAN, "migrated.py": migrated})
    result = try_repo(env, hook_repo, work, "--files", "clean.py", "migrated.py")  # every hook of the manifest
    assert result.returncode == 0
    assert hook_results(result.stdout) == {"fitmigrate (migrate fit_generator calls)": "Passed",
                                           "fitmigrate check (legacy Keras calls and training hazards)": "Passed"}
    assert (work / "clean.py").read_text() == CLEAN and (work / "migrated.py").read_text() == migrated


# A positional count nothing settles (FM104) beside a Keras 1 argument whose fix would write a Keras 2 name.
AMBIGUOUS = (
    "import numpy as np\nfrom keras.models import Sequential\nfrom keras.layers import Dense\n\n\n"
    "def gen():\n    while True:\n        yield np.random.rand(25, 20), np.random.rand(25, 1)\n\n\n"
    "model = Sequential([Dense(1, init='zero', input_dim=20)])\nmodel.compile(optimizer='sgd', loss='mse')\n"
    "model.fit_generator(gen(), 500, 3)\n"
)


def test_commit_add_commit_keeps_a_refused_call_refused(env, hook_repo, work):
    """The ordinary path with the hook installed: commit (the hook rewrites a file and fails), add, commit.
    The second run of the hook sees what the first wrote, and must not migrate the call the first refused."""
    rev = git(env, hook_repo, "rev-parse", "HEAD").strip()
    config = f"repos:\n-   repo: {hook_repo}\n    rev: {rev}\n    hooks:\n    -   id: fitmigrate\n"
    stage(env, work, {".pre-commit-config.yaml": config, "ambiguous.py": AMBIGUOUS, "train.py": LEGACY})
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=work, env=env, check=True,
                   capture_output=True)

    def commit() -> subprocess.CompletedProcess:
        result = subprocess.run(["git", "commit", "-q", "-m", "training scripts"], cwd=work, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
        print(result.stdout)  # git prints the hook's report on stderr: both are in stdout here
        return result

    first = commit()
    assert first.returncode == 1 and "files were modified by this hook" in first.stdout
    assert "FM104" in first.stdout
    assert (work / "ambiguous.py").read_text() == AMBIGUOUS
    assert "model.fit(batches_dataset" in (work / "train.py").read_text()
    git(env, work, "add", "-A")
    second = commit()
    assert second.returncode == 0, second.stdout  # (pre-commit shows a passing hook's report only when verbose)
    assert git(env, work, "show", "HEAD:ambiguous.py") == AMBIGUOUS
    assert git(env, work, "status", "--porcelain") == ""


def readme_snippet() -> str:
    """The `.pre-commit-config.yaml` the README's *Pre-commit* section prints."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("\n## Pre-commit"):]
    found = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert found, "the Pre-commit section has no yaml snippet"
    return found.group(1)


@pytest.fixture(scope="module")
def clone(env, hook_repo, tmp_path_factory) -> Path:
    """A local clone of the repository (its working tree, committed), its branch named as the published one's."""
    path = tmp_path_factory.mktemp("clone") / "fitmigrate"
    git(env, path.parent, "clone", "-q", str(hook_repo), str(path))
    git(env, path, "branch", "-M", "main")
    return path


def test_the_readme_snippet_works_as_printed(env, clone, work):
    """The README's snippet, only its `repo:` URL pointed at a local clone: `pre-commit run` installs the hooks
    and they run (the fitmigrate hook rewrites the legacy file and fails, as a rewrite must); then
    `pre-commit autoupdate --freeze`, as the README says, pins `rev:` to a commit."""
    config, replaced = re.subn(r"(repo: )\S+", lambda m: m.group(1) + str(clone), readme_snippet())
    assert replaced == 1
    stage(env, work, {".pre-commit-config.yaml": config, "train.py": LEGACY})
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=work, env=env,
                            capture_output=True, text=True, timeout=600)
    print(result.stdout, result.stderr)
    assert result.returncode == 1
    assert hook_results(result.stdout) == {"fitmigrate (migrate fit_generator calls)": "Failed",
                                           "fitmigrate check (legacy Keras calls and training hazards)": "Passed"}
    assert "files were modified by this hook" in result.stdout
    assert "model.fit(batches_dataset" in (work / "train.py").read_text()
    frozen = subprocess.run([sys.executable, "-m", "pre_commit", "autoupdate", "--freeze"], cwd=work, env=env,
                            capture_output=True, text=True, timeout=600)
    print(frozen.stdout, frozen.stderr)
    assert frozen.returncode == 0
    rev = git(env, clone, "rev-parse", "main").strip()
    assert f"rev: {rev}" in (work / ".pre-commit-config.yaml").read_text()
