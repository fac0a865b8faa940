"""Jupyter notebooks: the code cells as one Python module for analysis, and the result written back
into the notebook's own JSON, touching only the cells whose code changed.

Positions are reported as ``cell N`` and a line L within it (spelled by ``diagnostics.where``, the one
place every output takes it from): N is the 1-based position of the cell among *all* the notebook's
cells (markdown and raw cells count, execution counts do not), the cell you reach by counting down the
notebook; L is the 1-based line within that cell.

IPython-only lines (``%magic``, ``!shell``, ``?obj``, ``obj?``, ``x = !cmd``, automagic such as
``pip install x``) and cells run by a non-Python cell magic (``%%bash``, ``%%writefile``...) are
replaced, for analysis, by placeholder statements of the same line count, and restored verbatim
afterwards. Which lines those are follows IPython's own rules (``inputtransformer2`` for the escapes,
``prefilter``'s ``AssignmentChecker`` and ``AutoMagicChecker`` for automagic; see ``_is_automagic``). The JSON is never re-serialized: only the ``source`` value of a changed cell is replaced
in the original text, so everything else (indentation, key order, escapes, outputs, metadata, the
final newline) keeps its bytes, and a notebook where nothing changed is returned as it was.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import json
import re
import uuid
import warnings
from dataclasses import dataclass, field
from json.decoder import scanstring
from typing import Callable, Dict, List, Optional, Set, Tuple, Union

from fitmigrate.diagnostics import Diagnostic, cell_label
from fitmigrate.project import python2
from fitmigrate.project.python2 import Python2, SyntaxProblem
from fitmigrate.files import CANDIDATE_NAMES

# Cell magics whose body is Python (only the `%%` line is IPython's); any other cell magic runs the
# body as something else (a shell script, a file to write, HTML...), so its whole cell is left alone.
PYTHON_BODY_CELL_MAGICS = {"time", "timeit", "capture", "prun"}
# Every line magic IPython's automagic can call without `%` (IPython 9 with ipykernel, the POSIX and
# Windows aliases, and the extensions Keras notebooks load: autoreload, storemagic, tensorboard, Colab).
LINE_MAGICS = frozenset("""
    alias alias_magic autoawait autocall automagic bookmark cd code_wrap colors conda config debug dhist
    dirs doctest_mode ed edit env gui hist history killbgscripts load load_ext loadpy logoff logon logstart
    logstate logstop lsmagic macro magic mamba matplotlib micromamba notebook page pastebin pdb pdef pdoc
    pfile pinfo pinfo2 pip popd pprint precision prun psearch psource pushd pwd pycat pylab quickref recall
    rehashx reload_ext rep rerun reset reset_selective run save sc set_env sx system tb time timeit unalias
    unload_ext uv who who_ls whos xdel xmode
    autosave clear connect_info less man more qtconsole subshell
    cat cp ldir lf lk ll ls lx mkdir mv rm rmdir copy ddir echo ren
    autoreload aimport store tensorboard tensorflow_version install_ext profile
""".split())
_ESCAPES = ("%", "!", "?", "/", ",", ";")  # a logical line starting with one of these is IPython's
_MAGIC_ASSIGN = re.compile(r"[(\[]?[A-Za-z_][\w.\s,()\[\]*]*?=\s*[%!]")  # files = !ls, (a, b) = %sx cmd
_LINE_SPLIT = re.compile(r"(%{0,2}[\w.*]*)(.*)\Z", re.S)  # IPython's `ifun` and `the_rest` (splitinput)
_BUILTIN_NAMES = frozenset(dir(builtins))  # IPython's is_shadowed also prefers these
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_NON_ASCII_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u(?!00[0-7])[0-9a-fA-F]{4}")


class NotANotebook(ValueError):
    """The bytes are not a Jupyter notebook fitmigrate can read (invalid UTF-8 or JSON, not nbformat 4)."""


class MappingError(ValueError):
    """The rewritten source cannot be put back into the cells (a placeholder or cell boundary moved)."""


@dataclass
class CodeCell:
    number: int  # 1-based position among all cells, what diagnostics report
    index: int  # 0-based index in the notebook's "cells" array
    text: str  # the source as stored, joined
    was_list: bool  # "source" was a list of lines (nbformat's convention) rather than one string
    original: List[str]  # the lines as stored, without their endings ("\n", "\r\n" or a lone "\r", as Python)
    lines: List[str]  # the lines given to the analysis (magics replaced)
    start: int  # line of ``lines[0]`` in the combined source
    magics: Dict[int, str] = field(default_factory=dict)  # placeholder id -> the original line, verbatim
    newline: str = "\n"  # the cell's most common line ending, for the lines of a changed cell
    final_newline: bool = False  # the text ends with a line ending
    unparsable: Optional[Union[Python2, SyntaxProblem]] = None  # why the cell is not Python, when it is not


@dataclass
class NotebookSource:
    """The notebook's code cells as one Python source, and how to find each line's cell again."""

    source: str
    cells: List[CodeCell]
    tag: str  # unique text in the placeholders and cell boundaries
    line_map: List[Optional[Tuple[int, int]]]  # line_map[n - 1]: (cell number, line in cell) of line n
    language: str = "python"
    python2: str = ""  # what in the metadata says the kernel was Python 2 ("" when nothing does)

    def position(self, line: int) -> Optional[Tuple[int, int]]:
        """(cell number, line within the cell) of line ``line`` of ``source``; None for a boundary line."""
        if 1 <= line <= len(self.line_map):
            return self.line_map[line - 1]
        return None

    def lines_by_cell(self) -> Dict[int, List[str]]:
        """Each code cell's lines as stored, by cell number (for ``suppress.filter_suppressed``)."""
        return {cell.number: cell.original for cell in self.cells}

    def placeholder(self, indent: str, ident: int) -> str:
        return f"{indent}pass  # fitmigrate-magic {self.tag}:{ident}"

    def boundary(self, number: int) -> str:
        return f"# fitmigrate-cell-end {self.tag}:{number}"


# --- reading ---------------------------------------------------------------------------------------

def _decode(data: bytes) -> Tuple[str, str]:
    """The JSON text and a BOM prefix to keep."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotANotebook(f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    if text.startswith("\ufeff"):
        return text[1:], "\ufeff"
    return text, ""


def _load(data: bytes) -> dict:
    text, _ = _decode(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotANotebook(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if not isinstance(document, dict):
        raise NotANotebook("not a Jupyter notebook (the JSON is not an object)")
    if "worksheets" in document and "cells" not in document:
        raise NotANotebook("an nbformat 3 notebook: open and save it in Jupyter (4.0 or later) to convert it to "
                           "nbformat 4 first")
    cells = document.get("cells")
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise NotANotebook("not a Jupyter notebook (no \"cells\" list)")
    for number, cell in enumerate(cells, 1):
        source = cell.get("source", "")
        if not isinstance(source, str) and not (isinstance(source, list) and all(isinstance(s, str) for s in source)):
            raise NotANotebook(f"not a Jupyter notebook ({cell_label(number)}'s \"source\" is neither text nor a list of lines)")
    return document


def _python2_kernel(document: dict) -> str:
    """What in the metadata says the notebook last ran on a Python 2 kernel: ``language_info.version``
    2.x, a kernelspec named ``python2``. Its ``/`` of two ints floored."""
    metadata = document.get("metadata")
    if not isinstance(metadata, dict):
        return ""
    info, spec = metadata.get("language_info"), metadata.get("kernelspec")
    if isinstance(info, dict) and isinstance(info.get("version"), str) and info["version"].startswith("2."):
        return f"its language_info.version is {info['version']}"
    if isinstance(spec, dict) and spec.get("name") == "python2":
        return "its kernelspec is python2"
    return ""


def _language(document: dict) -> str:
    metadata = document.get("metadata")
    if not isinstance(metadata, dict):
        return "python"
    for key, name in (("language_info", "name"), ("kernelspec", "language")):
        info = metadata.get(key)
        if isinstance(info, dict) and isinstance(info.get(name), str):
            return info[name].lower()
    return "python"


def _logical_end(lines: List[str], first: int) -> Tuple[int, bool]:
    """Index of the last physical line of the Python logical line starting at ``first``, and whether a
    ``?`` (IPython help) appears in it outside strings and comments."""
    depth, quote, help_mark = 0, "", False
    for number in range(first, len(lines)):
        line, i, continued = lines[number], 0, False
        while i < len(line):
            char = line[i]
            if quote:
                if char == "\\":
                    if i + 1 == len(line):
                        continued = True
                    i += 2
                    continue
                if line.startswith(quote, i):
                    i += len(quote)
                    quote = ""
                    continue
                i += 1
                continue
            if char == "#":
                break
            if char in "'\"":
                quote = char * 3 if line.startswith(char * 3, i) else char
                i += len(quote)
                continue
            if char in "([{":
                depth += 1
            elif char in ")]}":
                depth = max(0, depth - 1)
            elif char == "?":
                help_mark = True
            elif char == "\\" and i + 1 == len(line):
                continued = True
            i += 1
        if len(quote) == 1 and not continued:
            quote = ""  # an unterminated string: Python stops at the line's end, so do we
        if not quote and not depth and not continued:
            return number, help_mark
    return len(lines) - 1, help_mark


def _syntax_error(text: str) -> Optional[SyntaxError]:
    """Why ``text`` is not Python, or None (warnings such as invalid escapes are the user's, not ours)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(text)
        except (SyntaxError, ValueError) as exc:
            return exc if isinstance(exc, SyntaxError) else SyntaxError(str(exc))
    return None


def _escaped_end(lines: List[str], first: int) -> int:
    """An IPython escape line runs on while it ends with a backslash."""
    number = first
    while number + 1 < len(lines) and lines[number].endswith("\\"):
        number += 1
    return number


def _is_escaped(stripped: str) -> bool:
    """IPython's static syntax at the start of a logical line: an escape (``EscapedCommand``: ``%``,
    ``!``, ``?``, ``/``, ``,``, ``;``) or an assignment from a magic or the shell (``MagicAssign``,
    ``SystemAssign``: ``files = !ls``)."""
    return stripped.startswith(_ESCAPES) or bool(_MAGIC_ASSIGN.match(stripped))


def _magic_word(stripped: str) -> Optional[str]:
    """The line magic a logical line names for automagic, or None when IPython reads it as Python.

    As IPython's prefilter does: the line splits into ``ifun`` (``%{0,2}[\\w.*]*``) and the rest; a rest
    starting with ``=`` or ``,`` is an assignment (``AssignmentChecker``: ``history = ...``,
    ``time, b = ...``, ``time == 1``), and an ``ifun`` with a ``.`` or ``*`` (``history.history``,
    ``time*2``) names no magic.
    """
    ifun, rest = _LINE_SPLIT.match(stripped).groups()  # type: ignore[union-attr]
    if ifun not in LINE_MAGICS or rest.lstrip().startswith(("=", ",")):
        return None
    return ifun


def _is_automagic(lines: List[str], first: int, last: int, single: bool, shadowed: Callable[[str], bool]) -> bool:
    """Whether the logical line ``lines[first:last + 1]`` is an automagic call (``pwd``, ``history -n``).

    IPython applies automagic only to a cell of one line (``InteractiveShell.transform_cell`` runs the
    prefilter only then), and only when no name bound by the code run so far shadows the magic
    (``is_shadowed``); there ``time + 1`` or ``who(1)`` call the magic. In a cell of several lines
    nothing is automagic: ``history = model.fit_generator(`` or a line inside brackets is always Python.
    A magic-looking line that is not Python at all (``pip install x`` among other lines, which IPython
    rejects as a SyntaxError) is still left out, so that the rest of its cell is analyzed.
    """
    name = _magic_word(lines[first].lstrip(" \t"))
    if name is None:
        return False
    if single and not shadowed(name):
        return True
    return _syntax_error("\n".join([lines[first].lstrip(" \t")] + lines[first + 1: last + 1])) is not None


def _single_line(lines: List[str]) -> bool:
    """A cell of one line once IPython drops its leading blank lines (``leading_empty_lines``)."""
    content = list(lines)
    while content and not content[0].strip():
        content.pop(0)
    return len(content) == 1


def _ipython_lines(lines: List[str], shadowed: Callable[[str], bool] = lambda name: False) -> List[Tuple[int, int]]:
    """(first, last) physical lines of each IPython-only logical line of a cell (or a cell magic's body).

    Lines are taken a Python logical line at a time, so a line inside an open bracket, a string or
    after a backslash never starts IPython syntax. ``shadowed(name)``: ``name`` is bound by the cells
    above (for automagic).
    """
    found: List[Tuple[int, int]] = []
    single = _single_line(lines)
    number = 0
    while number < len(lines):
        stripped = lines[number].lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            number += 1
            continue
        if _is_escaped(stripped):
            last = _escaped_end(lines, number)
            found.append((number, last))
        else:
            last, help_mark = _logical_end(lines, number)
            if help_mark or _is_automagic(lines, number, last, single, shadowed):
                found.append((number, last))
        number = last + 1
    return found


def _bound_names(text: str) -> Set[str]:
    """The names a cell binds in the notebook's namespace (assignments, imports, ``def``, ``class``,
    ``for``/``with`` targets at any depth outside functions, classes and comprehensions); none for a
    cell that is not Python, which IPython does not run."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return set()
    names: Set[str] = set()
    pending: List[ast.AST] = [tree]
    while pending:
        for node in ast.iter_child_nodes(pending.pop()):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
                continue
            if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                continue
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names.update((alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name != "*")
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            pending.append(node)
    return names


def _cell_magic(lines: List[str]) -> Optional[Tuple[int, str]]:
    """(line index, name) of a ``%%magic`` heading the cell."""
    for number, line in enumerate(lines):
        if line.strip():
            match = re.match(r"%%([A-Za-z_]\w*)", line)
            return (number, match.group(1)) if match else None
    return None


def _cell_lines(text: str) -> Tuple[List[str], str, bool]:
    """The lines, the most common line ending, and whether the text ends with one."""
    parts = re.split(r"(\r\n|\r|\n)", text)
    lines, endings = parts[0::2], parts[1::2]
    newline = max(("\n", "\r\n", "\r"), key=endings.count)
    final_newline = len(lines) > 1 and lines[-1] == ""
    if lines[-1] == "":
        lines.pop()
    return lines, newline, final_newline


def notebook_source(data: bytes) -> NotebookSource:
    """Parse an ``.ipynb`` file and build one Python source from its code cells (see the module doc).

    Raises ``NotANotebook`` for bytes that are not an nbformat 4 notebook. The notebook of a kernel
    whose language is not Python gives an empty source.
    """
    document = _load(data)
    language = _language(document)
    tag, raw_text = "0", data.decode("utf-8", "replace")
    while f"fitmigrate-magic {tag}:" in raw_text or f"fitmigrate-cell-end {tag}:" in raw_text:
        tag = uuid.uuid4().hex[:12]
    nb = NotebookSource("", [], tag, [], language, _python2_kernel(document))
    if language != "python":
        return nb
    ident = 0
    bound: Set[str] = set()
    scanned = 0

    def shadowed(name: str) -> bool:
        """Whether a cell above binds ``name`` (read only when a one-line cell may be automagic)."""
        nonlocal scanned
        for done in nb.cells[scanned:]:
            bound.update(_bound_names("\n".join(done.lines) + "\n"))
        scanned = len(nb.cells)
        return name in bound or name in _BUILTIN_NAMES

    for index, raw in enumerate(document["cells"]):
        if raw.get("cell_type") != "code":
            continue
        source = raw.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        original, newline, final_newline = _cell_lines(text)
        cell = CodeCell(index + 1, index, text, isinstance(source, list), original, list(original), 0,
                        newline=newline, final_newline=final_newline)

        def replace(first: int, last: int, indent: str) -> None:
            nonlocal ident
            for number in range(first, last + 1):
                ident += 1
                cell.magics[ident] = original[number]
                cell.lines[number] = nb.placeholder(indent, ident)

        def leading(line: str) -> str:
            return line[: len(line) - len(line.lstrip(" \t"))]

        heading = _cell_magic(original)
        if heading is not None and heading[1] not in PYTHON_BODY_CELL_MAGICS:
            replace(0, len(original) - 1, "")
        else:
            body_start = 0
            if heading is not None:  # `%%time` and the like run their body as a cell of its own
                replace(0, heading[0], "")
                body_start = heading[0] + 1
            body = original[body_start:]
            for first, last in _ipython_lines(body, shadowed):
                replace(body_start + first, body_start + last, leading(body[first]))
        nb.cells.append(cell)

    _assemble(nb)
    if _syntax_error(nb.source) is not None:
        for cell in nb.cells:  # find the cells that are not Python and leave them out of the analysis
            text = "\n".join(cell.lines) + "\n"
            error = _syntax_error(text)
            if error is not None:
                found = python2.diagnose(text) or python2.SyntaxProblem(error.msg or str(error), error.lineno or 1,
                                                                          error.offset or 1)
                cell.unparsable = found
                for number in range(len(cell.lines)):
                    if not _is_placeholder(nb, cell.lines[number]):
                        ident += 1
                        cell.magics[ident] = cell.original[number]
                        cell.lines[number] = nb.placeholder("", ident)
                    else:
                        cell.lines[number] = cell.lines[number].lstrip(" \t")
        _assemble(nb)
    return nb


def _is_placeholder(nb: NotebookSource, line: str) -> bool:
    return line.lstrip(" \t").startswith(f"pass  # fitmigrate-magic {nb.tag}:")


def _assemble(nb: NotebookSource) -> None:
    parts: List[str] = []
    nb.line_map = []
    for cell in nb.cells:
        cell.start = len(nb.line_map) + 1
        for number, line in enumerate(cell.lines, 1):
            parts.append(line + "\n")
            nb.line_map.append((cell.number, number))
        parts.append(nb.boundary(cell.number) + "\n")
        nb.line_map.append(None)
    nb.source = "".join(parts)


# --- writing back ----------------------------------------------------------------------------------

def _cell_texts(nb: NotebookSource, new_source: str) -> Dict[int, str]:
    """The new text of each code cell whose code changed (by cell number), magic lines restored."""
    lines, _, _ = _cell_lines(new_source)
    placeholder = re.compile(rf"[ \t]*pass  # fitmigrate-magic {re.escape(nb.tag)}:(\d+)\Z")
    texts: Dict[int, str] = {}
    position = 0
    for cell in nb.cells:
        boundary = nb.boundary(cell.number)
        try:
            end = lines.index(boundary, position)
        except ValueError:
            raise MappingError(f"the end of {cell_label(cell.number)} is missing from the rewritten source") from None
        section = lines[position:end]
        position = end + 1
        seen = set()
        for number, line in enumerate(section):
            match = placeholder.match(line)
            if match:
                ident = int(match.group(1))
                if ident not in cell.magics or ident in seen:
                    raise MappingError(f"a magic line of {cell_label(cell.number)} moved in the rewritten source")
                seen.add(ident)
                section[number] = cell.magics[ident]
        if seen != set(cell.magics):
            raise MappingError(f"a magic line of {cell_label(cell.number)} is missing from the rewritten source")
        if section == cell.original:
            continue  # compared line by line, so a cell with mixed line endings is not "changed" by them
        texts[cell.number] = cell.newline.join(section) + cell.newline * cell.final_newline
    if any(line.strip() for line in lines[position:]):
        raise MappingError("the rewritten source has code after the last cell")
    return texts


def _skip_space(text: str, i: int) -> int:
    return _JSON_SPACE.match(text, i).end()  # type: ignore[union-attr]


_decoder = json.JSONDecoder()


def _skip_value(text: str, i: int) -> int:
    return _decoder.raw_decode(text, i)[1]


def _members(text: str, i: int, on_value: Callable[[str, int], int]) -> int:
    """Walk the object at ``text[i]``; ``on_value(key, start)`` returns the end of each value."""
    if text[i] != "{":
        raise NotANotebook("unexpected JSON layout")
    i = _skip_space(text, i + 1)
    if text[i] == "}":
        return i + 1
    while True:
        if text[i] != '"':
            raise NotANotebook("unexpected JSON layout")
        key, i = scanstring(text, i + 1)
        i = _skip_space(text, i)
        if text[i] != ":":
            raise NotANotebook("unexpected JSON layout")
        i = _skip_space(text, on_value(key, _skip_space(text, i + 1)))
        if text[i] == "}":
            return i + 1
        if text[i] != ",":
            raise NotANotebook("unexpected JSON layout")
        i = _skip_space(text, i + 1)


def _items(text: str, i: int, on_item: Callable[[int], int]) -> List[Tuple[int, int]]:
    """Walk the array at ``text[i]``; returns each item's span, and the array's end as the last pair."""
    if text[i] != "[":
        raise NotANotebook("unexpected JSON layout")
    spans: List[Tuple[int, int]] = []
    i = _skip_space(text, i + 1)
    if text[i] == "]":
        return [(i + 1, i + 1)]
    while True:
        end = on_item(i)
        spans.append((i, end))
        i = _skip_space(text, end)
        if text[i] == "]":
            spans.append((i + 1, i + 1))
            return spans
        if text[i] != ",":
            raise NotANotebook("unexpected JSON layout")
        i = _skip_space(text, i + 1)


@dataclass
class _SourceSpan:
    start: int
    end: int
    items: Optional[List[Tuple[int, int]]]  # the spans of a list's strings


def _source_spans(text: str) -> Dict[int, _SourceSpan]:
    """Where each cell's ``source`` value lies in the JSON text, by cell index."""
    spans: Dict[int, _SourceSpan] = {}

    def cell_member(index: int) -> Callable[[str, int], int]:
        def on_value(key: str, start: int) -> int:
            if key != "source":
                return _skip_value(text, start)
            if text[start] == "[":
                found = _items(text, start, lambda i: _skip_value(text, i))
                spans[index] = _SourceSpan(start, found[-1][0], found[:-1])
                return found[-1][0]
            end = _skip_value(text, start)
            spans[index] = _SourceSpan(start, end, None)
            return end
        return on_value

    def top_member(key: str, start: int) -> int:
        if key != "cells":
            return _skip_value(text, start)
        count = 0

        def on_cell(i: int) -> int:
            nonlocal count
            count += 1
            return _members(text, i, cell_member(count - 1))

        return _items(text, start, on_cell)[-1][0]

    _members(text, _skip_space(text, 0), top_member)
    return spans


def _ensure_ascii(text: str) -> bool:
    """Whether the notebook escapes non-ASCII characters (``json.dumps``' default, not nbformat's)."""
    if not text.isascii():
        return False
    return bool(_NON_ASCII_ESCAPE.search(text))


def _indent_unit(text: str) -> str:
    """One level of the JSON's indentation: nbformat writes one space; other tools two, four or a tab."""
    found = re.search(r"\n([ \t]+)\S", text)
    return found.group(1) if found else ""


def _nbformat_lines(text: str) -> List[str]:
    """nbformat's list form: every line but the last ends with a newline."""
    return [line for line in re.split(r"(?<=\n)", text) if line]


def _render(text: str, new_text: str, span: _SourceSpan, ensure_ascii: bool) -> str:
    dump = lambda value: json.dumps(value, ensure_ascii=ensure_ascii)  # noqa: E731
    if span.items is None:
        return dump(new_text)
    lines = _nbformat_lines(new_text)
    if not lines:
        return "[]"
    items = span.items
    if items:
        prefix = text[span.start + 1: items[0][0]]
        suffix = text[items[-1][1]: span.end - 1]
        separator = text[items[0][1]: items[1][0]] if len(items) > 1 else ("," + prefix if "\n" in prefix else ", ")
    else:  # was `[]`: indent like the key's line, one level deeper
        unit = _indent_unit(text)
        if unit:
            newline = "\r\n" if "\r\n" in text else "\n"
            line_start = text.rfind("\n", 0, span.start) + 1
            key_indent = text[line_start: _skip_space(text, line_start)].replace("\n", "").replace("\r", "")
            prefix, suffix = newline + key_indent + unit, newline + key_indent
            separator = "," + prefix
        else:
            prefix, suffix, separator = "", "", ", "
    return "[" + prefix + separator.join(dump(line) for line in lines) + suffix + "]"


def notebook_with_source(data: bytes, nb: NotebookSource, new_source: str) -> bytes:
    """The notebook ``data`` with its code cells taken from ``new_source`` (``nb.source`` rewritten).

    Only the ``source`` value of a cell whose text changed is replaced, in the notebook's own layout
    (a list of lines stays a list, a string a string; indentation and ``\\uXXXX`` escaping as the file
    has them); every other byte is kept. Returns ``data`` itself when no cell changed. Raises
    ``MappingError`` when ``new_source`` cannot be split back into the cells.
    """
    if new_source == nb.source:
        return data
    texts = _cell_texts(nb, new_source)
    changed = [cell for cell in nb.cells if cell.number in texts]
    if not changed:
        return data
    text, bom = _decode(data)
    spans = _source_spans(text)
    ensure_ascii = _ensure_ascii(text)
    edits = []
    for cell in changed:
        span = spans.get(cell.index)
        if span is None:  # a code cell without "source": nbformat would not write one; add none either
            raise MappingError(f"{cell_label(cell.number)} has no \"source\" to write to")
        edits.append((span, _render(text, texts[cell.number], span, ensure_ascii)))
    for span, value in sorted(edits, key=lambda edit: edit[0].start, reverse=True):
        text = text[: span.start] + value + text[span.end:]
    return (bom + text).encode("utf-8")


# --- positions and problems, for the notebook as a source ------------------------------------------

def located(nb: NotebookSource, diagnostic: Diagnostic, label: str) -> Diagnostic:
    position = nb.position(diagnostic.line) if diagnostic.code not in ("FM001", "FM003") else None
    if position is None:
        return dataclasses.replace(diagnostic, path=label)
    cell, line = position
    return dataclasses.replace(diagnostic, path=label, cell=cell, line=line)


def unparsable_cells(nb: NotebookSource, label: str) -> List[Diagnostic]:
    """FM002 for each cell that is not Python and holds a legacy call (the others cannot matter)."""
    found = []
    for cell in nb.cells:
        if cell.unparsable and any(name.decode() in cell.text for name in CANDIDATE_NAMES):
            why = cell.unparsable
            message = python2.message(why, "cell", also=" nor IPython syntax fitmigrate knows")
            found.append(Diagnostic("FM002", label, why.line, why.col, message + "; it is left untouched",
                                    cell=cell.number))
    return found
