"""``migrate --infer sample``: a signature from one real batch, for generators the analyzer could not prove.

Opt-in only. The module runs in a child process with a time limit, exactly as under ``verify``, but not as
``__main__`` (its ``if __name__ == "__main__":`` block does not run) and stopped at its first
fit/evaluate/predict call; ``expression`` is then evaluated in the globals it defined, and one batch pulled.
"""

from __future__ import annotations

import pathlib
from dataclasses import dataclass, field
from typing import Any, List, Optional

import numpy as np

Leaf = tuple  # (shape with the batch dim None, numpy dtype name)


@dataclass
class SampleResult:
    """The batch structure: nested tuples/lists/dicts of ``(shape, dtype name)`` leaves, or why there is none."""

    structure: Any = None
    error: Optional[str] = None
    notes: List[str] = field(default_factory=list)

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
    from fitmigrate.harness.runner import run_child

    run = run_child({"mode": "sample", "path": str(path), "expression": expression}, timeout=timeout)
    if run.timed_out:
        where = f"\n{run.hang_trace}" if run.hang_trace else ""
        return SampleResult(error=f"sampling `{expression}` did not finish within {timeout:g} s{where}")
    if run.report is None:
        return SampleResult(error=f"the sampling process ended with status {run.returncode} before reporting:\n"
                                  f"{run.stderr_tail}")
    report = run.report
    structure = decode_structure(report["structure"]) if report.get("structure") is not None else None
    return SampleResult(structure, report.get("error"), list(report.get("notes") or []))
