"""A diagnostic is one finding at one place; its code ties it to a rule in ``fitmigrate.rules``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Diagnostic:
    code: str
    path: str
    line: int
    col: int
    message: str
    # In a Jupyter notebook: the 1-based position of the code cell among all cells, and then ``line`` is
    # the line within that cell (see ``fitmigrate.notebooks``). None in a .py file.
    cell: Optional[int] = None

    def format(self) -> str:
        if self.cell is not None:
            return f"{self.path}:cell {self.cell}:{self.line}:{self.col}: {self.code} {self.message}"
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"

    @property
    def severity(self) -> str:
        from fitmigrate.rules import rule_for

        return rule_for(self.code).SEVERITY
