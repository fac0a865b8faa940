"""Applies the Keras 3 fixes ``fitmigrate.analysis.keras3_breaks`` decided: it decides nothing.

Every edit names the node of the original tree it changes; everything else keeps its layout and
comments. The transformer can wrap another one (the fit_generator migration), so both run in one
pass over the same original nodes.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

import libcst as cst

from fitmigrate.analysis.keras3_breaks import (
    AddArg,
    AddImport,
    Break,
    DropArg,
    EditArg,
    Replace,
    ReplaceAlias,
    ReplaceLine,
    SplitImport,
    Wrap,
)
from fitmigrate.analysis import walk
from fitmigrate.rewrite.transformer import drop_args

_PLACEHOLDER = "__fitmigrate_wrapped__"


class Keras3Transformer(cst.CSTTransformer):
    def __init__(self, breaks: Iterable[Break], inner: Optional[cst.CSTTransformer] = None) -> None:
        self.inner = inner
        self.entered: Optional[Set[int]] = None  # see only_where
        self.replace: Dict[int, str] = {}
        self.wrap: Dict[int, str] = {}
        self.args: Dict[int, Tuple[Optional[str], Optional[str]]] = {}
        self.keywords_added: Dict[int, str] = {}  # positional arguments given a keyword: done at their call
        self.drops: Dict[int, Set[int]] = {}
        self.adds: Dict[int, List[Tuple[str, str]]] = {}  # keyword arguments appended to a call
        self.aliases: Dict[int, str] = {}
        self.splits: Dict[int, List[str]] = {}
        self.lines: Dict[int, ReplaceLine] = {}  # id(line) -> what it becomes (nothing: removed)
        self._removed: Set[int] = set()  # ids of the updated lines to drop from their block
        self._absorbed: Set[int] = set()  # lines whose comments a replacement took: dropped with nothing carried
        for found in breaks:
            for edit in found.edits:
                if isinstance(edit, Replace):
                    self.replace[id(edit.node)] = edit.code
                elif isinstance(edit, Wrap):
                    self.wrap[id(edit.node)] = edit.template
                elif isinstance(edit, EditArg):
                    keyword, value = self.args.get(id(edit.arg), (None, None))
                    if edit.keyword is not None and edit.arg.keyword is None:
                        self.keywords_added[id(edit.arg)] = edit.keyword
                    else:
                        keyword = edit.keyword or keyword
                    self.args[id(edit.arg)] = (keyword, edit.value if edit.value is not None else value)
                elif isinstance(edit, DropArg):
                    self.drops.setdefault(id(edit.call), set()).add(id(edit.arg))
                elif isinstance(edit, AddArg):
                    self.adds.setdefault(id(edit.call), []).append((edit.keyword, edit.value))
                elif isinstance(edit, ReplaceAlias):
                    self.aliases[id(edit.alias)] = edit.code
                elif isinstance(edit, SplitImport):
                    self.splits[id(edit.line)] = edit.statements
                elif isinstance(edit, ReplaceLine):
                    self.lines[id(edit.line)] = edit
                    self._absorbed.update(id(line) for line in edit.absorbs)

    def targets(self) -> Set[int]:
        """The ids of the original nodes this transformer (and ``inner``) edits."""
        found = {*self.replace, *self.wrap, *self.args, *self.keywords_added, *self.drops, *self.adds, *self.aliases,
                 *self.splits, *self.lines}
        return found | (self.inner.targets() if self.inner is not None else set())  # type: ignore[attr-defined]

    def only_where(self, module: cst.Module) -> "Keras3Transformer":
        """Visit only the nodes on the way to an edited one: the rest of the tree is kept as it is, not
        rebuilt node by node (a LibCST transformer rebuilds every node it enters)."""
        self.entered = walk.ancestors(module, self.targets())
        return self

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.entered is not None and id(node) not in self.entered:
            return False
        if self.inner is not None:
            return self.inner.on_visit(node)
        return super().on_visit(node)

    def on_leave(self, original_node, updated_node):  # type: ignore[override]
        if self.inner is not None:
            updated_node = self.inner.on_leave(original_node, updated_node)
            if not isinstance(updated_node, cst.CSTNode):
                return updated_node
        key = id(original_node)
        if key in self.args and isinstance(updated_node, cst.Arg):
            updated_node = _edit_arg(updated_node, *self.args[key])
        if isinstance(updated_node, cst.Call) and isinstance(original_node, cst.Call):
            updated_node = self._call_args(original_node, updated_node)
        if key in self.aliases and isinstance(updated_node, cst.ImportAlias):
            updated_node = _alias(updated_node, self.aliases[key])
        if key in self.replace:
            updated_node = _replace(updated_node, self.replace[key])
        if key in self.wrap and isinstance(updated_node, cst.BaseExpression):
            updated_node = _wrap(updated_node, self.wrap[key])
        if key in self.splits and isinstance(updated_node, cst.SimpleStatementLine):
            return _split(updated_node, self.splits[key])
        if key in self.lines and isinstance(updated_node, cst.SimpleStatementLine):
            edit = self.lines[key]
            if not edit.statements:
                if key in self._absorbed:
                    updated_node = updated_node.with_changes(leading_lines=[])
                self._removed.add(id(updated_node))
                return updated_node
            return _replace_line(updated_node, edit)
        if isinstance(updated_node, (cst.Module, cst.IndentedBlock)) and self._removed:
            updated_node = _drop_removed(updated_node, self._removed)
        return updated_node

    def _call_args(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """Drops first, then keywords for the positional arguments that get one: a positional argument
        dropped after one given a keyword would leave an invalid call in between."""
        dropped = self.drops.get(id(original), set())
        if dropped:
            updated = drop_args(updated, [i for i, arg in enumerate(original.args) if id(arg) in dropped])
        kept = [arg for arg in original.args if id(arg) not in dropped]
        if any(id(arg) in self.keywords_added for arg in kept):
            args = [_edit_arg(new, self.keywords_added[id(old)], None) if id(old) in self.keywords_added else new
                    for old, new in zip(kept, updated.args)]
            updated = updated.with_changes(args=args)
        if id(original) in self.adds:
            updated = _append_args(updated, self.adds[id(original)])
        return updated


def _append_args(call: cst.Call, added: List[Tuple[str, str]]) -> cst.Call:
    """``keyword=value`` after the last argument, on its line, before a trailing comma it had."""
    args = list(call.args)
    new = [cst.Arg(value=cst.parse_expression(value), keyword=cst.Name(keyword),
                   equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                         whitespace_after=cst.SimpleWhitespace("")))
           for keyword, value in added]
    if args:
        last = args[-1]
        trailing = last.comma
        args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        for arg in new[:-1]:
            args.append(arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))))
        args.append(new[-1].with_changes(comma=trailing))
    else:
        for arg in new[:-1]:
            args.append(arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))))
        args.append(new[-1])
    return call.with_changes(args=args)


def _replace(node: cst.CSTNode, code: str) -> cst.CSTNode:
    new = cst.parse_expression(code)
    if getattr(node, "lpar", None) and hasattr(new, "lpar"):
        new = new.with_changes(lpar=node.lpar, rpar=node.rpar)  # type: ignore[attr-defined]
    return new


def _edit_arg(arg: cst.Arg, keyword: Optional[str], value: Optional[str]) -> cst.Arg:
    if value is not None:
        arg = arg.with_changes(value=cst.parse_expression(value))
    if keyword is not None:
        if arg.keyword is None:
            arg = arg.with_changes(keyword=cst.Name(keyword),
                                   equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                                         whitespace_after=cst.SimpleWhitespace("")))
        else:
            arg = arg.with_changes(keyword=cst.Name(keyword))
    return arg


def _alias(alias: cst.ImportAlias, code: str) -> cst.ImportAlias:
    name, _, asname = code.partition(" as ")
    new = alias.with_changes(name=cst.parse_expression(name.strip()))
    if asname.strip():
        spacing = alias.asname if alias.asname is not None else cst.AsName(
            name=cst.Name(asname.strip()), whitespace_before_as=cst.SimpleWhitespace(" "),
            whitespace_after_as=cst.SimpleWhitespace(" "))
        new = new.with_changes(asname=spacing.with_changes(name=cst.Name(asname.strip())))
    else:
        new = new.with_changes(asname=None)
    return new


class _Fill(cst.CSTTransformer):
    def __init__(self, node: cst.BaseExpression) -> None:
        self.node = node

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if original_node.value != _PLACEHOLDER:
            return updated_node
        if original_node.lpar:  # the template's parentheses around the placeholder: "({}).shape"
            return self.node.with_changes(lpar=[*original_node.lpar, *self.node.lpar],
                                          rpar=[*self.node.rpar, *original_node.rpar])
        return self.node


def _wrap(node: cst.BaseExpression, template: str) -> cst.BaseExpression:
    shell = cst.parse_expression(template.replace("{}", _PLACEHOLDER))
    return shell.visit(_Fill(node))  # type: ignore[return-value]


def _split(line: cst.SimpleStatementLine, statements: List[str]) -> cst.FlattenSentinel:
    lines = [cst.parse_statement(text + "\n") for text in statements]
    lines[0] = lines[0].with_changes(leading_lines=line.leading_lines)
    lines[-1] = lines[-1].with_changes(trailing_whitespace=line.trailing_whitespace)
    return cst.FlattenSentinel(lines)


def _own_line_comments(lines: Sequence[cst.EmptyLine]) -> List[cst.EmptyLine]:
    return [line for line in lines if line.comment is not None]


def _replace_line(line: cst.SimpleStatementLine, edit: ReplaceLine) -> cst.FlattenSentinel:
    """The new statements in place of ``line``, under its own-line comments and those of the lines it absorbs."""
    new = [cst.parse_statement(text + "\n") for text in edit.statements]
    leading = list(line.leading_lines)
    for absorbed in edit.absorbs:
        leading += _own_line_comments(absorbed.leading_lines)
    new[0] = new[0].with_changes(leading_lines=leading)
    return cst.FlattenSentinel(new)


def _drop_removed(block, removed: Set[int]):
    """The block without its removed lines; their own-line comments go to the next statement kept (or the
    lines become ``pass`` where nothing of the block is left)."""
    body, carried = [], []
    for statement in block.body:
        if id(statement) in removed:
            carried += _own_line_comments(statement.leading_lines)
            continue
        if carried:
            statement = statement.with_changes(leading_lines=[*carried, *statement.leading_lines])
            carried = []
        body.append(statement)
    if len(body) == len(block.body):
        return block
    if not body and isinstance(block, cst.IndentedBlock):
        body = [cst.SimpleStatementLine([cst.Pass()], leading_lines=carried)]
    elif carried and isinstance(block, cst.Module):
        return block.with_changes(body=body, footer=[*carried, *block.footer])
    elif carried and isinstance(block, cst.IndentedBlock):
        return block.with_changes(body=body, footer=[*carried, *block.footer])
    return block.with_changes(body=body)


def add_imports(module: cst.Module, imports: Iterable[AddImport], already: Sequence[str] = ()) -> cst.Module:
    """Each import once, after the last top-level import before its first use (after a docstring or
    ``__future__`` import when there is none): never at the top of the file, where it would run before
    a script's own ``os.environ`` settings."""
    firsts: Dict[str, int] = {}
    for edit in imports:
        if edit.statement not in already:
            firsts[edit.statement] = min(edit.first_use, firsts.get(edit.statement, edit.first_use))
    for statement, first_use in sorted(firsts.items(), key=lambda item: -item[1]):
        body = list(module.body)
        body.insert(_import_position(body, first_use), cst.parse_statement(statement + "\n"))
        module = module.with_changes(body=body)
    return module


def _import_position(body: List[cst.BaseStatement], first_use: int) -> int:
    position = None
    for index, stmt in enumerate(body[:first_use]):
        if isinstance(stmt, cst.SimpleStatementLine) and any(isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body):
            position = index + 1
    if position is not None:
        return position
    position = 0
    for index, stmt in enumerate(body[:first_use]):
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        small = stmt.body[0] if len(stmt.body) == 1 else None
        if index == 0 and isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString)):
            position = 1
        elif any(isinstance(s, cst.ImportFrom) and s.module is not None and
                 cst.Module([]).code_for_node(s.module) == "__future__" for s in stmt.body):
            position = index + 1
    return position
