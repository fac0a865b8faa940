"""Each sample project migrates exactly to its golden copy, a second run changes nothing, and the
migrated projects that are correct train for real under Keras 3."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.goldenfiles import GOLDEN, migrated_copy, projects, sources

PROJECTS = projects()
# Correct projects whose migration must run under Keras 3 as it is (no legacy Keras needed).
RUN_UNDER_KERAS3 = {"correct", "sequence_workers", "multi_input_dict", "cross_module"}


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_project_migrates_to_its_golden_copy(project, tmp_path):
    target = migrated_copy(project, tmp_path)
    before, after = sources(project), sources(target)
    golden = GOLDEN / project.name
    expected = {name: (golden / name).read_bytes() if (golden / name).exists() else data for name, data in before.items()}
    assert after.keys() == expected.keys()
    for name in after:
        assert after[name] == expected[name], f"{project.name}/{name} differs from tests/golden"
    assert golden.exists() or after == before


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_second_run_changes_nothing(project, tmp_path):
    from fitmigrate.cli import run

    target = migrated_copy(project, tmp_path)
    once = sources(target)
    run(["migrate", "-j", "1", "--no-cache", "-q", str(target)])
    assert sources(target) == once


@pytest.mark.tensorflow
@pytest.mark.parametrize("project", [p for p in PROJECTS if p.name in RUN_UNDER_KERAS3], ids=lambda p: p.name)
def test_migrated_project_trains_under_keras3(project, tmp_path):
    target = migrated_copy(project, tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "TF_USE_LEGACY_KERAS"}
    env.update(TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="")
    result = subprocess.run([sys.executable, "train.py"], cwd=target, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
