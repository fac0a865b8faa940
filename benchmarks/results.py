"""Helpers shared by the benchmark scripts: machine facts, a load-average sampler, process-tree memory,
and rewriting one ``## section`` of ``benchmarks/RESULTS.md`` without touching the others."""

from __future__ import annotations

import datetime
import os
import platform
import re
import subprocess
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TITLE = "# Benchmark results\n\nFigures from the scripts in `benchmarks/`; each section says how it was measured.\n"


def machine() -> Dict[str, str]:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "?"
    memory = "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "memory": memory, "python": platform.python_version(),
            "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "platform": platform.platform()}


class LoadSampler:
    """Samples the 1-minute load average every ``every`` seconds in a background thread."""

    def __init__(self, every: float = 2.0) -> None:
        self.every = every
        self.samples: List[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(os.getloadavg()[0])
            self._stop.wait(self.every)

    def __enter__(self) -> "LoadSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        if not self.samples:
            return "?"
        s = self.samples
        return f"min {min(s):.2f}, mean {sum(s) / len(s):.2f}, max {max(s):.2f} ({len(s)} samples)"


def _children(pid: int) -> List[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(cmd: List[str], cwd: Optional[Path] = None, env: Optional[dict] = None,
                 stdout=subprocess.DEVNULL) -> Dict[str, float]:
    """Run ``cmd``; wall time, CPU time of the process tree, and peak memory: the largest single process
    (``ru_maxrss`` from ``wait4``, which covers the descendants it reaped) and the peak sum over the live
    tree (sampled every 20 ms from /proc)."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE)
    peak_tree = 0
    stderr_chunks: List[bytes] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(process.stderr.read()), daemon=True)
    reader.start()
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        tree = [process.pid] + _children(process.pid)
        peak_tree = max(peak_tree, sum(_rss_kb(p) for p in tree))
        time.sleep(0.02)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_mb": usage.ru_maxrss / 1024,
            "tree_rss_mb": peak_tree / 1024, "returncode": process.returncode,
            "stderr": b"".join(stderr_chunks).decode(errors="replace")}


def replace_section(heading: str, body: str, path: Path = RESULTS) -> None:
    """Put ``## heading`` + ``body`` in ``path`` in place of that section (up to the next ``## ``), or at the
    end; every other section stays byte for byte."""
    text = path.read_text() if path.exists() else TITLE
    section = f"## {heading}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(heading)}[ \t]*\n.*?(?=^## |\Z)", re.S | re.M)
    found = pattern.search(text)
    if found:
        following = text[found.end():]
        text = text[:found.start()] + section + ("\n" + following if following else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)
