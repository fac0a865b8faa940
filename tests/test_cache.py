"""The result cache: a second run over an unchanged tree parses nothing; a change to a file, to a module it
imports (or a module appearing where an import looked), to fitmigrate or to the settings is seen."""

from __future__ import annotations

import json
from pathlib import Path

import libcst
import pytest
from click.testing import CliRunner

from fitmigrate import cache as cache_module
from fitmigrate.cache import CACHE_DIR, Cache, project_root
from fitmigrate.check import check_bytes
from fitmigrate.cli import main
from fitmigrate.migrate import migrate_bytes

DATA = '''import numpy as np


def batches(n=8):
    while True:
        yield np.zeros((n, 4), dtype="float32"), np.zeros((n, 1), dtype="float32")
'''

DATA_UNPROVABLE = '''import numpy as np
from PIL import Image


def batches(n=8):
    while True:
        yield np.stack([np.asarray(Image.open("a.png"))] * n), np.zeros((n, 1), dtype="float32")
'''

TRAIN = '''from data import batches

model.fit_generator(batches(), steps_per_epoch=4, epochs=2)
'''

REFUSED = '''def gen(paths):
    while True:
        yield load(paths)


model.fit_generator(gen(["a"]), steps_per_epoch=3)
'''


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    (tmp_path / "data.py").write_text(DATA)
    (tmp_path / "train.py").write_text(TRAIN)
    (tmp_path / "refused.py").write_text(REFUSED)
    (tmp_path / "plain.py").write_text("x = 1\n")
    return tmp_path


@pytest.fixture
def parses(monkeypatch):
    """Every libcst.parse_module call in this process, by the first line parsed."""
    calls = []
    real = libcst.parse_module

    def counting(source, *args, **kwargs):
        calls.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(libcst, "parse_module", counting)
    return calls


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def test_a_second_check_parses_nothing(project, parses):
    first = run("check", "-j", "1", str(project))
    assert parses, "the first run parses"
    assert (project / CACHE_DIR).is_dir()
    parses.clear()
    second = run("check", "-j", "1", str(project))
    assert parses == []
    assert second.output == first.output and second.exit_code == first.exit_code == 1
    assert "[fixable: fitmigrate migrate]" in second.output  # train.py, through data.py
    assert "refused.py" in second.output


def test_a_second_check_with_workers_parses_nothing_either(project, parses, monkeypatch):
    monkeypatch.setattr("fitmigrate.engine.SMALL_RUN", 1)  # start real worker processes for two files
    first = run("check", "-j", "2", str(project))
    parses.clear()
    second = run("check", "-j", "2", str(project))
    assert parses == [] and second.output == first.output


def test_editing_a_file_reparses_only_that_file(project, parses):
    run("check", "-j", "1", str(project))
    (project / "refused.py").write_text(REFUSED.replace("steps_per_epoch=3", "steps_per_epoch=5"))
    parses.clear()
    run("check", "-j", "1", str(project))
    assert len(parses) == 1 and b"steps_per_epoch=5" in parses[0]


def test_editing_an_imported_module_invalidates_the_importer(project):
    assert "[fixable: fitmigrate migrate]" in run("check", str(project / "train.py")).output
    (project / "data.py").write_text(DATA_UNPROVABLE)
    after = run("check", str(project / "train.py")).output
    assert "[fixable" not in after and "FM103" in after


def test_a_module_appearing_where_an_import_looked_invalidates(project):
    (project / "data.py").unlink()
    assert "FM102" in run("check", str(project / "train.py")).output
    (project / "data.py").write_text(DATA)
    assert "[fixable: fitmigrate migrate]" in run("check", str(project / "train.py")).output


def test_a_second_migrate_diff_parses_nothing_and_prints_the_same_diff(project, parses):
    first = run("migrate", "--diff", "-j", "1", str(project))
    parses.clear()
    second = run("migrate", "--diff", "-j", "1", str(project))
    # train.py would change: its new bytes come from the cache; refused.py's refusal too.
    assert parses == []
    assert second.output == first.output and "+" in first.output and "fit(" in first.output
    assert "1 would change, would migrate 1 call, 1 left with a diagnostic" in second.output


def test_migrate_in_place_then_again_uses_the_cache(project, parses):
    assert run("migrate", "-j", "1", str(project)).exit_code == 0
    run("migrate", "-j", "1", str(project))  # train.py is migrated now: its "no change" result is cached
    parses.clear()
    result = run("migrate", "--check", "-j", "1", str(project))
    assert result.exit_code == 0 and parses == []


def test_no_cache_neither_reads_nor_writes(project, parses):
    run("check", "--no-cache", "-j", "1", str(project))
    assert not (project / CACHE_DIR).exists()
    run("check", "-j", "1", str(project))
    parses.clear()
    run("check", "--no-cache", "-j", "1", str(project))
    assert parses
    run("migrate", "--no-cache", "--diff", "-j", "1", str(project))


def test_a_corrupt_cache_is_ignored_and_replaced(project, parses):
    first = run("check", "-j", "1", str(project))
    (cache_file,) = (project / CACHE_DIR).glob("check-*.json")
    for garbage in (b"\x00not json", b'{"schema": 1, "key": "x", "entries": []}', b"[1, 2]", b""):
        cache_file.write_bytes(garbage)
        parses.clear()
        assert run("check", "-j", "1", str(project)).output == first.output
        assert parses
    # Valid JSON whose entries are damaged: each damaged entry is a miss, never a crash.
    document = json.loads(cache_file.read_text())
    for entry in document["entries"].values():
        entry["result"] = {"findings": [["FM100"]]}
    cache_file.write_text(json.dumps(document))
    assert run("check", "-j", "1", str(project)).output == first.output


def test_a_cache_that_cannot_be_written_is_not_an_error(project):
    (project / CACHE_DIR).write_text("a file where the folder should be")
    result = run("check", "-j", "1", str(project))
    assert result.exit_code == 1 and "FM100" in result.output


def test_tool_version_and_configuration_are_part_of_the_key(project):
    data = (project / "refused.py").read_bytes()
    outcome = check_bytes(data, project / "refused.py")
    for task in ("check",):
        stored = Cache(project, task, "config-a", version="1")
        key = cache_module.digest(data)
        assert stored.put(project / "refused.py", key, outcome, {})
        stored.save()
        assert Cache(project, task, "config-a", version="1").get(project / "refused.py", key, data) is not None
        assert Cache(project, task, "config-b", version="1").get(project / "refused.py", key, data) is None
        assert Cache(project, task, "config-a", version="2").get(project / "refused.py", key, data) is None
        assert Cache(project, "migrate", "config-a", version="1").get(project / "refused.py", key, data) is None


def test_a_new_fitmigrate_invalidates_through_the_cli(project, parses, monkeypatch):
    run("check", "-j", "1", str(project))
    monkeypatch.setattr(cache_module, "_tool_fingerprint", "a different build")
    parses.clear()
    run("check", "-j", "1", str(project))
    assert parses


def test_a_changed_dependency_hash_is_a_miss(project):
    data = (project / "train.py").read_bytes()
    outcome = check_bytes(data, project / "train.py")
    stored = Cache(project, "check", "", version="1")
    key = cache_module.digest(data)
    stored.put(project / "train.py", key, outcome, {str(project / "data.py"): cache_module.file_digest(project / "data.py"),
                                                    str(project / "gone.py"): None})
    assert stored.get(project / "train.py", key, data) is not None
    (project / "gone.py").write_text("")
    assert Cache(project, "check", "", version="1").get(project / "train.py", key, data) is None


def test_restored_outcomes_equal_fresh_ones(project):
    for name in ("train.py", "refused.py"):
        path = project / name
        data = path.read_bytes()
        for task, function in (("check", check_bytes), ("migrate", migrate_bytes)):
            fresh = function(data, path)
            store = Cache(project, task, "", version="1")
            assert store.put(path, "k", fresh, {})  # a file to rewrite too: its new bytes are kept
            assert store.get(path, "k", data) == fresh
            store.save()
            assert Cache(project, task, "", version="1").get(path, "k", data) == fresh  # through the JSON file
    assert migrate_bytes((project / "train.py").read_bytes(), project / "train.py").changed  # the case is covered


def test_the_cache_lives_at_the_project_root(tmp_path):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "src" / "pkg").mkdir(parents=True)
    assert project_root([tmp_path / "repo" / "src" / "pkg"]) == tmp_path / "repo"
    assert project_root([tmp_path / "repo" / "src" / "pkg" / "m.py"]) == tmp_path / "repo"
    (tmp_path / "loose").mkdir()
    (tmp_path / "loose" / "m.py").write_text("")
    if not any((folder / marker).exists() for folder in tmp_path.parents for marker in ("pyproject.toml", ".git")):
        assert project_root([tmp_path / "loose" / "m.py"]) == tmp_path / "loose"
        assert project_root([tmp_path / "loose"]) == tmp_path / "loose"


def test_the_cache_folder_says_what_it_is(project):
    run("check", str(project))
    folder = project / CACHE_DIR
    assert (folder / ".gitignore").read_text().strip().endswith("*")
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_environment_turns_it_off_or_moves_it(project, tmp_path_factory, monkeypatch, parses):
    monkeypatch.setenv("FITMIGRATE_NO_CACHE", "1")
    run("check", "-j", "1", str(project))
    assert not (project / CACHE_DIR).exists()
    monkeypatch.delenv("FITMIGRATE_NO_CACHE")
    elsewhere = tmp_path_factory.mktemp("ci-cache") / "fitmigrate"
    monkeypatch.setenv("FITMIGRATE_CACHE_DIR", str(elsewhere))
    run("check", "-j", "1", str(project))
    assert not (project / CACHE_DIR).exists() and list(elsewhere.glob("check-*.json"))
    parses.clear()
    run("check", "-j", "1", str(project))
    assert parses == []


def test_a_configuration_change_invalidates_through_the_cli(project, parses):
    run("check", "-j", "1", str(project))
    parses.clear()
    run("check", "-j", "1", str(project))
    assert parses == []
    (project / "pyproject.toml").write_text("[project]\nname = 'p'\n\n[tool.fitmigrate]\nignore = [\"FM305\"]\n")
    run("check", "-j", "1", str(project))
    assert parses


def _age(root: Path, seconds: float = 60) -> None:
    """Files written by a test are younger than RACY_SECONDS: make them look older, as a real tree's are."""
    import os
    import time

    past = time.time() - seconds
    for path in root.rglob("*.py"):
        os.utime(path, (past, past))


def test_a_warm_check_does_not_even_read_files_the_prefilter_rejected(project, monkeypatch):
    from fitmigrate import engine

    _age(project)
    run("check", "-j", "1", str(project))
    read = []
    real_read = engine.read
    monkeypatch.setattr(engine, "read", lambda path: read.append(path.name) or real_read(path))
    first = run("check", "-j", "1", str(project))
    assert "plain.py" not in read and "data.py" not in read  # rejected by the prefilter, unchanged
    assert sorted(read) == ["refused.py", "train.py"]  # hashed to find their cached results
    # An edit changes the size or the mtime: the file is read again and the new call is found.
    (project / "plain.py").write_text("model.fit_generator(gen(), steps_per_epoch=2)\n")
    read.clear()
    second = run("check", "-j", "1", str(project))
    assert "plain.py" in read and "plain.py:1:1: FM100" in second.output and "plain.py" not in first.output


def test_a_file_modified_just_before_it_was_read_is_not_remembered_by_its_stat(project, monkeypatch):
    from fitmigrate import engine

    run("check", "-j", "1", str(project))  # every file is fresh: racy, so none is remembered
    read = []
    real_read = engine.read
    monkeypatch.setattr(engine, "read", lambda path: read.append(path.name) or real_read(path))
    run("check", "-j", "1", str(project))
    assert "plain.py" in read
