"""Time `fitmigrate verify` from start to verdict on each migrated sample project, against a bare
`python -c "import tensorflow"` on the same machine (the floor: the child must import TensorFlow).

Run by hand (not a test):

    /work/venv/bin/python benchmarks/bench_verify.py                 # every project, 3 runs each
    /work/venv/bin/python benchmarks/bench_verify.py correct short_generator --repeat 5
    /work/venv/bin/python benchmarks/bench_verify.py --no-write      # print, leave RESULTS.md alone

Each project is copied to a temporary folder and migrated there with `fitmigrate migrate` (the checkout is
never written); the entry point is `train.py`, `main.py` or `train.ipynb`, or else the one file that calls
fit. Runs of the baseline and of verify are interleaved so drift in machine load hits both alike. The
figures replace the `## verify` section of benchmarks/RESULTS.md and nothing else in it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = ROOT / "sample_projects"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
ENTRY_NAMES = ("train.py", "main.py", "run.py", "train.ipynb")
LOAD_AT_START = os.getloadavg()[0]


def entry_point(project: Path) -> Optional[Path]:
    for name in ENTRY_NAMES:
        if (project / name).is_file():
            return project / name
    callers = [p for p in sorted(project.rglob("*.py")) + sorted(project.rglob("*.ipynb"))
               if re.search(r"\.fit(_generator)?\(", p.read_text(encoding="utf-8", errors="replace"))]
    return callers[0] if len(callers) == 1 else None


def timed(command: List[str], cwd: Optional[Path] = None) -> tuple:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - started, done


def machine() -> Dict[str, str]:
    cpu = platform.processor() or "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = "unknown"
    try:
        kib = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")))
        memory = f"{kib / 1024 ** 2:.1f} GiB"
    except (OSError, StopIteration):
        pass
    versions = {name: metadata.version(name) for name in ("tensorflow", "keras") if _installed(name)}
    return {"cores (nproc)": str(os.cpu_count()), "CPU": cpu, "memory": memory,
            "Python": platform.python_version(),
            "TensorFlow / Keras": " / ".join(versions.values()) or "not installed",
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
        return True
    except metadata.PackageNotFoundError:
        return False


def verdict(document: dict, code: int) -> str:
    failed = sorted({c["id"] for call in document.get("calls", []) for c in call["checks"] if c["status"] == "fail"})
    calls = len(document.get("calls", []))
    if code == 0:
        return f"pass ({calls} call{'s' * (calls != 1)})"
    if code == 1:
        return f"fail: {', '.join(failed)}"
    first = (document.get("error") or "").splitlines()[0].replace(" before any fit/evaluate/predict call", "")
    return f"not run: {first[:100]}"


def bench(projects: List[Path], repeat: int) -> tuple:
    baseline: List[float] = []
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as scratch:
        for project in projects:
            copy = Path(scratch) / project.name
            shutil.copytree(project, copy)
            migrated = subprocess.run([sys.executable, "-m", "fitmigrate", "migrate", "-q", str(copy)],
                                      capture_output=True, text=True)
            entry = entry_point(copy)
            if entry is None:
                rows.append((project.name, "-", None, "no entry point found", migrated.stderr.strip()))
                continue
            times = []
            document, code = {}, None
            for _ in range(repeat):
                seconds, _ = timed([sys.executable, "-c", "import tensorflow"])
                baseline.append(seconds)
                command = [sys.executable, "-m", "fitmigrate", "verify", "--json", entry.name]
                seconds, done = timed(command, cwd=entry.parent)
                times.append(seconds)
                code = done.returncode
                try:
                    document = json.loads(done.stdout)
                except ValueError:
                    document = {"error": "no JSON on stdout: " + done.stderr[-200:]}
            rows.append((project.name, str(entry.relative_to(copy)), statistics.median(times), verdict(document, code),
                         migrated.stderr.strip().splitlines()[-1] if migrated.stderr.strip() else ""))
    return statistics.median(baseline) if baseline else None, baseline, rows


def render(import_seconds: Optional[float], baseline: List[float], rows: list, repeat: int) -> str:
    lines = ["## verify", "",
             "Wall time from `fitmigrate verify --json ENTRY` start to verdict on a migrated temp copy of each sample",
             "project, against `python -c \"import tensorflow\"` (median of "
             f"{repeat} interleaved runs each; `benchmarks/bench_verify.py`).",
             "Target: under 2x the import. \"not run\" means the migrated script cannot run under Keras 3 at all.", ""]
    lines += [f"- {key}: {value}" for key, value in machine().items()]
    lines.append(f"- load average (1 min) at start / end: {LOAD_AT_START:.2f} / {os.getloadavg()[0]:.2f} "
                 f"(other sessions may share the cores)")
    if import_seconds is not None:
        lines.append(f"- bare `import tensorflow`: median {import_seconds:.2f} s "
                     f"(min {min(baseline):.2f} s, max {max(baseline):.2f} s, {len(baseline)} runs)")
    lines += ["", "| project | entry | verify (s) | x import | verdict |", "| --- | --- | ---: | ---: | --- |"]
    for name, entry, seconds, outcome, _ in rows:
        ratio = f"{seconds / import_seconds:.2f}" if seconds is not None and import_seconds else "-"
        shown = f"{seconds:.2f}" if seconds is not None else "-"
        lines.append(f"| {name} | `{entry}` | {shown} | {ratio} | {outcome} |")
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    """Replace the `## verify` section of RESULTS.md (up to the next `## ` heading); keep everything else."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(r"^## verify\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", nargs="*", help="sample project names (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print the section, leave RESULTS.md alone")
    args = parser.parse_args()
    names = args.projects or sorted(p.name for p in PROJECTS.iterdir() if p.is_dir())
    import_seconds, baseline, rows = bench([PROJECTS / name for name in names], args.repeat)
    section = render(import_seconds, baseline, rows, args.repeat)
    print(section)
    for name, _, _, _, migration in rows:
        if migration:
            print(f"{name}: migrate said: {migration}", file=sys.stderr)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
