"""Whether source that Python 3 rejects is Python 2, decided from its tokens rather than guessed.

Python 3's tokenizer reads Python 2 source (it has the same tokens: ``print "x"`` is a name and a
string, ``<>`` two operators, ``0777`` two numbers, a backquote an error token). Each construct Python 3
removed from the grammar has a Python 3 spelling of the same grammatical role, written here over its
tokens: a ``print`` or ``exec`` statement becomes a tuple expression (``print, "x"``), ``except X, e:``
becomes ``except X:``, ``raise E, "msg"`` becomes ``raise E``, `` `x` `` becomes ``(x)``, ``<>``
becomes ``!=``, ``0777`` becomes ``0o777``, ``10L`` becomes ``10``, ``ur"..."`` becomes ``r"..."``, a
tuple parameter ``def f((a, b)):`` becomes a name, and indentation is read with a tab as 8 columns,
as Python 2 read it. The source is Python 2 when it has at least one of those constructs, none of
Python 3's own (f-strings, ``nonlocal``, ``async`` / ``await``, ``->``, ``:=``, ``yield from``,
``raise ... from``), and compiles once they are rewritten: every statement Python 3 rejected was one
of them. Anything else is a plain syntax error, named as Python 3 names it.

The rewritten text is only compiled, never shown or written.
"""

from __future__ import annotations

import ast
import contextlib
import contextvars
import io
import keyword
import re
import tokenize
from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple, Union

# Keywords that begin an expression: after `print`, they make a Python 2 print statement.
_EXPRESSION_KEYWORDS = {"not", "lambda", "None", "True", "False"}
_STATEMENT_STARTS = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


@dataclass(frozen=True)
class Python2:
    """The first Python 2 construct of a source: what it is, and where."""

    what: str
    line: int
    col: int  # 1-based


@dataclass(frozen=True)
class SyntaxProblem:
    """A syntax error that is not Python 2: Python 3's own message, and where."""

    message: str
    line: int
    col: int  # 1-based


def diagnose(text: Union[str, bytes]) -> Optional[Union[Python2, SyntaxProblem]]:
    """None when ``text`` compiles as Python 3; otherwise the first Python 2 construct when the source is
    Python 2 (see the module's docstring), or Python 3's syntax error."""
    error = _compile_error(text)
    if error is None:
        return None
    source = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else text
    found = _python2(source)
    if isinstance(found, Python2):
        return found
    if found is not None:  # Python 2 constructs, and an error that is none of them: that one is named
        error = found
    return SyntaxProblem(error.msg or "invalid syntax", error.lineno or 1, max(error.offset or 1, 1))


def message(found: Union[Python2, SyntaxProblem], what: str = "file", also: str = "") -> str:
    """FM002's words for a ``what`` (a file, a notebook cell) that Python 3 cannot parse; ``also`` names
    what else it is not (a cell: IPython syntax fitmigrate knows)."""
    if isinstance(found, Python2):
        return (f"this {what} is Python 2 code ({found.what} at line {found.line}), which fitmigrate does not "
                "read: port it to Python 3 first")
    return f"this {what} is not valid Python{also}: {found.message} (line {found.line})"


def _compile_error(text: Union[str, bytes]) -> Optional[SyntaxError]:
    """Python 3's parser's verdict (the grammar only, as ``ast.parse``: no symbol-table checks)."""
    try:
        compile(text, "<source>", "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:  # IndentationError and TabError too
        return exc
    except ValueError as exc:  # null bytes
        return SyntaxError(str(exc))
    except (MemoryError, RecursionError):  # nested too deeply for the parser: not a syntax question
        return None
    return None


@dataclass
class _Edit:
    start: Tuple[int, int]
    end: Tuple[int, int]
    text: str


def _python2(source: str) -> Union[Python2, SyntaxError, None]:
    """The first Python 2 construct when the source is Python 2; the syntax error left once its Python 2
    constructs are rewritten, when it has some and that error is on a line none of them is on; else None."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    if _has_python3_syntax(tokens):
        return None
    print_function = re.search(r"^\s*from\s+__future__\s+import[^\n]*\bprint_function\b", source, re.M) is not None
    edits: List[_Edit] = []
    found: List[Python2] = []

    def mark(what: str, token: tokenize.TokenInfo) -> None:
        found.append(Python2(what, token.start[0], token.start[1] + 1))

    depth = 0
    previous: Optional[tokenize.TokenInfo] = None  # the last significant token
    backquotes = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = _next_significant(tokens, i)
        at_statement_start = previous is None or previous.type in _STATEMENT_STARTS or \
            (previous.type == tokenize.OP and previous.string == ";") or \
            (previous.type == tokenize.OP and previous.string == ":" and depth == 0)
        if token.type == tokenize.NAME and token.string in ("print", "exec") and at_statement_start \
                and following is not None and _starts_expression(following) \
                and not (token.string == "print" and print_function):
            mark(f"{'an' if token.string == 'exec' else 'a'} `{token.string}` statement", token)
            edits.append(_Edit(token.end, token.end, ","))
        elif token.type == tokenize.NAME and token.string in ("except", "raise") and at_statement_start:
            comma, stop = _comma_at_depth_zero(tokens, i + 1, until=":" if token.string == "except" else None)
            if comma is not None:
                mark("`except X, e:`" if token.string == "except" else "`raise E, value`", tokens[comma])
                edits.append(_Edit(tokens[comma].start, tokens[stop].start, " "))
        elif token.type == tokenize.ERRORTOKEN and token.string == "`":
            if backquotes % 2 == 0:
                mark("a backquote repr (`x`)", token)
            edits.append(_Edit(token.start, token.end, "(" if backquotes % 2 == 0 else ")"))
            backquotes += 1
        elif token.type == tokenize.OP and token.string == "<" and _adjacent(token, tokens[i + 1], ">"):
            mark("the `<>` operator", token)
            edits.append(_Edit(token.start, tokens[i + 1].end, "!="))
        elif token.type == tokenize.NUMBER and i + 1 < len(tokens) and tokens[i + 1].start == token.end:
            after = tokens[i + 1]
            if token.string == "0" and after.type == tokenize.NUMBER and re.fullmatch(r"[0-7]+[lL]?", after.string):
                end, spelled = after.end, "0" + after.string
                if i + 2 < len(tokens) and tokens[i + 2].start == after.end and tokens[i + 2].string in ("l", "L"):
                    end, spelled, i = tokens[i + 2].end, spelled + tokens[i + 2].string, i + 1
                mark(f"an octal literal without 0o ({spelled})", token)
                edits.append(_Edit(token.start, end, "0o" + after.string.rstrip("lL")))
                i += 1
            elif after.type == tokenize.NAME and after.string in ("l", "L") and re.fullmatch(r"(0[xX])?[0-9a-fA-F]+", token.string):
                mark(f"a long integer literal ({token.string}{after.string})", token)
                edits.append(_Edit(after.start, after.end, ""))
                i += 1
        elif token.type == tokenize.NAME and token.string.lower() == "ur" and i + 1 < len(tokens) \
                and tokens[i + 1].type == tokenize.STRING and tokens[i + 1].start == token.end:
            mark(f"a {token.string}\"...\" string", token)
            edits.append(_Edit(token.start, token.end, token.string[1]))
        elif token.type == tokenize.NAME and token.string in ("def", "lambda"):
            groups = _tuple_parameters(tokens, i)
            if groups:
                mark("a tuple parameter (`def f((a, b)):`)", tokens[groups[0][0]])
                for number, (first, last) in enumerate(groups):
                    edits.append(_Edit(tokens[first].start, tokens[last].end, f"_fitmigrate_py2_{number}"))
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth = max(depth - 1, 0)
        if token.type not in (tokenize.COMMENT, tokenize.NL):
            previous = token
        i += 1
    tabs = _mixed_tabs(source)
    if tabs is not None:
        found.append(tabs)
    if not found:
        return None
    rewritten = _expand_indentation_tabs(_apply(source, edits))
    left = _compile_error(rewritten)
    if left is None:
        return min(found, key=lambda construct: (construct.line, construct.col))
    edited = {row for edit in edits for row in range(edit.start[0], edit.end[0] + 1)}
    return left if left.lineno not in edited else None


def _next_significant(tokens: List[tokenize.TokenInfo], index: int) -> Optional[tokenize.TokenInfo]:
    """The token after ``index`` on the same logical line, comments skipped; None at its end."""
    for token in tokens[index + 1:]:
        if token.type == tokenize.COMMENT:
            continue
        if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            return None
        return token
    return None


def _starts_expression(token: tokenize.TokenInfo) -> bool:
    """After ``print`` at the start of a statement, a token Python 3 cannot read as the rest of an
    expression that began with the name ``print`` (``print "x"``, ``print x``, ``print {..}``)."""
    if token.type in (tokenize.STRING, tokenize.NUMBER):
        return True
    if token.type == tokenize.NAME:
        return not keyword.iskeyword(token.string) or token.string in _EXPRESSION_KEYWORDS
    return token.type == tokenize.OP and token.string == "{" or \
        (token.type == tokenize.ERRORTOKEN and token.string == "`")


def _comma_at_depth_zero(tokens: List[tokenize.TokenInfo], start: int,
                         until: Optional[str]) -> Tuple[Optional[int], int]:
    """The first comma outside brackets from ``start`` in this statement, and the index of the token that
    ends what follows it (``until`` at depth zero, or the end of the logical line)."""
    depth = 0
    comma = None
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER) or \
                (until is not None and depth == 0 and token.type == tokenize.OP and token.string == until):
            return comma, index
        if token.type == tokenize.OP and token.string == ";" and depth == 0:
            return comma, index
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
        elif token.type == tokenize.OP and token.string == "," and depth == 0 and comma is None:
            comma = index
    return comma, len(tokens) - 1


def _adjacent(token: tokenize.TokenInfo, after: tokenize.TokenInfo, text: str) -> bool:
    return after.type == tokenize.OP and after.string == text and after.start == token.end


def _tuple_parameters(tokens: List[tokenize.TokenInfo], index: int) -> List[Tuple[int, int]]:
    """(first, last) token indexes of each parenthesized parameter of the ``def`` or ``lambda`` at ``index``."""
    if tokens[index].string == "def":
        if index + 2 >= len(tokens) or tokens[index + 2].string != "(":
            return []
        position, level = index + 3, 1  # inside the parameter list
    else:
        position, level = index + 1, 0
    groups = []
    depth = level
    expect_parameter = True
    while position < len(tokens):
        token = tokens[position]
        if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            break
        if token.type == tokenize.OP and token.string == ":" and depth == 0:  # the end of a lambda's parameters
            break
        if token.type == tokenize.OP and token.string == "(" and depth == level and expect_parameter:
            nested, last = 0, position
            while last < len(tokens):
                if tokens[last].type == tokenize.OP and tokens[last].string in "([{":
                    nested += 1
                elif tokens[last].type == tokenize.OP and tokens[last].string in ")]}":
                    nested -= 1
                    if nested == 0:
                        break
                last += 1
            groups.append((position, last))
            position, expect_parameter = last + 1, False
            continue
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
            if depth < level or depth < 0:  # the end of a def's parameter list
                break
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            expect_parameter = depth == level and token.type == tokenize.OP and token.string == ","
        position += 1
    return groups


def _mixed_tabs(source: str) -> Optional[Python2]:
    """Indentation Python 3 rejects as an inconsistent mix of tabs and spaces, which Python 2 read with a
    tab as 8 columns."""
    error = _compile_error(source)
    if not isinstance(error, TabError):
        return None
    if isinstance(_compile_error(_expand_indentation_tabs(source)), TabError):
        return None
    return Python2("tabs and spaces mixed in the indentation (Python 2 read a tab as 8 columns)",
                   error.lineno or 1, 1)


def _expand_indentation_tabs(source: str) -> str:
    return "".join(re.sub(r"^[ \t]+", lambda m: m.group(0).expandtabs(8), line)
                   for line in source.splitlines(keepends=True))


def _apply(source: str, edits: List[_Edit]) -> str:
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def offset(position: Tuple[int, int]) -> int:
        row, col = position
        return offsets[row - 1] + col if row - 1 < len(offsets) else len(source)

    text = source
    for edit in sorted(edits, key=lambda e: offset(e.start), reverse=True):
        removed = text[offset(edit.start): offset(edit.end)]
        line_breaks = "\n" * (removed.count("\n") + removed.count("\r") - removed.count("\r\n"))
        text = text[: offset(edit.start)] + edit.text + line_breaks + text[offset(edit.end):]
    return text


def _has_python3_syntax(tokens: List[tokenize.TokenInfo]) -> bool:
    """A construct Python 2 never had: then the source is not Python 2, whatever else it holds."""
    for index, token in enumerate(tokens):
        if token.type == tokenize.STRING and re.match(r"[a-zA-Z]*[fF]", token.string.split("'")[0].split('"')[0]):
            return True
        if token.type == tokenize.OP and token.string in ("->", ":="):
            return True
        if token.type == tokenize.NAME and token.string in ("nonlocal", "async", "await"):
            following = _next_significant(tokens, index)
            if following is not None and following.type == tokenize.NAME:
                return True
        if token.type == tokenize.NAME and token.string == "yield":
            following = _next_significant(tokens, index)
            if following is not None and following.string == "from":
                return True
        if token.type == tokenize.NAME and token.string == "raise":
            for later in tokens[index + 1:]:
                if later.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                    break
                if later.type == tokenize.NAME and later.string == "from":
                    return True
    return False


# Set while a source that ran on Python 2 is analysed (a notebook whose kernel was python2): there ``a / b``
# of two ints floored, so a count written with ``/`` may have been whole where Python 3 makes it a float.
PYTHON2_SOURCE: contextvars.ContextVar[str] = contextvars.ContextVar("python2_source", default="")


@contextlib.contextmanager
def python2_source(evidence: str) -> Iterator[None]:
    token = PYTHON2_SOURCE.set(evidence)
    try:
        yield
    finally:
        PYTHON2_SOURCE.reset(token)
