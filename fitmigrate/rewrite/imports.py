"""``import tensorflow as tf`` (or ``import math``) where isort (profile black) would put it among the
file's imports.

isort sorts each run of consecutive imports on its own, in sections (``__future__``, standard library,
third party, first party, relative) separated by a blank line, plain ``import x`` before ``from x
import y`` within a section, each kind in alphabetical order of the module. The new import joins its
section (third party for TensorFlow, standard library for ``math``) of the last run before the first
statement that needs it: never above code that runs between imports (``os.environ["TF_USE_LEGACY_KERAS"]
= "1"`` must precede TensorFlow's import), and in a notebook, inside the cell that holds those imports.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import libcst as cst

FUTURE, STDLIB, THIRD_PARTY, FIRST_PARTY, LOCAL = range(5)
STDLIB_MODULES = frozenset(sys.stdlib_module_names)


def import_statement(alias: str, name: str = "tensorflow") -> cst.SimpleStatementLine:
    return cst.parse_statement(f"import {name} as {alias}\n" if alias != name else f"import {name}\n")


def add_tensorflow_import(module: cst.Module, alias: str, first_use: int, folder: Optional[Path] = None) -> cst.Module:
    """The module with ``import tensorflow as <alias>`` added before the top-level statement at index
    ``first_use``. ``folder`` (the file's) tells first-party modules (a sibling ``name.py`` or
    ``name/``) from third-party ones, as isort run from the project would."""
    return add_module_import(module, "tensorflow", alias, first_use, folder)[0]


def add_module_import(module: cst.Module, name: str, alias: str, first_use: int,
                      folder: Optional[Path] = None) -> Tuple[cst.Module, int]:
    """The module with ``import <name> as <alias>`` added before the top-level statement at index
    ``first_use``, in the section isort puts ``name`` in, and the index the import was put at."""
    body = list(module.body)
    statement = import_statement(alias, name)
    target = THIRD_PARTY if name == "tensorflow" else _section(statement, folder)
    run = _last_import_run(body[:first_use])
    if not run:
        position = _after_header(body[:first_use])
        if position > 0 and _is_future(body[position - 1]):
            statement = statement.with_changes(leading_lines=[cst.EmptyLine()])
        body.insert(position, statement)
        if position + 1 < len(body) and not _is_import(body[position + 1]) and not body[position + 1].leading_lines:
            body[position + 1] = body[position + 1].with_changes(leading_lines=[cst.EmptyLine()])
        return module.with_changes(body=body), position

    sections = {index: _section(body[index], folder) for index in run}
    same = [i for i in run if sections[i] == target]
    plain = [i for i in same if isinstance(body[i].body[0], cst.Import)]
    later_sections = [i for i in run if sections[i] > target]
    if same:
        after = [i for i in plain if _module_key(body[i]) > name.lower()]
        position = after[0] if after else plain[-1] + 1 if plain else same[0]
        heads_section = position == same[0]
    elif later_sections:
        position, heads_section = later_sections[0], True
    else:
        position, heads_section = run[-1] + 1, False
        statement = statement.with_changes(leading_lines=[cst.EmptyLine()])

    if heads_section:
        # The new import opens the section: the blank line and comments above the section (and a
        # notebook's cell boundary) go above it.
        taken = list(body[position].leading_lines)
        if position > run[0] and not any(line.comment is None for line in taken):
            taken.insert(0, cst.EmptyLine())
        statement = statement.with_changes(leading_lines=taken)
        rest = [cst.EmptyLine()] if sections[position] != target else []
        body[position] = body[position].with_changes(leading_lines=rest)
    body.insert(position, statement)
    return module.with_changes(body=body), position


def _is_import(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and bool(stmt.body) and all(
        isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body)


def _is_future(stmt: cst.CSTNode) -> bool:
    return _is_import(stmt) and isinstance(stmt.body[0], cst.ImportFrom) and _module_name(stmt.body[0]) == "__future__"


def _last_import_run(body: Sequence[cst.CSTNode]) -> List[int]:
    """Indices of the last run of consecutive import statements."""
    run: List[int] = []
    for index, stmt in enumerate(body):
        if _is_import(stmt):
            if run and run[-1] != index - 1:
                run = []
            run.append(index)
    return run


def _after_header(body: Sequence[cst.CSTNode]) -> int:
    """With no import to join: after the module docstring and ``from __future__`` imports."""
    position = 0
    for index, stmt in enumerate(body):
        docstring = index == 0 and isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and \
            isinstance(stmt.body[0], cst.Expr) and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
        if docstring or _is_future(stmt):
            position = index + 1
    return position


def _module_name(node: cst.ImportFrom) -> str:
    name = cst.Module([]).code_for_node(node.module) if node.module is not None else ""
    return "." * len(node.relative) + name


def _imported(stmt: cst.SimpleStatementLine) -> str:
    first = stmt.body[0]
    if isinstance(first, cst.Import):
        return cst.Module([]).code_for_node(first.names[0].name)
    return _module_name(first)  # type: ignore[arg-type]


def _module_key(stmt: cst.SimpleStatementLine) -> str:
    """isort's order: case-insensitive."""
    return _imported(stmt).lower()


def _section(stmt: cst.SimpleStatementLine, folder: Optional[Path]) -> int:
    first = stmt.body[0]
    if isinstance(first, cst.ImportFrom) and first.relative:
        return LOCAL
    name = _imported(stmt)
    if name == "__future__":
        return FUTURE
    top = name.split(".")[0]
    if top in STDLIB_MODULES:
        return STDLIB
    if folder is not None and ((folder / f"{top}.py").is_file() or (folder / top).is_dir()):
        return FIRST_PARTY
    return THIRD_PARTY
