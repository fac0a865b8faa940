"""The progress bar: on a terminal for long runs only, never with --quiet, never in the way of output."""

from __future__ import annotations

import io
import math

import pytest
from click.testing import CliRunner

from fitmigrate import engine, progress
from fitmigrate.cli import main
from fitmigrate.progress import Progress


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture(autouse=True)
def no_override(monkeypatch):
    monkeypatch.delenv("FITMIGRATE_PROGRESS", raising=False)
    monkeypatch.setenv("TERM", "xterm")


def test_hidden_when_stderr_is_not_a_terminal():
    stream = io.StringIO()
    assert list(Progress(10_000, stream=stream).track(range(600))) == list(range(600))
    assert stream.getvalue() == ""


def test_shown_on_a_terminal_for_many_files_and_cleared_at_the_end():
    stream = FakeTTY()
    list(Progress(600, stream=stream).track(range(600)))
    text = stream.getvalue()
    assert "fitmigrate [" in text and "/600 files" in text
    assert text.endswith("\r\x1b[K")  # the line is empty again when the command prints its summary


def test_a_short_fast_run_shows_nothing_and_a_slow_one_appears_after_a_second():
    stream, clock = FakeTTY(), Clock()
    bar = Progress(20, stream=stream, clock=clock)
    items = bar.track(range(20))
    next(items)
    next(items)
    assert stream.getvalue() == ""
    clock.now = progress.SLOW_SECONDS + 0.5
    next(items)
    assert "/20 files 1.5s" in stream.getvalue()


def test_quiet_hides_it_even_on_a_terminal_or_when_forced(monkeypatch):
    stream = FakeTTY()
    list(Progress(5000, stream=stream, quiet=True).track(range(10)))
    monkeypatch.setenv("FITMIGRATE_PROGRESS", "1")
    list(Progress(5000, stream=stream, quiet=True).track(range(10)))
    assert stream.getvalue() == ""


def test_the_environment_variable_forces_it_on_or_off(monkeypatch):
    monkeypatch.setenv("FITMIGRATE_PROGRESS", "1")
    stream = io.StringIO()
    list(Progress(5000, stream=stream).track(range(10)))
    assert "/5000 files" in stream.getvalue()
    monkeypatch.setenv("FITMIGRATE_PROGRESS", "0")
    tty = FakeTTY()
    list(Progress(5000, stream=tty).track(range(10)))
    assert tty.getvalue() == ""


def test_a_dumb_terminal_gets_no_bar(monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    stream = FakeTTY()
    list(Progress(5000, stream=stream).track(range(10)))
    assert stream.getvalue() == ""


def test_the_bar_steps_aside_for_items_the_caller_prints():
    stream = FakeTTY()
    for item in Progress(5000, stream=stream).track(range(5), silent=lambda i: i != 3):
        if item == 3:
            assert stream.getvalue().endswith("\r\x1b[K")  # cleared: the caller's line starts clean
            stream.write("a finding\n")
    after = stream.getvalue().split("a finding\n", 1)[1]
    assert after.startswith("\rfitmigrate [")  # and drawn again below it


def test_redraws_are_throttled():
    stream, clock = FakeTTY(), Clock()

    def ticking():
        for i in range(1000):
            if i == 500:
                clock.now = progress.REDRAW_SECONDS * 2
            yield i

    list(Progress(5000, stream=stream, clock=clock).track(ticking()))
    assert stream.getvalue().count("fitmigrate [") == 2


def test_a_broken_stream_stops_the_bar_not_the_run():
    class Broken(FakeTTY):
        def write(self, text):
            raise OSError("terminal gone")

    assert list(Progress(5000, stream=Broken()).track(range(3))) == [0, 1, 2]


def test_time_left_counts_the_work_left_not_the_files_left():
    """A folder of files the prefilter answers, then the few files to parse: not "0s left" for the slow end."""
    stream, clock = FakeTTY(), Clock()
    seconds = [0.002] * 990 + [1.0] * 10  # what each item really takes
    costs = [engine.UNPARSED_COST] * 990 + [engine.PARSED_COST + 4000] * 10

    def items():
        for i, spent in enumerate(seconds):
            clock.now += spent
            yield i

    bar = Progress(1000, stream=stream, clock=clock, costs=iter(costs))
    results = bar.track(items())
    for _ in range(991):
        next(results)
    actually_left = sum(seconds[991:])
    assert bar.done == 991 and clock.now > 2
    # counting files, 9 of 1000 are left: "about 0s left"
    assert actually_left <= bar.left(clock.now) < 3 * actually_left
    assert bar.line().endswith(f"about {math.ceil(bar.left(clock.now))}s left")


def test_expected_costs_weigh_the_files_to_parse(tmp_path):
    plain, legacy = tmp_path / "plain.py", tmp_path / "legacy.py"
    plain.write_text("x = 1\n" * 100)
    legacy.write_text("model.fit_generator(gen(), steps_per_epoch=2)\n")
    costs = list(engine.expected_costs([plain, legacy, tmp_path / "missing.py"], "migrate"))
    assert costs == [engine.UNPARSED_COST, engine.PARSED_COST + legacy.stat().st_size, engine.UNPARSED_COST]


def _tree(tmp_path, n):
    for i in range(n):
        (tmp_path / f"m{i}.py").write_text("x = 1\n")
    (tmp_path / "train.py").write_text("model.fit_generator(gen(), steps_per_epoch=2)\n")
    return tmp_path


@pytest.mark.parametrize("command", ["migrate", "check"])
def test_cli_draws_it_when_forced_and_not_otherwise(tmp_path, monkeypatch, command):
    monkeypatch.setattr(progress, "MANY_FILES", 5)
    _tree(tmp_path, 10)
    runner = CliRunner()
    plain = runner.invoke(main, [command, "--no-cache", str(tmp_path)])
    assert "fitmigrate [" not in plain.stderr and "fitmigrate [" not in plain.stdout
    monkeypatch.setenv("FITMIGRATE_PROGRESS", "1")
    forced = runner.invoke(main, [command, "--no-cache", str(tmp_path)])
    assert "/11 files" in forced.stderr and "fitmigrate [" not in forced.stdout
    assert forced.stdout == plain.stdout and forced.exit_code == plain.exit_code
    quiet = runner.invoke(main, [command, "--no-cache", "-q", str(tmp_path)])
    assert "fitmigrate [" not in quiet.stderr
