"""Writing the edits a migration needs in another module (``outcomes.EditElsewhere``), at the end of a run.

A file whose migration needs lists made tuples in another module (a Sequence's ``__getitem__``,
``analysis.elsewhere``) is held back until every file of the run is seen. Then, for each such module:
its bytes must still be those the edits were found in (or, when this run wrote the module's own
migration, those it was read as); the edits are applied to them, and, when the module is one of the
run's files, its own migration runs on the result, so that what is written is the result of both and
a fixed point. The module is written, then the files that need it; when any step fails, neither is
written and the callers get ``FM003`` saying why.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

from fitmigrate.diagnostics import Diagnostic
from fitmigrate.outcomes import EditElsewhere, FileOutcome


def _real(path) -> Path:
    """The file behind ``path`` (never raises: a symlink loop is its own path)."""
    return Path(os.path.realpath(path))


def _shown(path: Path) -> str:
    """``path`` as diagnostics name it: relative to the working folder when it lies under it."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Held:
    path: Path
    outcome: FileOutcome


@dataclass
class Edited:
    """A module written for other files' migrations: its bytes before and after, and what to report."""

    path: Path
    before: bytes
    after: bytes
    diagnostics: List[Diagnostic]
    new_file: bool  # the run had not already counted it as changed


@dataclass
class Failed:
    path: Path  # a file left as it was
    outcome: FileOutcome
    diagnostic: Diagnostic


class EditsElsewhere:
    """The files of one run held back for edits in other modules, and what the run wrote itself."""

    def __init__(self, files: List[Path], options: Optional[dict] = None) -> None:
        self.files: Set[Path] = {_real(p) for p in files}
        self.options = dict(options or {})  # the run's migrate options, for a module's own migration
        self.held: List[Held] = []
        # file -> (original bytes, what was written): the run's changed files, kept to the end of the run
        self.written: Dict[Path, Tuple[bytes, bytes]] = {}

    def hold(self, path: Path, outcome: FileOutcome) -> bool:
        """Keep ``outcome`` for the end of the run when its migration needs edits elsewhere."""
        if outcome.changed and outcome.elsewhere:
            self.held.append(Held(path, outcome))
            return True
        return False

    def wrote(self, path: Path, outcome: FileOutcome) -> None:
        """The run wrote (or, dry, would write) ``outcome.new`` for ``path``."""
        assert outcome.new is not None
        self.written[_real(path)] = (outcome.original, outcome.new)

    def settle(self) -> Tuple[List[Edited], List[Held], List[Failed]]:
        """What to write: the modules edited, the held files to write after them, the held files left (a
        file is written only when every module it needs can be; a module only for a file written)."""
        by_module: "OrderedDict[str, List[Tuple[Held, EditElsewhere]]]" = OrderedDict()
        for held in self.held:
            for edit in held.outcome.elsewhere:
                by_module.setdefault(edit.path, []).append((held, edit))
        results = {module: self._edit(Path(module), [edit for _, edit in requests])
                   for module, requests in by_module.items()}
        failed: Dict[int, Failed] = {}
        for module, requests in by_module.items():
            why = results[module]
            if isinstance(why, str):
                for held, edit in requests:
                    failed.setdefault(id(held), Failed(held.path, held.outcome, Diagnostic(
                        "FM003", held.outcome.path, 1, 1,
                        f"not written: the migration of the call at {edit.caller} needs lists made tuples in "
                        f"{edit.label}, and {why}; this file is left as it was")))
        ready = [held for held in self.held if id(held) not in failed]
        needed = {edit.path for held in ready for edit in held.outcome.elsewhere}
        edited = [result for module, result in results.items() if module in needed and isinstance(result, Edited)]
        return edited, ready, list(failed.values())

    def _edit(self, module: Path, edits: List[EditElsewhere]):
        """The module's new bytes (an ``Edited``), or why it cannot be edited."""
        from fitmigrate.rewrite.elsewhere import apply_edits

        label = edits[0].label
        if len({edit.digest for edit in edits}) > 1:
            return f"{label} changed between the files that read it"
        digest = edits[0].digest
        try:
            current = module.read_bytes()
        except OSError as exc:
            return f"{label} cannot be read ({exc.strerror or exc})"
        base: Optional[bytes] = None
        if sha(current) == digest:
            base = current
        elif module in self.written and sha(self.written[module][0]) == digest and \
                current == self.written[module][1]:
            base = self.written[module][0]  # its own migration, written by this run, is made again below
        if base is None:
            return f"{label} changed since it was read"
        spans = list(dict.fromkeys(span for edit in edits for span in edit.spans))
        new = apply_edits(base, spans)
        if new is None:
            return f"the edits cannot be made exactly in {label}"
        diagnostics: List[Diagnostic] = []
        if module in self.files:  # its own migration, on the edited code: what is written is both
            from fitmigrate.migrate import migrate_source
            from fitmigrate.project.index import ProjectIndex
            from fitmigrate.project.sources import open_source

            own = migrate_source(open_source(new, module), ProjectIndex(), **self.options)
            if own.error:
                return f"the migration of {label} with them fails ({own.error})"
            if own.changed and own.elsewhere:
                return f"{label} itself needs edits in another module"
            if own.changed:
                new = own.new  # type: ignore[assignment]
        callers = ", ".join(dict.fromkeys(edit.caller for edit in edits))
        line, column = min((span[1], span[2]) for span in spans)
        diagnostics.append(Diagnostic("FM205", _shown(module), line, column + 1,
                                      f"lists returned in batches made tuples here for the migration of the call at "
                                      f"{callers}, which passes this module's Sequence to Keras 3"))
        # Shown (--diff) from what the run showed of it already: in a dry run its own migration is not on disk.
        shown = self.written[module][1] if module in self.written else current
        return Edited(module, shown, new, diagnostics, new_file=module not in self.written)

