"""Diagnostics as text for people, JSON for scripts, SARIF for code scanning, annotations for GitHub.

:func:`render` takes ``Diagnostic`` objects, or ``check.Finding`` objects (anything with a
``.diagnostic`` and a ``.fixable``). Pass findings when you have them: whether ``migrate`` can fix
*this* call is known per finding (an ``FM100`` call may or may not be migratable), while a bare
diagnostic only has its rule's ``FIX_SAFETY`` to go on.

A diagnostic from a notebook carries ``cell`` (its line and column are within that cell); each
format says so in its own way. The output has no trailing newline (``click.echo`` adds one).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any, Dict, Iterable, Optional, Sequence, Type, Union
from urllib.parse import quote

import click

from fitmigrate import __version__
from fitmigrate.diagnostics import cell_label
from fitmigrate.diagnostics import where as position

FORMATS = ("text", "json", "sarif", "github")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
TEXT_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}
FINGERPRINT_KEY = "fitmigrate/v1"


def render(diagnostics: Iterable[Any], fmt: str, *, color: bool = False,
           root: Union[str, "os.PathLike[str]", None] = None, files: Optional[int] = None) -> str:
    """All ``diagnostics`` in format ``fmt`` (text, json, sarif, github), in the order given.

    ``color`` only affects ``text`` (pass ``sys.stdout.isatty()`` or click's own decision).
    ``root`` is the folder SARIF and GitHub paths are made relative to (the repository root in CI);
    the current folder by default. Text and JSON show paths as given. ``files``, the number of files
    checked, is named in the text summary: the verdict of one run covers those files only.
    """
    items = [_Item.of(item) for item in diagnostics]
    if fmt == "text":
        return _text(items, color, files)
    if fmt == "json":
        return _json(items)
    if fmt == "sarif":
        return _sarif(items, root)
    if fmt == "github":
        return _github(items, root)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def statistics(diagnostics: Iterable[Any], fmt: str = "text") -> str:
    """``--statistics`` (as ruff has it): one line per code, most frequent first, with its count, severity
    and name, and how many of them ``migrate`` fixes when that is known per finding; in ``json`` a list of
    ``{"code", "name", "severity", "count", "fixable"}``. What is left to do by hand, and why, on one screen."""
    items = [_Item.of(item) for item in diagnostics]
    counts = Counter(item.code for item in items)
    fixable = Counter(item.code for item in items if item.per_finding and item.fixable)
    first = {item.code: item for item in reversed(items)}
    order = sorted(counts, key=lambda code: (-counts[code], code))
    if fmt == "json":
        return json.dumps([{"code": code, "name": first[code].name, "severity": first[code].severity,
                            "count": counts[code], "fixable": fixable[code]} for code in order], indent=2)
    if fmt != "text":
        raise ValueError(f"statistics come as text or json, not {fmt!r}")
    width = len(str(max(counts.values()))) if counts else 1
    return "\n".join(f"{counts[code]:>{width}}  {code}  {first[code].severity:<7}  {first[code].name}"
                     + (f"  [{fixable[code]} fixable: fitmigrate migrate]" if fixable[code] else "")
                     for code in order)


def summary(diagnostics: Iterable[Any], files: Optional[int] = None) -> str:
    """The closing line of the text format: the number of findings, per code in code order, and of the
    files checked when ``files`` is given."""
    return _summary([_Item.of(item) for item in diagnostics], files)


def _summary(items: Sequence["_Item"], files: Optional[int] = None) -> str:
    counts = _counts(items)
    total = sum(counts.values())
    scope = f" in {files} file{'s' * (files != 1)} checked" if files is not None else ""
    if not total:
        return f"All clear: no findings{scope}."
    return (f"Found {total} finding{'s' * (total != 1)}: " + ", ".join(f"{n} x {c}" for c, n in counts.items())
            + (f" ({scope.strip()})" if scope else ""))


# -- one finding, whatever was passed ---------------------------------------------------------------


class _Item:
    __slots__ = ("code", "path", "line", "col", "message", "cell", "rule", "fixable", "per_finding")

    def __init__(self, diagnostic: Any, fixable: Optional[bool]) -> None:
        self.code: str = diagnostic.code
        self.path: str = str(diagnostic.path)
        self.line: int = int(diagnostic.line)
        self.col: int = int(diagnostic.col)
        self.message: str = diagnostic.message
        self.cell: Optional[int] = getattr(diagnostic, "cell", None)
        self.rule = _rule(self.code)
        self.per_finding = fixable is not None  # known for this very call, not only for its rule
        self.fixable = fixable if fixable is not None else self.fix_safety in ("safe", "unsafe")

    @classmethod
    def of(cls, item: Any) -> "_Item":
        if hasattr(item, "diagnostic"):
            return cls(item.diagnostic, bool(getattr(item, "fixable", False)))
        return cls(item, None)

    @property
    def name(self) -> str:
        return getattr(self.rule, "NAME", self.code)

    @property
    def severity(self) -> str:
        return getattr(self.rule, "SEVERITY", "error")

    @property
    def fix(self) -> str:
        return getattr(self.rule, "FIX", "")

    @property
    def fix_safety(self) -> str:
        return getattr(self.rule, "FIX_SAFETY", "none")

    @property
    def finding_fix_safety(self) -> Optional[str]:
        """The safety of the fix ``migrate`` makes for this finding; None when it makes none (a refused call,
        a break left to the user): a refusal has no fix, so no fix safety."""
        return self.fix_safety if self.fixable else None


def _rule(code: str) -> Optional[Type[Any]]:
    from fitmigrate.rules import rule_for

    try:
        return rule_for(code)
    except KeyError:
        return None  # a code from a newer or foreign producer still renders, as an error


def _counts(items: Sequence[_Item]) -> Dict[str, int]:
    return dict(sorted(Counter(item.code for item in items).items()))


# -- text -------------------------------------------------------------------------------------------


def _text(items: Sequence[_Item], color: bool, files: Optional[int] = None) -> str:
    style = click.style if color else (lambda text, **_: text)
    lines = []
    for item in items:
        where = position(item.path, item.line, item.col, item.cell)
        code = style(item.code, fg=TEXT_COLORS.get(item.severity, "red"), bold=True)
        # An error `migrate` is known to resolve for this call is one a user can clear without thinking.
        suffix = " [fixable: fitmigrate migrate]" if item.per_finding and item.fixable and item.severity == "error" else ""
        lines.append(f"{style(where, bold=True)}: {code} {item.message}{suffix}")
    lines.append(_summary(items, files))
    return "\n".join(lines)


# -- JSON -------------------------------------------------------------------------------------------


def _json(items: Sequence[_Item]) -> str:
    entries = []
    for item in items:
        entry: Dict[str, Any] = {
            "code": item.code, "name": item.name, "severity": item.severity, "path": item.path,
            "line": item.line, "column": item.col, "message": item.message, "fix": item.fix,
            "fixable": item.fixable, "fix_safety": item.finding_fix_safety,
        }
        if item.cell is not None:
            entry["cell"] = item.cell
        entries.append(entry)
    document = {"version": __version__, "diagnostics": entries, "summary": _counts(items)}
    return json.dumps(document, indent=2, ensure_ascii=False)


# -- SARIF 2.1.0 ------------------------------------------------------------------------------------


def _sarif(items: Sequence[_Item], root: Union[str, "os.PathLike[str]", None]) -> str:
    from fitmigrate.rules import all_rules

    catalog = all_rules()
    index = {rule.CODE: i for i, rule in enumerate(catalog)}
    seen: Counter = Counter()
    results = []
    for item in items:
        relative = _relative(item.path, root)
        uri = quote(relative) if relative is not None else Path(os.path.abspath(item.path)).as_uri()
        message = f"{cell_label(item.cell)}: {item.message}" if item.cell is not None else item.message
        artifact: Dict[str, Any] = {"uri": uri}
        if relative is not None:
            artifact["uriBaseId"] = "%SRCROOT%"
        # The same code and message twice in one file are two alerts, not one: number the repeats.
        key = (item.code, uri, message)
        seen[key] += 1
        fingerprint = hashlib.sha256("\0".join((*key, str(seen[key]))).encode()).hexdigest()[:32]
        result: Dict[str, Any] = {"ruleId": item.code}
        if item.code in index:
            result["ruleIndex"] = index[item.code]
        result.update({
            "level": SARIF_LEVELS.get(item.severity, "error"),
            "message": {"text": message},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact,
                "region": {"startLine": max(item.line, 1), "startColumn": max(item.col, 1)},
            }}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
            "properties": {"fixable": item.fixable, "fixSafety": item.finding_fix_safety},
        })
        if item.cell is not None:
            result["properties"]["cell"] = item.cell
        results.append(result)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "fitmigrate",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_sarif_rule(rule) for rule in catalog],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _sarif_rule(rule: Type[Any]) -> Dict[str, Any]:
    from fitmigrate.rules import explain

    doc = _plain(inspect.cleandoc(rule.__doc__ or rule.SUMMARY))
    return {
        "id": rule.CODE,
        "name": rule.NAME,
        "shortDescription": {"text": _plain(rule.SUMMARY)},
        "fullDescription": {"text": doc},
        "help": {"text": explain(rule), "markdown": _markdown_help(rule, doc)},
        "defaultConfiguration": {"level": SARIF_LEVELS.get(rule.SEVERITY, "error")},
        "properties": {"tags": ["keras", "migration"], "fixSafety": rule.FIX_SAFETY},
    }


def _markdown_help(rule: Type[Any], doc: str) -> str:
    def example(source: Any) -> str:
        text = source.decode("utf-8", errors="replace") if isinstance(source, bytes) else source
        return "```python\n" + text.rstrip("\n") + "\n```"

    safety = {"safe": "safe: `fitmigrate migrate` fixes it and keeps behaviour",
              "unsafe": "unsafe: `fitmigrate migrate` fixes it, but behaviour may change: review the diff",
              "none": "none: fix it by hand"}.get(rule.FIX_SAFETY, rule.FIX_SAFETY)
    parts = [f"**{rule.CODE} {rule.NAME}** ({rule.SEVERITY}): {_plain(rule.SUMMARY)}", "", "## What it does / why", "",
             doc]
    if getattr(rule, "INVALID", None):
        parts += ["", "## Example (reported)", "", example(rule.INVALID[0])]
    if getattr(rule, "VALID", None):
        parts += ["", "## Not reported", "", example(rule.VALID[0])]
    parts += ["", "## Fix", "", _plain(rule.FIX), "", "## Fix safety", "", safety]
    return "\n".join(parts)


def _plain(doc: str) -> str:
    """reST ``literal`` to Markdown `literal`, and paragraphs unwrapped, so both renderers show it well."""
    from fitmigrate.rules import markup

    doc = markup(doc)
    return "\n\n".join(" ".join(part.split()) for part in re.split(r"\n\s*\n", doc))


def _relative(path: str, root: Union[str, "os.PathLike[str]", None]) -> Optional[str]:
    """``path`` relative to ``root`` (default: the current folder) with ``/``, or None when it is elsewhere."""
    base = os.path.abspath(os.fspath(root)) if root is not None else os.getcwd()
    absolute = os.path.abspath(path)
    if os.path.splitdrive(absolute)[0].lower() != os.path.splitdrive(base)[0].lower():
        return None
    relative = os.path.relpath(absolute, base)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return Path(relative).as_posix()


# -- GitHub workflow commands -----------------------------------------------------------------------


def _github(items: Sequence[_Item], root: Union[str, "os.PathLike[str]", None]) -> str:
    lines = []
    for item in items:
        relative = _relative(item.path, root)
        properties = [("file", relative if relative is not None else item.path)]
        message = item.message
        if item.cell is None:
            properties += [("line", str(item.line)), ("col", str(item.col))]
        else:
            # A line of the .ipynb JSON would point at the wrong place: name the cell in the message.
            message = f"{cell_label(item.cell)}, line {item.line}, column {item.col}: {message}"
        properties.append(("title", f"{item.code} ({item.name})"))
        rendered = ",".join(f"{key}={_escape_property(value)}" for key, value in properties)
        lines.append(f"::{GITHUB_COMMANDS.get(item.severity, 'error')} {rendered}::{_escape_data(message)}")
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    """As actions/toolkit's ``escapeData``: the message may hold any character but these three."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """As actions/toolkit's ``escapeProperty``: ``:`` and ``,`` would end the property."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
