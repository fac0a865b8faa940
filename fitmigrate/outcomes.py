"""What ``check`` and ``migrate`` return for one file: plain data, importable without LibCST, so that a
run whose files the prefilters and the cache answer never loads the parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

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

    @property
    def changed(self) -> bool:
        return self.new is not None and self.new != self.original
