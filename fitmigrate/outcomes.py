"""What ``check`` and ``migrate`` return for one file: plain data, importable without LibCST, so that a
run whose files the prefilters and the cache answer never loads the parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from fitmigrate.diagnostics import Diagnostic


@dataclass
class Finding:
    diagnostic: Diagnostic
    fixable: bool  # `fitmigrate migrate` fixes it


@dataclass
class CheckOutcome:
    path: str
    findings: List[Finding] = field(default_factory=list)
    error: Optional[str] = None


@dataclass(frozen=True)
class EditElsewhere:
    """Lists made tuples in another module of the project, which a migrated call needs (a Sequence's
    ``__getitem__``): where they are in that module's bytes as the analysis read them (``digest``), so
    that the run writes that module too, or neither file when it changed meanwhile (``elsewhere``)."""

    path: str  # the module's real path
    label: str  # the module as messages name it
    digest: str  # sha256 of the bytes the edits were found in
    # Each edit: the kind of node (``List``, ``ListComp``, any other expression: wrapped in ``tuple()``) and
    # its range, (start line, start column, end line, end column) as ``analysis.positions`` gives it.
    spans: Tuple[Tuple[str, int, int, int, int], ...]
    caller: str = ""  # the call that needs them, ``train.py:5``


@dataclass
class FileOutcome:
    path: str
    original: bytes
    new: Optional[bytes] = None  # None: the file is left exactly as it was
    diagnostics: List[Diagnostic] = field(default_factory=list)
    migrated: int = 0
    refused: int = 0
    error: Optional[str] = None
    encoding: str = "utf-8"
    # Edits this file's migration needs in other modules: written with it, or the file is not written.
    elsewhere: List[EditElsewhere] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new is not None and self.new != self.original
