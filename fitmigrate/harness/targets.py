"""Run what the user named as ``python`` would: a script as ``__main__``, ``-m MODULE``, or a notebook's code cells."""

from __future__ import annotations

import json
import linecache
import os
import re
import runpy
import sys
import types
from typing import List, Sequence, Tuple

from fitmigrate.diagnostics import cell_filename, where

_MAGIC = re.compile(r"^\s*(%|!|\?)|^\s*[\w.]+\?{1,2}\s*$")  # %magic, !shell, ?help, name?
_CELL_MAGIC = re.compile(r"^\s*%%")


def run_script(path: str, argv: Sequence[str]) -> None:
    path = os.path.abspath(path)
    sys.argv = [path, *argv]
    sys.path[0] = os.path.dirname(path)
    runpy.run_path(path, run_name="__main__")


def run_module(name: str, argv: Sequence[str]) -> None:
    sys.argv = [name, *argv]
    sys.path[0] = os.getcwd()
    runpy.run_module(name, run_name="__main__", alter_sys=True)


def notebook_cells(path: str) -> Tuple[List[Tuple[str, str]], List[str]]:
    """(filename, source) per code cell, IPython magics and shell lines turned into ``pass``; and notes saying so.

    Each cell is compiled as ``NOTEBOOK:cell N`` (``diagnostics.cell_filename``: N counts every cell from 1,
    markdown included, as ``check`` and ``migrate`` do) so tracebacks and call sites point at it.
    """
    with open(path, encoding="utf-8") as handle:
        notebook = json.load(handle)
    cells, notes = [], []
    for number, cell in enumerate(notebook.get("cells", []), 1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        name = cell_filename(path, number)
        lines = source.splitlines()
        if lines and _CELL_MAGIC.match(lines[0]):
            notes.append(f"{name}: skipped the whole cell (IPython cell magic `{lines[0].strip()}`)")
            continue
        kept = []
        for line_number, line in enumerate(lines, 1):
            if _MAGIC.match(line):
                indent = line[: len(line) - len(line.lstrip())]
                kept.append(f"{indent}pass")
                notes.append(f"{where(path, line_number, cell=number)}: skipped IPython line `{line.strip()}`")
            else:
                kept.append(line)
        cells.append((name, "\n".join(kept) + "\n"))
    return cells, notes


def run_notebook(path: str, argv: Sequence[str], cells: List[Tuple[str, str]]) -> None:
    """Run the cells in order in one ``__main__`` namespace, as "Run All" would; the first error stops the run."""
    path = os.path.abspath(path)
    sys.argv = [path, *argv]
    sys.path[0] = os.path.dirname(path)
    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__dict__.setdefault("display", print)
    saved = sys.modules.get("__main__")
    sys.modules["__main__"] = module
    try:
        for name, source in cells:
            linecache.cache[name] = (len(source), None, source.splitlines(keepends=True), name)
            exec(compile(source, name, "exec"), module.__dict__)
    finally:
        if saved is not None:
            sys.modules["__main__"] = saved
