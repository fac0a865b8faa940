"""A diagnostic is one finding at one place; its code ties it to a rule in ``fitmigrate.rules``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Tuple


def cell_label(cell: int) -> str:
    """A notebook cell as every output names it: ``cell N``, N counting every cell of the notebook from 1,
    markdown and raw cells included, as an editor that numbers cells counts them (VS Code). Execution
    counts are not positions: they change with every run and a cell never run has none."""
    return f"cell {cell}"


def where(path: str, line: int, col: Optional[int] = None, cell: Optional[int] = None) -> str:
    """The one spelling of a position, for ``check``, ``migrate`` and ``verify`` alike:
    ``path:line:col``, and in a notebook ``path:cell N:line:col`` (the line within the cell)."""
    place = f"{line}" if col is None else f"{line}:{col}"
    return f"{path}:{cell_label(cell)}:{place}" if cell is not None else f"{path}:{place}"


_CELL_FILENAME = re.compile(r"^(?P<path>.*):cell (?P<cell>\d+)$", re.S)


def cell_filename(path: str, cell: int) -> str:
    """The file name a notebook cell's code is compiled under (``verify``), so that tracebacks and call sites
    name the cell as ``where`` does: ``train.ipynb:cell 5``."""
    return f"{path}:{cell_label(cell)}"


def split_cell_filename(filename: str) -> Tuple[str, Optional[int]]:
    """(path, cell) of a name made by ``cell_filename``; (filename, None) for any other file."""
    found = _CELL_FILENAME.match(filename)
    return (found.group("path"), int(found.group("cell"))) if found else (filename, None)


@dataclass(frozen=True)
class Diagnostic:
    code: str
    path: str
    line: int
    col: int
    message: str
    # In a Jupyter notebook: the cell (``cell_label``), and then ``line`` is the line within that cell
    # (see ``fitmigrate.project.notebooks``). None in a .py file.
    cell: Optional[int] = None

    @property
    def where(self) -> str:
        return where(self.path, self.line, self.col, self.cell)

    def format(self) -> str:
        return f"{self.where}: {self.code} {self.message}"

    @property
    def severity(self) -> str:
        from fitmigrate.rules import rule_for

        return rule_for(self.code).SEVERITY
