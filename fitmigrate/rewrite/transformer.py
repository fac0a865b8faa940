"""The LibCST transformer that turns planned legacy calls into ``fit``/``evaluate``/``predict`` calls."""

from __future__ import annotations

from typing import Dict, Iterable, List, Set

import libcst as cst

from fitmigrate.analysis.calls import CallPlan


class MigrationTransformer(cst.CSTTransformer):
    def __init__(self, plans: Iterable[CallPlan]) -> None:
        self.plans: Dict[int, CallPlan] = {id(p.site.call): p for p in plans}
        self.lists: Set[int] = {id(node) for p in self.plans.values() for node in p.list_rewrites}

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        plan = self.plans.get(id(original_node))
        if plan is None:
            return updated_node
        return apply_plan(plan, updated_node)

    def leave_List(self, original_node: cst.List, updated_node: cst.List) -> cst.BaseExpression:
        if id(original_node) not in self.lists:
            return updated_node
        return list_to_tuple(updated_node)


def list_to_tuple(node: cst.List) -> cst.Tuple:
    """``[a, b]`` -> ``(a, b)`` keeping the whitespace and comments inside the brackets."""
    elements = list(node.elements)
    if len(elements) == 1 and not isinstance(elements[0].comma, cst.Comma):
        elements[0] = elements[0].with_changes(comma=cst.Comma())
    return cst.Tuple(
        elements=elements,
        lpar=list(node.lpar) + [cst.LeftParen(whitespace_after=node.lbracket.whitespace_after)],
        rpar=[cst.RightParen(whitespace_before=node.rbracket.whitespace_before)] + list(node.rpar),
    )


def _has_comment(arg: cst.Arg) -> bool:
    comma = arg.comma
    if not (isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)):
        return False
    space = comma.whitespace_after
    return space.first_line.comment is not None or any(line.comment is not None for line in space.empty_lines)


def _merged_space(before: cst.BaseParenthesizableWhitespace, dropped: cst.Arg) -> cst.BaseParenthesizableWhitespace:
    """The whitespace that preceded a dropped argument, once it is gone: it keeps the line break and the
    comment that followed the argument (a comment on its line stays, on a line of its own)."""
    comma = dropped.comma
    if not (isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)):
        return before
    gone = comma.whitespace_after
    if not isinstance(before, cst.ParenthesizedWhitespace):
        return gone
    moved = []
    if gone.first_line.comment is not None:
        moved.append(cst.EmptyLine(indent=before.indent, whitespace=before.last_line, comment=gone.first_line.comment))
    return before.with_changes(empty_lines=[*before.empty_lines, *moved, *gone.empty_lines], last_line=gone.last_line)


def apply_plan(plan: CallPlan, call: cst.Call) -> cst.Call:
    kept: List[cst.Arg] = []
    opening = call.whitespace_before_args
    for arg, edit in zip(call.args, plan.edits):
        if edit.action == "drop":
            if kept:
                before = kept[-1].comma
                assert isinstance(before, cst.Comma)
                kept[-1] = kept[-1].with_changes(comma=before.with_changes(
                    whitespace_after=_merged_space(before.whitespace_after, arg)))
            else:
                opening = _merged_space(opening, arg)
            continue
        if edit.value_code is not None:
            arg = arg.with_changes(value=cst.parse_expression(edit.value_code))
        if edit.keyword is not None:
            if arg.keyword is None:
                arg = arg.with_changes(
                    keyword=cst.Name(edit.keyword),
                    equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                          whitespace_after=cst.SimpleWhitespace("")),
                )
            else:
                arg = arg.with_changes(keyword=cst.Name(edit.keyword))
        kept.append(arg)
    if kept and plan.edits and plan.edits[-1].action == "drop":
        last = call.args[-1]
        comma = kept[-1].comma
        if not _has_comment(kept[-1]):  # a comma that carries a comment stays, with its comment
            if not isinstance(last.comma, cst.Comma):
                comma = last.comma  # no trailing comma before, none after
            elif not isinstance(last.comma.whitespace_after, cst.ParenthesizedWhitespace):
                comma = last.comma
        kept[-1] = kept[-1].with_changes(comma=comma, whitespace_after_arg=last.whitespace_after_arg)
    func = call.func
    assert isinstance(func, cst.Attribute)
    return call.with_changes(func=func.with_changes(attr=cst.Name(plan.new_method)), args=kept,
                             whitespace_before_args=opening)


def add_tensorflow_import(module: cst.Module, alias: str, first_use: int) -> cst.Module:
    """``import tensorflow as <alias>`` after the last top-level import before the statement at index
    ``first_use`` (where the new name is first needed). Not at the top of the file: a script may set
    ``os.environ["TF_USE_LEGACY_KERAS"]`` before its own imports, and TensorFlow must not be imported
    before that."""
    statement = cst.parse_statement(f"import tensorflow as {alias}\n" if alias != "tensorflow" else "import tensorflow\n")
    body = list(module.body)
    position = None
    for index, stmt in enumerate(body[:first_use]):
        if isinstance(stmt, cst.SimpleStatementLine) and any(isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body):
            position = index + 1
    if position is None:
        position = 0
        for index, stmt in enumerate(body[:first_use]):
            if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and (
                    isinstance(stmt.body[0], cst.Expr) and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
                    and index == 0):
                position = index + 1
            elif isinstance(stmt, cst.SimpleStatementLine) and any(
                    isinstance(s, cst.ImportFrom) and s.module is not None and cst.Module([]).code_for_node(s.module) == "__future__"
                    for s in stmt.body):
                position = index + 1
    body.insert(position, statement)
    return module.with_changes(body=body)
