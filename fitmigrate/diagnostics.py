"""A diagnostic is one finding at one place; its code ties it to a rule in ``fitmigrate.rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    code: str
    path: str
    line: int
    col: int
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"

    @property
    def severity(self) -> str:
        from fitmigrate.rules import rule_for

        return rule_for(self.code).SEVERITY
