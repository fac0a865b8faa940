"""``migrate --infer sample``: a signature from one real batch, for generators the analyzer could not prove.

Opt-in only. The module runs in a child process with a time limit and in the same sandbox as under ``verify``
(whatever it writes at import time or while yielding is kept apart and discarded, and said so on stderr), but
not as ``__main__`` (its ``if __name__ == "__main__":`` block does not run) and stopped at its first
fit/evaluate/predict call; ``expression`` is then evaluated in the globals it defined, and one batch pulled.
"""

from __future__ import annotations

import pathlib
import sys
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import numpy as np

Leaf = tuple  # (shape with the batch dim None, numpy dtype name)


@dataclass
class SampleResult:
    """The batch structure: nested tuples/lists/dicts of ``(shape, dtype name)`` leaves, or why there is none."""

    structure: Any = None
    error: Optional[str] = None
    notes: List[str] = field(default_factory=list)
    writes: List[Dict[str, str]] = field(default_factory=list)  # what the module tried to write, contained

    @property
    def ok(self) -> bool:
        return self.error is None and self.structure is not None


def _dtype_name(array: np.ndarray) -> str:
    return "string" if array.dtype.kind in "USO" else array.dtype.name


def describe_batch(batch: Any) -> Any:
    """(shape with batch dim None, dtype name) for each array of a batch, keeping tuples, lists and dicts."""
    if isinstance(batch, dict):
        return {key: describe_batch(value) for key, value in batch.items()}
    if isinstance(batch, tuple):
        return tuple(describe_batch(value) for value in batch)
    if isinstance(batch, list):
        return [describe_batch(value) for value in batch]
    array = np.asarray(batch)
    shape = (None,) + tuple(array.shape[1:]) if array.ndim else ()
    return shape, _dtype_name(array)


def encode_structure(structure: Any) -> Any:
    """JSON keeps no tuples: tag every node so the parent gets the exact structure back."""
    if isinstance(structure, dict):
        return {"dict": [[key, encode_structure(value)] for key, value in structure.items()]}
    if isinstance(structure, tuple) and len(structure) == 2 and isinstance(structure[1], str):
        return {"leaf": [list(structure[0]), structure[1]]}
    if isinstance(structure, tuple):
        return {"tuple": [encode_structure(value) for value in structure]}
    return {"list": [encode_structure(value) for value in structure]}


def decode_structure(node: Any) -> Any:
    if "leaf" in node:
        shape, dtype = node["leaf"]
        return tuple(shape), dtype
    if "dict" in node:
        return {key: decode_structure(value) for key, value in node["dict"]}
    if "tuple" in node:
        return tuple(decode_structure(value) for value in node["tuple"])
    return [decode_structure(value) for value in node["list"]]


def sample_signature(path: pathlib.Path, expression: str, timeout: float = 60.0) -> SampleResult:
    """Run ``path``'s module in a child process and describe one batch of ``expression`` (e.g. ``batches(x, 32)``)."""
    from fitmigrate.harness import isolation
    from fitmigrate.harness.runner import run_child

    run = run_child({"mode": "sample", "path": str(path), "expression": expression}, timeout=timeout,
                    allow_writes=isolation.writes_allowed())
    if run.isolation == "refused":
        return SampleResult(error=f"the module was not run: nothing on this machine can keep its code from writing "
                                  f"your files ({run.refusal}); set {isolation.ALLOW_ENV}=1 to sample it under a "
                                  f"best-effort guard anyway")
    writes = list(run.writes)
    if writes:
        _say_writes(path, writes, guarded=run.isolation == "guard")
    if run.timed_out:
        where = f"\n{run.hang_trace}" if run.hang_trace else ""
        return SampleResult(error=f"sampling `{expression}` did not finish within {timeout:g} s{where}", writes=writes)
    if run.report is None:
        return SampleResult(error=f"the sampling process ended with status {run.returncode} before reporting:\n"
                                  f"{run.stderr_tail}", writes=writes)
    report = run.report
    structure = decode_structure(report["structure"]) if report.get("structure") is not None else None
    return SampleResult(structure, report.get("error"), list(report.get("notes") or []), writes)


def _say_writes(path: pathlib.Path, writes: List[Dict[str, str]], guarded: bool, shown: int = 10) -> None:
    """One line on stderr, beside the diagnostics: the module's writes never reach the user's files."""
    from fitmigrate.harness.hooks import display_path

    listed = ", ".join(f"{display_path(w['path'])} ({w['change']})" for w in writes[:shown])
    more = f" and {len(writes) - shown} more" if len(writes) > shown else ""
    fate = ("refused by the guard: no sandbox here" if guarded
            else "kept in the sandbox and discarded; none of your files changed")
    print(f"{display_path(str(path))}: note: --infer sample ran this module to read one batch; it tried to write "
          f"{len(writes)} path{'s' * (len(writes) != 1)} ({fate}): {listed}{more}", file=sys.stderr)
