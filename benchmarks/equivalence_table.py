"""Print, as a markdown table, what the model saw in each equivalence case before and after migration:
the legacy script under tf_keras (or the Keras 1 figures written in the case's ``# expect:`` header)
against the migrated script under Keras 3, call by call (see tests/equivalence.py).

Run by hand (not a test); it writes nothing but temporary files:

    /work/venv/bin/python benchmarks/equivalence_table.py                 # every case
    /work/venv/bin/python benchmarks/equivalence_table.py validation_generator finite_generator
    /work/venv/bin/python benchmarks/equivalence_table.py -j 1            # one child at a time

Columns: steps per epoch (train steps for fit; steps for evaluate and predict), epochs run, validation
samples (rows validated per epoch), prediction rows (rows predict returned). ``a / b`` means legacy a,
migrated b; a single figure means both agree. The differences, in full, follow the table.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.equivalence import CaseRun, case_files, observed_figures, run_cases  # noqa: E402

CALL = re.compile(r"^call (\d+)\b")


def _figure(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def _pair(a: Any, b: Any) -> str:
    a, b = _figure(a), _figure(b)
    return a if a == b else f"{a} / {b}"


def _steps(figures: Optional[Dict[str, Any]]) -> Any:
    if not figures:
        return None
    return figures.get("steps_per_epoch") if figures["kind"] == "fit" else figures.get("steps")


def _of(figures: Optional[Dict[str, Any]], key: str, kind: str) -> Any:
    if not figures or figures["kind"] != kind:
        return None
    value = figures.get(key)
    return None if key.startswith("validation") and not value else value


def rows(run: CaseRun) -> List[List[str]]:
    assert run.migrated is not None
    problems = run.problems()
    by_call: Dict[int, List[str]] = {}
    general: List[str] = []
    for problem in problems:
        match = CALL.match(problem)
        (by_call.setdefault(int(match.group(1)), []) if match else general).append(problem)
    if run.expected is not None:
        reference = [dict(e) for e in run.expected]
        reference_methods = ["expected (legacy loop)"] * len(reference)
    else:
        assert run.legacy is not None
        reference = [observed_figures(c) for c in run.legacy["calls"]]
        reference_methods = [c["method"] for c in run.legacy["calls"]]
    migrated = [observed_figures(c) for c in run.migrated["calls"]]
    migrated_methods = [c["method"] for c in run.migrated["calls"]]
    table = []
    for index in range(max(len(reference), len(migrated), 1)):
        a = reference[index] if index < len(reference) else None
        b = migrated[index] if index < len(migrated) else None
        method_a = reference_methods[index] if index < len(reference_methods) else "(no call)"
        method_b = migrated_methods[index] if index < len(migrated_methods) else "(no call)"
        equal = not general and not by_call.get(index + 1)
        table.append([
            run.name if index == 0 else "",
            f"{method_a} -> {method_b}",
            _figure(_steps(a)),
            _figure(_steps(b)),
            _pair(_of(a, "epochs", "fit"), _of(b, "epochs", "fit")),
            _pair(_of(a, "validation_rows", "fit"), _of(b, "validation_rows", "fit")),
            _pair(_of(a, "rows", "predict"), _of(b, "rows", "predict")),
            "yes" if equal else "**no**",
        ])
    return table


def markdown(runs: Dict[str, CaseRun]) -> str:
    header = ["case", "call (legacy -> migrated)", "legacy steps/epoch", "migrated steps/epoch", "epochs",
              "validation samples", "prediction rows", "equal?"]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    for run in runs.values():
        lines += ["| " + " | ".join(row) + " |" for row in rows(run)]
    differences = [(run.name, run.problems()) for run in runs.values() if run.problems()]
    if differences:
        lines += ["", "Differences:", ""]
        for name, problems in differences:
            lines += [f"- `{name}`: {p}" for p in problems]
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case names (default: every case)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="children at a time")
    options = parser.parse_args(argv)
    paths = case_files()
    if options.cases:
        unknown = set(options.cases) - {p.stem for p in paths}
        if unknown:
            parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
        paths = [p for p in paths if p.stem in options.cases]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="equivalence-table-") as folder:
        runs = run_cases(paths, Path(folder), parallel=options.jobs)
        print(markdown(runs))
    print(f"\n{len(paths)} cases, {time.monotonic() - started:.0f} s with {options.jobs} children at a time "
          f"(load average at the end {os.getloadavg()[0]:.1f}).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
