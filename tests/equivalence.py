"""Equivalence oracle: does the migrated script feed the model the same data, step for step, as the
legacy call did?

``run(script, LEGACY)`` runs a script in a child process under tf_keras (``TF_USE_LEGACY_KERAS=1``:
``from tensorflow import keras`` and ``tf.keras`` are tf_keras 2, which still has ``fit_generator``);
``run(script, MIGRATED)`` runs it under plain Keras 3. In the child a recorder patches the active
framework's ``Model`` before the script runs (``runpy``, as ``__main__``):

- ``compile`` forces ``run_eagerly=True``, so every step sees real tensors;
- ``train_step`` / ``test_step`` / ``predict_step`` record, per step: phase (``train``,
  ``validation`` = ``test_step`` inside a fit, ``evaluate``, ``predict``), epoch, rows in the batch and a
  fingerprint of every leaf of x, y and sample weight (shape, dtype kind, sum and first value rounded to
  4 significant digits, so float64 cast to float32 still matches);
- ``fit`` / ``evaluate`` / ``predict`` and their ``*_generator`` forms open a *call*; only the outermost
  one counts (tf_keras's ``fit_generator`` calls ``fit``, and ``fit`` calls ``evaluate`` for validation).
  A callback added to every ``fit`` tracks the epoch. A call ends with what it returned: epochs run
  (``History.epoch``), number of values for evaluate, rows for predict.

The record is JSON, written to the path in ``$EQUIVALENCE_RECORD`` after each call and at the end.

``compare(a, b)`` lists the differences between two records in words (empty: the same);
``parse_expectations`` / ``compare_expected`` do the same against figures written in a case's header,
for Keras 1 arguments that no installed Keras accepts. The format, one or more lines at the top::

    # expect: fit steps_per_epoch=4 epochs=2 rows_per_step=32; predict steps=4 rows=128

Header lines are the comment lines the file starts with. One clause per call, in the order the
script makes them, separated by ``;`` or on further ``# expect:`` lines. The kind is ``fit`` (alias
``train``), ``evaluate`` or ``predict``; the figures (each optional, ``key=N``):

- fit: ``steps_per_epoch`` (train steps in every epoch run), ``epochs`` (epochs run),
  ``rows_per_step`` (rows of every train batch), ``rows_per_epoch``, ``validation_steps`` and
  ``validation_rows`` (per epoch), ``validation_continues`` (1: no validation batch is seen twice, each
  pass went on where the last one stopped; 0: a batch came again);
- evaluate: ``steps``, ``rows`` (rows seen), ``values`` (values returned);
- predict: ``steps``, ``rows`` (rows returned);
- every batch, in order (fit: ``train_batches``, ``validation_batches``; evaluate and predict:
  ``batches``): ``first:rows`` for each step, the first value of its first input and its rows, steps
  separated by ``,`` and epochs (or validation passes) by ``/``: ``train_batches=0:4,4:4/8:2,0:4``.
  It needs data that says where it comes from (a first value that counts batches and passes).

A case with ``# expect:`` is not run under tf_keras; its migration is checked against the figures.
``# equivalence: order=epoch`` in the header compares each epoch's batches as a set (see below).

Limits: a step is recorded where Keras calls ``Model.train_step``, so a model subclass that overrides
it is seen only through ``super()``; batches are identified by rounded sums, so data must differ
from batch to batch (``np.arange``) and must not be random (unseeded augmentation, ``np.random``
batches) or shuffled (Sequences shuffle their batch order by default in both frameworks, with Python's
``random``, seeded alike in both children; ``order="epoch"`` does not depend on it). Training
itself is not compared (weights, losses): only what reaches each step and what the call returns.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

LEGACY = "legacy"
MIGRATED = "migrated"
TIMEOUT = 120.0
RECORD_VARIABLE = "EQUIVALENCE_RECORD"
PHASES = ("train", "validation", "evaluate", "predict")
KINDS = {"fit": "fit", "fit_generator": "fit", "evaluate": "evaluate", "evaluate_generator": "evaluate",
         "predict": "predict", "predict_generator": "predict"}


# --------------------------------------------------------------------------- parent side


def child_environment(mode: str, record: str) -> Dict[str, str]:
    if mode not in (LEGACY, MIGRATED):
        raise ValueError(f"mode must be {LEGACY!r} or {MIGRATED!r}, not {mode!r}")
    env = dict(os.environ)
    env.pop("TF_USE_LEGACY_KERAS", None)
    if mode == LEGACY:
        env["TF_USE_LEGACY_KERAS"] = "1"
    env.update({RECORD_VARIABLE: record, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": "-1",
                "PYTHONHASHSEED": "0", "KERAS_BACKEND": "tensorflow"})
    # The modules the cases import (``_*.py`` beside them), for the migrated copy in its own folder too.
    env["PYTHONPATH"] = os.pathsep.join([str(CASES), *filter(None, [env.get("PYTHONPATH")])])
    return env


class Job:
    """One script in one child process; ``result()`` waits for it and returns its record."""

    def __init__(self, script: Path, mode: str, timeout: float = TIMEOUT):
        self.script, self.mode, self.timeout = Path(script).resolve(), mode, timeout
        self.folder = tempfile.mkdtemp(prefix="equivalence-")
        self.record_path = os.path.join(self.folder, "record.json")
        self.output_path = os.path.join(self.folder, "output.txt")
        self.process: Optional[subprocess.Popen] = None
        self.started = 0.0

    def start(self) -> "Job":
        self.started = time.monotonic()
        with open(self.output_path, "wb") as output:
            self.process = subprocess.Popen(
                [sys.executable, os.path.abspath(__file__), str(self.script)],
                cwd=str(self.script.parent), env=child_environment(self.mode, self.record_path),
                stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def result(self) -> Dict[str, Any]:
        if self.process is None:
            self.start()
        assert self.process is not None
        timed_out = False
        try:
            self.process.wait(timeout=max(self.timeout - (time.monotonic() - self.started), 0.1))
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(self.process.pid, 9)
            self.process.wait()
        output = Path(self.output_path).read_text(errors="replace")
        try:
            record = json.loads(Path(self.record_path).read_text())
        except (OSError, ValueError):
            record = {"calls": [], "error": None, "finished": False}
        shutil.rmtree(self.folder, ignore_errors=True)
        if timed_out:
            record["error"] = f"timed out after {self.timeout:.0f} s"
        elif self.process.returncode != 0 and not record.get("error"):
            record["error"] = f"child exited with status {self.process.returncode}"
        record.update(mode=self.mode, script=str(self.script), seconds=round(time.monotonic() - self.started, 1),
                      output=output[-4000:])
        return record


def run(script, mode: str, timeout: float = TIMEOUT) -> Dict[str, Any]:
    """The record of ``script`` run in a child process under tf_keras (LEGACY) or Keras 3 (MIGRATED)."""
    return Job(script, mode, timeout).result()


def run_many(jobs: Sequence[Tuple[Any, str]], parallel: Optional[int] = None,
             timeout: float = TIMEOUT) -> List[Dict[str, Any]]:
    """Records of several ``(script, mode)`` pairs, at most ``parallel`` children at a time (default:
    one per core), in the order given."""
    parallel = max(1, parallel or os.cpu_count() or 1)
    pending = [Job(script, mode, timeout) for script, mode in jobs]
    results: Dict[int, Dict[str, Any]] = {}
    queue = list(enumerate(pending))
    active: List[Tuple[int, Job]] = []
    while queue or active:
        while queue and len(active) < parallel:
            index, job = queue.pop(0)
            active.append((index, job.start()))
        time.sleep(0.05)
        for index, job in list(active):
            assert job.process is not None
            if job.process.poll() is not None or time.monotonic() - job.started > job.timeout:
                results[index] = job.result()
                active.remove((index, job))
    return [results[i] for i in range(len(pending))]


# --------------------------------------------------------------------------- summaries and comparison


def steps_of(call: Dict[str, Any], phase: str) -> List[Dict[str, Any]]:
    return [s for s in call.get("steps", []) if s["phase"] == phase]


def steps_per_epoch(call: Dict[str, Any], phase: str) -> Dict[Any, int]:
    """{epoch: steps} for fit phases, {None: steps} for evaluate / predict."""
    counts = Counter(s["epoch"] for s in steps_of(call, phase))
    return dict(sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))


def rows_per_epoch(call: Dict[str, Any], phase: str) -> Dict[Any, List[int]]:
    rows: Dict[Any, List[int]] = {}
    for step in steps_of(call, phase):
        rows.setdefault(step["epoch"], []).append(step["rows"])
    return rows


def fingerprints_per_epoch(call: Dict[str, Any], phase: str, order: str = "step") -> Dict[Any, list]:
    prints: Dict[Any, list] = {}
    for step in steps_of(call, phase):
        prints.setdefault(step["epoch"], []).append(step["fingerprint"])
    if order == "epoch":
        prints = {epoch: sorted(fps, key=json.dumps) for epoch, fps in prints.items()}
    return prints


def describe_fingerprint(fingerprint: Dict[str, list]) -> str:
    parts = []
    for role in ("x", "y", "sample_weight"):
        for leaf in fingerprint.get(role, []):
            shape, kind, total, first = leaf
            parts.append(f"{role}{list(shape)}{kind} sum={total} first={first}")
    return ", ".join(parts) or "(empty)"


def call_label(call: Dict[str, Any]) -> str:
    return f"{call['method']} (line {call.get('line', '?')})"


def _shorten(value: Any, limit: int = 160) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "..."


def error_summary(record: Dict[str, Any]) -> str:
    """One line for a failed run: the exception, else the last line of the error."""
    if record.get("error_summary"):
        return _shorten(record["error_summary"], 300)
    lines = str(record.get("error") or "").strip().splitlines()
    return _shorten(lines[-1] if lines else "no record written", 300)


def compare(a: Dict[str, Any], b: Dict[str, Any], order: str = "step",
            names: Tuple[str, str] = ("legacy", "migrated")) -> List[str]:
    """What differs between two records, one readable line per difference; [] when the model saw the
    same data, in the same steps and epochs, and returned the same figures. ``order="epoch"`` compares
    the batches of each epoch as a set (for shuffled Sequences)."""
    na, nb = names
    problems: List[str] = []
    for name, record in ((na, a), (nb, b)):
        if record.get("error"):
            problems.append(f"{name} run failed: {error_summary(record)}")
    if len(a["calls"]) != len(b["calls"]):
        problems.append(f"{na} made {len(a['calls'])} calls "
                        f"({', '.join(call_label(c) for c in a['calls'])}), {nb} made {len(b['calls'])} "
                        f"({', '.join(call_label(c) for c in b['calls'])})")
    for index, (ca, cb) in enumerate(zip(a["calls"], b["calls"]), 1):
        where = f"call {index}: {na} {call_label(ca)} vs {nb} {call_label(cb)}"
        if ca["kind"] != cb["kind"]:
            problems.append(f"{where}: {ca['kind']} vs {cb['kind']}")
            continue
        for name, call in ((na, ca), (nb, cb)):
            if call.get("error"):
                problems.append(f"{where}: {name} raised {_shorten(call['error'], 300)}")
        for phase in PHASES:
            sa, sb = steps_per_epoch(ca, phase), steps_per_epoch(cb, phase)
            if sa != sb:
                problems.append(f"{where}: {phase} steps per epoch {na} {sa} != {nb} {sb}")
            ra, rb = rows_per_epoch(ca, phase), rows_per_epoch(cb, phase)
            if ra != rb:
                problems.append(f"{where}: {phase} rows per step {na} {ra} != {nb} {rb}")
            fa, fb = fingerprints_per_epoch(ca, phase, order), fingerprints_per_epoch(cb, phase, order)
            for epoch in sorted(set(fa) | set(fb), key=lambda e: (e is None, e or 0)):
                pa, pb = fa.get(epoch, []), fb.get(epoch, [])
                for step, (xa, xb) in enumerate(zip(pa, pb)):
                    if xa != xb:
                        label = phase if epoch is None else f"{phase} epoch {epoch}"
                        problems.append(f"{where}: {label} step {step} got different data: "
                                        f"{na} {describe_fingerprint(xa)}; {nb} {describe_fingerprint(xb)}")
                        break
        if ca["kind"] == "fit" and ca.get("epochs_run") != cb.get("epochs_run"):
            problems.append(f"{where}: epochs run {na} {ca.get('epochs_run')} != {nb} {cb.get('epochs_run')}")
        if ca.get("returned") != cb.get("returned"):
            problems.append(f"{where}: returned {na} {ca.get('returned')} != {nb} {cb.get('returned')}")
    return problems


EXPECT = re.compile(r"^#\s*expect:\s*(.*?)\s*$")
FIGURES = {"fit": {"steps_per_epoch", "epochs", "rows_per_step", "rows_per_epoch", "validation_steps",
                   "validation_rows", "validation_continues", "train_batches", "validation_batches"},
           "evaluate": {"steps", "rows", "values", "batches"},
           "predict": {"steps", "rows", "batches"}}
BATCH_LISTS = {"train_batches", "validation_batches", "batches"}
_STEP = r"-?[0-9.]+:[0-9]+"
BATCH_LIST = re.compile(rf"^{_STEP}(,{_STEP})*(/{_STEP}(,{_STEP})*)*$")


OPTIONS = re.compile(r"^#\s*equivalence:\s*(.*?)\s*$")


def header(source: str) -> List[str]:
    """The comment lines a case file starts with."""
    lines = []
    for line in source.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def parse_options(source: str) -> Dict[str, str]:
    """``# equivalence: key=value ...`` in a case's header; ``order`` is ``step`` (default) or ``epoch``."""
    options = {"order": "step"}
    for line in header(source):
        match = OPTIONS.match(line)
        if match:
            for pair in match.group(1).split():
                key, _, value = pair.partition("=")
                if key != "order" or value not in ("step", "epoch"):
                    raise ValueError(f"# equivalence: {pair!r} is not order=step or order=epoch")
                options[key] = value
    return options


def parse_expectations(source: str) -> Optional[List[Dict[str, Any]]]:
    """The ``# expect:`` figures of a case file's header (see the module docstring), or None."""
    clauses: List[str] = []
    for line in header(source):
        match = EXPECT.match(line)
        if match:
            clauses.extend(c.strip() for c in match.group(1).split(";") if c.strip())
    if not clauses:
        return None
    calls = []
    for clause in clauses:
        kind, *pairs = clause.split()
        kind = {"train": "fit"}.get(kind, kind)
        if kind not in FIGURES:
            raise ValueError(f"# expect: unknown call kind {kind!r} in {clause!r}")
        figures: Dict[str, Any] = {"kind": kind}
        for pair in pairs:
            key, _, value = pair.partition("=")
            if key in BATCH_LISTS and key in FIGURES[kind] and BATCH_LIST.match(value):
                figures[key] = [[(float(first), int(rows)) for first, rows in (step.split(":") for step in epoch.split(","))]
                                for epoch in value.split("/")]
                continue
            if key not in FIGURES[kind] or not value.isdigit():
                raise ValueError(f"# expect: {pair!r} is not one of {sorted(FIGURES[kind])}=N in {clause!r}")
            figures[key] = int(value)
        calls.append(figures)
    return calls


def observed_figures(call: Dict[str, Any]) -> Dict[str, Any]:
    """The figures an expectation can name, as this call's record shows them (per epoch: a set of the
    values seen, collapsed to one number when every epoch agrees)."""

    def uniform(values):
        values = sorted(set(values))
        return values[0] if len(values) == 1 else values

    kind = call["kind"]
    figures: Dict[str, Any] = {"kind": kind}
    if kind == "fit":
        train = rows_per_epoch(call, "train")
        validation = rows_per_epoch(call, "validation")
        figures["epochs"] = len(call.get("epochs_run") or [])
        figures["steps_per_epoch"] = uniform(len(r) for r in train.values()) if train else 0
        figures["rows_per_step"] = uniform(n for r in train.values() for n in r) if train else 0
        figures["rows_per_epoch"] = uniform(sum(r) for r in train.values()) if train else 0
        figures["validation_steps"] = uniform(len(r) for r in validation.values()) if validation else 0
        figures["validation_rows"] = uniform(sum(r) for r in validation.values()) if validation else 0
        # 1 when no validation batch is seen twice over the epochs: each pass went on where the last stopped.
        seen = [json.dumps(step["fingerprint"], sort_keys=True) for step in call["steps"] if step["phase"] == "validation"]
        figures["validation_continues"] = int(bool(seen) and len(set(seen)) == len(seen))
        figures["train_batches"] = _batch_list(call, "train")
        figures["validation_batches"] = _batch_list(call, "validation")
    else:
        steps = steps_of(call, kind)
        figures["steps"] = len(steps)
        returned = call.get("returned") or {}
        figures["rows"] = returned.get("rows") if kind == "predict" else sum(s["rows"] for s in steps)
        if kind == "evaluate":
            figures["values"] = returned.get("values")
        figures["batches"] = _batch_list(call, kind)
    return figures


def _batch_list(call: Dict[str, Any], phase: str) -> List[List[Tuple[float, int]]]:
    """Per epoch (one list for evaluate and predict), each step's first input value and rows."""
    epochs: Dict[Any, List[Tuple[float, int]]] = {}
    for step in steps_of(call, phase):
        inputs = step["fingerprint"].get("x") or [[None, None, None, None]]
        epochs.setdefault(step["epoch"], []).append((inputs[0][3], step["rows"]))
    return [epochs[epoch] for epoch in sorted(epochs, key=lambda e: (e is None, e or 0))]


def compare_expected(expected: List[Dict[str, Any]], record: Dict[str, Any]) -> List[str]:
    """What differs between the figures written in a case and a run's record."""
    problems: List[str] = []
    if record.get("error"):
        problems.append(f"run failed: {error_summary(record)}")
    calls = record["calls"]
    if len(expected) != len(calls):
        problems.append(f"expected {len(expected)} calls ({', '.join(e['kind'] for e in expected)}), the run made "
                        f"{len(calls)} ({', '.join(call_label(c) for c in calls)})")
    for index, (want, call) in enumerate(zip(expected, calls), 1):
        seen = observed_figures(call)
        where = f"call {index} ({call_label(call)})"
        if want["kind"] != seen["kind"]:
            problems.append(f"{where}: expected a {want['kind']}, got a {seen['kind']}")
            continue
        for key, value in want.items():
            if key != "kind" and seen.get(key) != value:
                problems.append(f"{where}: {key} expected {value}, got {seen.get(key)}")
    return problems


def summary(record: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Per call, the figures of the equivalence table."""
    return [dict(observed_figures(call), method=call["method"], line=call.get("line")) for call in record["calls"]]


# --------------------------------------------------------------------------- case files


CASES = Path(__file__).parent / "equivalence_cases"


def case_files() -> List[Path]:
    """The cases; a module named ``_*.py`` beside them is one a case imports, not a case."""
    return sorted(p for p in CASES.glob("*.py") if not p.name.startswith("_"))


class CaseRun:
    """One case: its migration, and the records (or expected figures) to hold against each other."""

    def __init__(self, path: Path, folder: Path):
        from fitmigrate.migrate import migrate_bytes

        self.path = Path(path)
        self.source = self.path.read_text(encoding="utf-8")
        self.options = parse_options(self.source)
        self.expected = parse_expectations(self.source)
        # By its path, so that the modules beside it resolve (a star import, a caller) as in a project.
        self.migration = migrate_bytes(self.path.read_bytes(), self.path.resolve())
        self.migrated_path = Path(folder) / self.path.name
        self.migrated_path.write_bytes(self.migration.new if self.migration.changed else self.path.read_bytes())
        if self.migration.changed:  # a module the migration edits (a Sequence's lists): beside the migrated copy,
            self._write_edited_modules(Path(folder))  # whose folder comes first on the child's path
        self.legacy: Optional[Dict[str, Any]] = None
        self.migrated: Optional[Dict[str, Any]] = None

    def _write_edited_modules(self, folder: Path) -> None:
        from fitmigrate.rewrite.elsewhere import apply_edits

        by_module: Dict[str, List[Any]] = {}
        for edit in self.migration.elsewhere:
            by_module.setdefault(edit.path, []).extend(edit.spans)
        for module, spans in by_module.items():
            edited = apply_edits(Path(module).read_bytes(), list(dict.fromkeys(spans)))
            assert edited is not None, f"{self.name}: the edits in {module} cannot be made"
            (folder / Path(module).name).write_bytes(edited)

    @property
    def name(self) -> str:
        return self.path.stem

    def jobs(self) -> List[Tuple[Path, str]]:
        if self.expected is not None:
            return [(self.migrated_path, MIGRATED)]
        return [(self.path, LEGACY), (self.migrated_path, MIGRATED)]

    def take(self, records: List[Dict[str, Any]]) -> None:
        if self.expected is None:
            self.legacy, self.migrated = records
        else:
            (self.migrated,) = records

    def problems(self) -> List[str]:
        """What the model saw differently after the migration ([] when nothing), and why the
        reference itself cannot be trusted (a legacy run that failed or recorded no step)."""
        assert self.migrated is not None
        if self.expected is not None:
            return compare_expected(self.expected, self.migrated)
        assert self.legacy is not None
        problems = []
        if not self.legacy.get("error"):
            if not self.legacy["calls"]:
                problems.append("the legacy run made no fit/evaluate/predict call")
            problems.extend(f"the legacy {call_label(c)} recorded no step" for c in self.legacy["calls"]
                            if not c["steps"])
        return problems + compare(self.legacy, self.migrated, order=self.options["order"])

    def report(self) -> str:
        """A failure message: the differences, the diagnostics of the migration, the children's output."""
        lines = [f"{self.name}: the migration changes what the model sees" if self.migration.changed
                 else f"{self.name}: the migration left the file unchanged"]
        lines += [f"  - {p}" for p in self.problems()]
        lines += [f"  diagnostic {d.code} line {d.line}: {d.message}" for d in self.migration.diagnostics]
        for label, record in (("legacy", self.legacy), ("migrated", self.migrated)):
            if record is not None and record.get("error"):
                lines.append(f"  {label} run ({record['script']}):\n{record['error']}\n{record['output'][-1500:]}")
        return "\n".join(lines)


def run_cases(paths: Sequence[Path], folder: Path, parallel: Optional[int] = None) -> Dict[str, CaseRun]:
    """Migrate every case into ``folder`` and run all the children, ``parallel`` at a time."""
    runs = [CaseRun(path, folder) for path in paths]
    jobs = [job for run in runs for job in run.jobs()]
    records = iter(run_many(jobs, parallel=parallel))
    for run in runs:
        run.take([next(records) for _ in run.jobs()])
    return {run.name: run for run in runs}


# --------------------------------------------------------------------------- child side


def _significant(value: float) -> float:
    return float(f"{value:.4g}")


def _leaves(value: Any) -> List[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _leaves(item)]
    if isinstance(value, dict):
        return [leaf for key in sorted(value, key=str) for leaf in _leaves(value[key])]
    return [value]


def _leaf_print(leaf: Any) -> list:
    import numpy as np

    try:
        array = np.asarray(leaf.numpy() if hasattr(leaf, "numpy") else leaf)
    except Exception:  # a symbolic tensor: the step is not running eagerly
        return [list(getattr(leaf, "shape", []) or []), "symbolic", None, None]
    kind = {"u": "i"}.get(array.dtype.kind, array.dtype.kind)
    if kind in "fib":
        flat = array.astype("float64").ravel()
        total = _significant(float(flat.sum())) if flat.size else 0.0
        first = _significant(float(flat[0])) if flat.size else None
    else:
        total, first = None, (str(array.ravel()[0])[:40] if array.size else None)
    return [list(array.shape), kind, total, first]


def _unpack(data: Any) -> Tuple[Any, Any, Any]:
    """Keras's own ``unpack_x_y_sample_weight``."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    return (tuple(data) + (None, None))[:3] if len(data) <= 3 else (data, None, None)


def fingerprint(data: Any) -> Tuple[int, Dict[str, list]]:
    x, y, sample_weight = _unpack(data)
    prints = {role: [_leaf_print(leaf) for leaf in _leaves(value)]
              for role, value in (("x", x), ("y", y), ("sample_weight", sample_weight)) if value is not None}
    first = _leaves(x)[:1]
    shape = getattr(first[0], "shape", None) if first else None
    rows = int(shape[0]) if shape is not None and len(shape) and shape[0] is not None else -1
    return rows, prints


class Recorder:
    def __init__(self, path: str, script: str, framework: str):
        self.path, self.script = path, os.path.realpath(script)
        self.record: Dict[str, Any] = {"framework": framework, "calls": [], "error": None, "finished": False}
        self.call: Optional[Dict[str, Any]] = None
        self.epoch: Optional[int] = None

    def save(self) -> None:
        temporary = self.path + ".partial"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(self.record, handle, default=str)
        os.replace(temporary, self.path)

    def script_line(self) -> Optional[int]:
        import traceback

        lines = [f.lineno for f in traceback.extract_stack() if os.path.realpath(f.filename) == self.script]
        return lines[-1] if lines else None

    def begin(self, method: str) -> Dict[str, Any]:
        self.call = {"method": method, "kind": KINDS[method], "line": self.script_line(), "steps": [],
                     "epochs_run": None, "returned": None, "error": None}
        self.epoch = None
        self.record["calls"].append(self.call)
        return self.call

    def end(self, result: Any) -> None:
        import numpy as np

        call, self.call = self.call, None
        assert call is not None
        if call["kind"] == "fit":
            call["epochs_run"] = list(getattr(result, "epoch", None) or [])
        elif call["kind"] == "evaluate":
            call["returned"] = {"values": len(result) if isinstance(result, (list, tuple, dict)) else 1}
        else:
            leaves = _leaves(result)
            call["returned"] = {"rows": int(np.shape(leaves[0])[0]) if leaves else 0,
                                "outputs": len(leaves)}
        self.save()

    def step(self, step: str, data: Any) -> None:
        if self.call is None:
            return
        phase = {"train_step": "train", "predict_step": "predict"}.get(step)
        if phase is None:
            phase = "validation" if self.call["kind"] == "fit" else "evaluate"
        rows, prints = fingerprint(data)
        epoch = self.epoch if self.call["kind"] == "fit" else None
        self.call["steps"].append({"phase": phase, "epoch": epoch, "rows": rows, "fingerprint": prints})


def install(recorder: Recorder, framework_module) -> None:
    import functools
    import inspect

    model = framework_module.Model
    base_callback = framework_module.callbacks.Callback

    class EpochTracker(base_callback):
        def on_epoch_begin(self, epoch, logs=None):
            recorder.epoch = epoch

    original_compile = model.compile
    compile_signature = inspect.signature(original_compile)

    @functools.wraps(original_compile)
    def compile(self, *args, **kwargs):
        bound = compile_signature.bind(self, *args, **kwargs)
        bound.arguments["run_eagerly"] = True
        return original_compile(*bound.args, **bound.kwargs)

    model.compile = compile

    for name in ("train_step", "test_step", "predict_step"):
        def wrap(original, name=name):
            @functools.wraps(original)
            def step(self, data, *args, **kwargs):
                recorder.step(name, data)
                return original(self, data, *args, **kwargs)
            return step

        setattr(model, name, wrap(getattr(model, name)))

    for name in KINDS:
        original = getattr(model, name, None)
        if original is None:
            continue

        def wrap_call(original, name=name):
            signature = inspect.signature(original)

            @functools.wraps(original)
            def call(self, *args, **kwargs):
                if name == "fit":
                    try:
                        bound = signature.bind(self, *args, **kwargs)
                    except TypeError:
                        pass  # let Keras say what is wrong
                    else:
                        callbacks = list(bound.arguments.get("callbacks") or [])
                        if not any(isinstance(c, EpochTracker) for c in callbacks):
                            bound.arguments["callbacks"] = callbacks + [EpochTracker()]
                        args, kwargs = bound.args[1:], bound.kwargs
                if recorder.call is not None:
                    return original(self, *args, **kwargs)
                recorder.begin(name)
                try:
                    result = original(self, *args, **kwargs)
                except BaseException as exc:
                    assert recorder.call is not None
                    recorder.call["error"] = f"{type(exc).__name__}: {exc}"
                    recorder.call = None
                    recorder.save()
                    raise
                recorder.end(result)
                return result
            return call

        setattr(model, name, wrap_call(original))


def child_main(script: str) -> int:
    import random
    import runpy
    import traceback

    legacy = os.environ.get("TF_USE_LEGACY_KERAS") == "1"
    import numpy
    import tensorflow as tf

    if legacy:
        import tf_keras as framework
    else:
        import keras as framework
    name = "tf_keras" if legacy else "keras"
    recorder = Recorder(os.environ[RECORD_VARIABLE], script, f"{name} {framework.__version__}")
    install(recorder, framework)
    random.seed(0)
    numpy.random.seed(0)
    tf.random.set_seed(0)
    sys.argv = [script]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    status = 0
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        if exc.code not in (0, None):
            recorder.record["error"] = f"SystemExit({exc.code!r})"
            status = 1
    except BaseException as exc:
        recorder.record["error"] = traceback.format_exc()
        recorder.record["error_summary"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        status = 1
    recorder.record["finished"] = status == 0
    recorder.save()
    return status


if __name__ == "__main__":
    sys.path.pop(0)  # this file's folder: the script's own imports come first
    sys.exit(child_main(sys.argv[1]))
