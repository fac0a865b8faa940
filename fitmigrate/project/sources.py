"""What a run reads and writes back. A source is a ``.py`` file, or a notebook's code cells as one
module: the analysis reads its code, positions found in that code are located in the file, and the
rewritten code is written back into the file's own form. The tasks (``migrate``, ``check``) never ask
which kind they were given.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Union

from fitmigrate.diagnostics import Diagnostic


class WriteBackError(ValueError):
    """The rewritten code cannot be put back into the source's form."""


class PythonFile:
    """A ``.py`` file: its bytes are its code."""

    runnable = True  # a module ``--infer sample`` can import
    def __init__(self, path: Optional[Path], data: bytes, label: str) -> None:
        self.path, self.data, self.label = path, data, label

    def code(self) -> bytes:
        return self.data

    def problems(self) -> List[Diagnostic]:
        return []

    def locate(self, diagnostic: Diagnostic) -> Diagnostic:
        return diagnostic


    def written(self, new_code: bytes) -> bytes:
        return new_code


class NotebookCells:
    """A Jupyter notebook: its code cells as one module (``project.notebooks``), positions as ``cell N``."""

    runnable = False
    def __init__(self, path: Optional[Path], data: bytes, label: str, cells) -> None:
        self.path, self.data, self.label, self.cells = path, data, label, cells

    def code(self) -> bytes:
        return self.cells.source.encode("utf-8")

    @property
    def python2(self) -> str:
        """What says the notebook ran on Python 2 ("" when nothing does): its ``/`` of ints floored."""
        return self.cells.python2

    def problems(self) -> List[Diagnostic]:
        """FM002 for each cell that is not Python and holds a legacy call."""
        from fitmigrate.project.notebooks import unparsable_cells

        return unparsable_cells(self.cells, self.label)

    def locate(self, diagnostic: Diagnostic) -> Diagnostic:
        from fitmigrate.project.notebooks import located

        return located(self.cells, diagnostic, self.label)


    def written(self, new_code: bytes) -> bytes:
        from fitmigrate.project.notebooks import MappingError, NotANotebook, notebook_with_source

        try:
            return notebook_with_source(self.data, self.cells, new_code.decode("utf-8"))
        except (MappingError, NotANotebook) as exc:
            raise WriteBackError(f"cannot write the cells back ({exc})") from exc


class Unreadable:
    """A file that is not what its name says (a ``.ipynb`` that is not a notebook): no code, one problem."""

    runnable = False

    def __init__(self, path: Optional[Path], data: bytes, label: str, problem: Diagnostic) -> None:
        self.path, self.data, self.label, self.problem = path, data, label, problem

    def code(self) -> bytes:
        return b""

    def problems(self) -> List[Diagnostic]:
        return [self.problem]

    def locate(self, diagnostic: Diagnostic) -> Diagnostic:
        return diagnostic

    def written(self, new_code: bytes) -> bytes:
        raise WriteBackError("an unreadable file has nothing to write back")


Source = Union[PythonFile, NotebookCells, Unreadable]


def open_source(data: bytes, path: Union[str, Path, None] = None) -> Source:
    """The source ``data`` is: a notebook when ``path`` ends in ``.ipynb``, else a Python file."""
    label = str(path) if path is not None else "<source>"
    where = Path(path) if path is not None else None
    if where is None or where.suffix != ".ipynb":
        return PythonFile(where, data, label)
    from fitmigrate.project.notebooks import NotANotebook, notebook_source

    try:
        return NotebookCells(where, data, label, notebook_source(data))
    except NotANotebook as exc:
        return Unreadable(where, data, label, Diagnostic("FM001", label, 1, 1, f"cannot read this notebook: {exc}; "
                                                                            "it is left untouched"))

