"""``# fitmigrate: ignore`` comments: silence a diagnostic on the line it points at.

``# fitmigrate: ignore`` silences every code on its line; ``# fitmigrate: ignore[FM101,FM203]``
silences those codes (or code prefixes, as in ``select``). The comment must be on the diagnostic's
line; for a call written over several lines that is the call's first line. It may share the comment
with other pragmas (``# noqa: E501  # fitmigrate: ignore[FM202]``). ``ignore[]`` with no codes, or
with something that is not a code, silences nothing: a mistyped pragma must not hide findings.

Comments are found with :mod:`tokenize`, so the text inside a string literal is never a pragma.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Set, TypeVar, Union

# None: every code; otherwise the codes (or prefixes) named.
Suppression = Optional[FrozenSet[str]]
Lines = Sequence[str]
T = TypeVar("T")

_PRAGMA = re.compile(r"#\s*fitmigrate\s*:\s*ignore(?![\w-])(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
_CODE = re.compile(r"^FM\d{1,3}$")


def parse_suppressions(source_lines: Union[Lines, str], wanted: Optional[Iterable[int]] = None) -> Dict[int, Suppression]:
    """The pragma of each line that has one (1-based line -> codes, or None for all codes).

    ``wanted`` limits the answer (and the work) to those lines. Source that does not tokenize to its
    end (a syntax error, an IPython ``!shell`` line) is still read: tokenizing resumes on the line after
    the failure.
    """
    lines = source_lines.splitlines() if isinstance(source_lines, str) else list(source_lines)
    lines = [line.rstrip("\r\n") + "\n" for line in lines]
    wanted_set: Optional[Set[int]] = set(wanted) if wanted is not None else None
    last_wanted = max(wanted_set, default=0) if wanted_set is not None else len(lines)
    found: Dict[int, Suppression] = {}
    start = 0  # 0-based index of the first line of the chunk being tokenized
    for _ in range(_MAX_RESTARTS):
        if start >= min(len(lines), last_wanted):
            break
        failed_at = _tokenize_comments(lines, start, last_wanted, found, wanted_set)
        if failed_at is None:
            break
        start = max(failed_at, start + 1)
    return found


_MAX_RESTARTS = 200  # a file broken in more places than this keeps the pragmas found so far


def _tokenize_comments(lines: List[str], start: int, last_wanted: int, found: Dict[int, Suppression],
                       wanted: Optional[Set[int]]) -> Optional[int]:
    """Collect pragmas from ``lines[start:]``; return the 0-based line to resume at after a failure, or None."""
    reader = io.StringIO("".join(lines[start:])).readline
    last_row = 0
    try:
        for token in tokenize.generate_tokens(reader):
            last_row = token.start[0]
            line = start + last_row
            if line > last_wanted:
                return None
            if token.type != tokenize.COMMENT or (wanted is not None and line not in wanted):
                continue
            for match in _PRAGMA.finditer(token.string):
                suppression = _suppression(match.group("codes"))
                if suppression is not None and not suppression:
                    continue  # ignore[] or nothing recognisable: silences nothing
                found[line] = _merge(found[line], suppression) if line in found else suppression
    except tokenize.TokenError:
        return None  # EOF inside a string or brackets: every comment up to the end was already seen
    except SyntaxError:  # a bad dedent, or (Python 3.12+) a bad character: go on after that line
        return start + max(last_row, 1)
    return None


def _suppression(codes: Optional[str]) -> Suppression:
    if codes is None:
        return None
    names = {part.strip().upper() for part in codes.split(",") if part.strip()}
    return frozenset(name for name in names if _CODE.match(name) or name in {"FM"})


def _merge(a: Suppression, b: Suppression) -> Suppression:
    return None if a is None or b is None else a | b


def is_suppressed(code: str, suppression: Suppression) -> bool:
    """Whether a pragma silences ``code``: all codes, or a listed code or prefix of it."""
    return suppression is None or any(code.upper().startswith(name) for name in suppression)


def filter_suppressed(diagnostics: Iterable[T], source_lines: Union[Lines, str, Mapping[Optional[int], Lines]]) -> List[T]:
    """The diagnostics no ``# fitmigrate: ignore`` comment silences, in their order.

    ``source_lines`` are the file's lines (with or without line endings, or the text). For a notebook,
    pass a mapping from cell number to that cell's lines: a diagnostic is looked up in the cell named
    by its ``cell`` attribute. Items may be ``Diagnostic`` objects or anything with a ``.diagnostic``
    (a ``check.Finding``), so findings keep their extra fields.
    """
    items = list(diagnostics)
    if isinstance(source_lines, Mapping):
        per_cell: Dict[Optional[int], Dict[int, Suppression]] = {}
        for cell, lines in source_lines.items():
            wanted = {_diagnostic(item).line for item in items if getattr(_diagnostic(item), "cell", None) == cell}
            per_cell[cell] = parse_suppressions(lines, wanted) if wanted else {}
        lookup = lambda d: per_cell.get(getattr(d, "cell", None), {})  # noqa: E731
    else:
        table = parse_suppressions(source_lines, {_diagnostic(item).line for item in items})
        lookup = lambda d: table  # noqa: E731
    kept = []
    for item in items:
        diagnostic = _diagnostic(item)
        table_for = lookup(diagnostic)
        if diagnostic.line in table_for and is_suppressed(diagnostic.code, table_for[diagnostic.line]):
            continue
        kept.append(item)
    return kept


def _diagnostic(item):
    return getattr(item, "diagnostic", item)
