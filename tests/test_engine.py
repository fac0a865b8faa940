"""The engine: results in input order whatever the scheduling, a bounded window of work in flight,
the byte prefilter in the parent, small runs and ``-j 1`` in process."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import libcst
import pytest
from click.testing import CliRunner

from fitmigrate import engine
from fitmigrate.cli import main

DATA = '''import numpy as np


def batches(x, y, batch_size=16):
    while True:
        idx = np.random.randint(0, len(x), batch_size)
        yield x[idx], y[idx]
'''

TRAIN = '''import numpy as np
from data import batches

x = np.random.rand(200, {n}).astype("float32")
y = np.random.randint(0, 3, 200)
model.fit_generator(batches(x, y), steps_per_epoch={n}, epochs=2)
'''

LOCAL = '''import numpy as np


def gen(bs=8):
    while True:
        yield np.zeros((bs, {n})), np.ones((bs, 1))


model.fit_generator(gen(), steps_per_epoch=3)
score = model.evaluate_generator(gen(), steps=2)
'''

REFUSED = '''from PIL import Image
import numpy as np


def gen(paths):
    while True:
        yield np.stack([np.asarray(Image.open(p)) for p in paths]), np.zeros(2)


model.fit_generator(gen(["a.png"]), steps_per_epoch={n})
'''

PLAIN = "def f(x):\n    return x + {n}\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """24 files, 15 of which pass the prefilter (more than SMALL_RUN), in three folders."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "data.py").write_text(DATA)
    for n in range(24):
        folder = tmp_path / "abc"[n % 3]
        text = (TRAIN, LOCAL, REFUSED, PLAIN, LOCAL, PLAIN, TRAIN, PLAIN)[n % 8].format(n=n + 1)
        (folder / f"m{n:02d}.py").write_text(text)
    return tmp_path


def files(root: Path):
    return sorted(root.rglob("m*.py"), key=lambda p: p.name)


def summary(results):
    rows = []
    for r in results:
        o = r.outcome
        if hasattr(o, "findings"):
            rows.append((r.path, o.error, [(f.diagnostic.format(), f.fixable) for f in o.findings]))
        else:
            rows.append((r.path, o.error, o.new, [d.format() for d in o.diagnostics], o.migrated, o.refused))
    return rows


@pytest.mark.parametrize("task", ["migrate", "check"])
def test_two_jobs_give_the_same_results_in_the_same_order_as_one(tree, task):
    paths = files(tree)
    one = summary(engine.run(paths, task, jobs=1))
    two = summary(engine.run(paths, task, jobs=2))
    assert [row[0] for row in two] == paths
    assert two == one
    assert any(row[2] for row in one)  # the tree does produce changes / findings


def test_cli_output_is_identical_with_one_and_two_jobs(tree):
    runner = CliRunner()
    outputs = []
    for jobs in ("1", "2"):
        result = runner.invoke(main, ["migrate", "--diff", "--no-cache", "-j", jobs, str(tree)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    assert outputs[0] == outputs[1]
    assert "would migrate" in outputs[0] and "+++ b/" in outputs[0]


class FakePool:
    """Stands in for ProcessPoolExecutor: runs each submitted call only when its result is asked for, and
    records how much work was ever outstanding at once."""

    instances: list = []

    def __init__(self, max_workers, initializer=None, initargs=()):
        self.max_workers = max_workers
        self.submitted = []
        self.outstanding = 0
        self.most_outstanding = 0
        FakePool.instances.append(self)

    def submit(self, fn, *args):
        pool = self
        self.submitted.append(args[0])
        self.outstanding += 1
        self.most_outstanding = max(self.most_outstanding, self.outstanding)

        class Lazy(Future):
            def done(self):
                return False

            def result(self, timeout=None):
                pool.outstanding -= 1
                return fn(*args)

        return Lazy()

    def shutdown(self, wait=True, cancel_futures=False):
        pass


@pytest.fixture
def fake_pool(monkeypatch):
    FakePool.instances = []
    monkeypatch.setattr(engine, "ProcessPoolExecutor", FakePool)
    return FakePool


def test_work_in_flight_and_results_held_back_are_bounded(tree, fake_pool, monkeypatch):
    monkeypatch.setattr(engine, "MAX_BUFFERED", 4)
    monkeypatch.setattr(engine, "MAX_IN_FLIGHT_PER_JOB", 1)
    monkeypatch.setattr(engine, "SMALL_RUN", 2)
    paths = files(tree)
    pulled = []

    def source():
        for path in paths:
            pulled.append(path)
            yield path

    seen = []
    for result in engine.run(source(), "check", jobs=2):
        seen.append(result.path)
        # Streaming: the input is read at most a window ahead of what was handed back.
        assert len(pulled) - len(seen) <= engine.MAX_BUFFERED + 1
    assert seen == paths
    (pool,) = fake_pool.instances
    assert pool.most_outstanding <= 2 * engine.MAX_IN_FLIGHT_PER_JOB + engine.SMALL_RUN


def test_only_files_that_pass_the_prefilter_reach_a_worker(tree, fake_pool, monkeypatch):
    parsed = []
    real_parse = libcst.parse_module
    monkeypatch.setattr(libcst, "parse_module", lambda source, *a, **k: parsed.append(source) or real_parse(source, *a, **k))
    paths = files(tree)
    results = list(engine.run(paths, "migrate", jobs=2))
    (pool,) = fake_pool.instances
    plain = [p for p in paths if p.read_text().startswith("def f(")]
    assert plain and not set(plain) & set(pool.submitted)
    assert set(pool.submitted) == set(paths) - set(plain)
    assert not any(source.startswith(b"def f(") for source in parsed)
    assert [r.path for r in results] == paths


def test_one_job_and_small_runs_stay_in_process(tree, fake_pool):
    paths = files(tree)
    list(engine.run(paths, "check", jobs=1))
    assert fake_pool.instances == []
    few = [p for p in paths if not p.read_text().startswith("def f(")][: engine.SMALL_RUN - 1]
    list(engine.run(few + [p for p in paths if p.read_text().startswith("def f(")], "check", jobs=4))
    assert fake_pool.instances == []


def test_a_worker_that_fails_costs_nothing_but_time(tree, monkeypatch):
    class DyingPool(FakePool):
        def submit(self, fn, *args):
            future = Future()
            future.set_exception(RuntimeError("worker killed"))
            return future

    monkeypatch.setattr(engine, "ProcessPoolExecutor", DyingPool)
    paths = files(tree)
    assert summary(engine.run(paths, "migrate", jobs=2)) == summary(engine.run(paths, "migrate", jobs=1))


def test_unreadable_and_oversized_files_keep_their_place(tree, monkeypatch):
    monkeypatch.setattr(engine, "MAX_FILE_BYTES", 60)
    paths = files(tree)[:4] + [tree / "missing.py", tree / "a"]
    results = list(engine.run(paths, "check", jobs=2))
    assert [r.path for r in results] == paths
    assert all(r.skipped for r in results[:4] if len(r.path.read_bytes()) > 60)
    assert results[4].problem and results[5].problem == "is a directory"


def test_special_files_are_refused_without_reading_them(tmp_path):
    import os

    fifo = tmp_path / "fifo.py"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.py"
    zero.symlink_to("/dev/zero")
    results = list(engine.run([fifo, zero], "migrate", jobs=1))
    assert all(r.problem and "not a regular file" in r.problem for r in results)
