"""The LibCST transformer that turns planned legacy calls into ``fit``/``evaluate``/``predict`` calls."""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Set

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

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


def _comment(arg: cst.Arg) -> Optional[cst.Comment]:
    comma = arg.comma
    if isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace):
        return comma.whitespace_after.first_line.comment
    return None


def _with_comment(arg: cst.Arg, comment: cst.Comment) -> cst.Arg:
    comma = arg.comma
    assert isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)
    first = comma.whitespace_after.first_line.with_changes(comment=comment,
                                                          whitespace=cst.SimpleWhitespace("  "))
    return arg.with_changes(comma=comma.with_changes(whitespace_after=comma.whitespace_after.with_changes(first_line=first)))


def apply_plan(plan: CallPlan, call: cst.Call) -> cst.Call:
    kept: List[cst.Arg] = []
    last_index = len(call.args) - 1
    for index, (arg, edit) in enumerate(zip(call.args, plan.edits)):
        if edit.action == "drop":
            comment = _comment(arg)
            # A comment written on a dropped argument's line stays, on the line before it.
            if comment is not None and kept and _comment(kept[-1]) is None and isinstance(kept[-1].comma, cst.Comma) \
                    and isinstance(kept[-1].comma.whitespace_after, cst.ParenthesizedWhitespace) and index != last_index:
                kept[-1] = _with_comment(kept[-1], comment)
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
        comma = last.comma
        if _comment(kept[-1]) is not None and not isinstance(comma, cst.Comma):
            comma = kept[-1].comma  # keep the comma that carries a comment rather than lose the comment
        kept[-1] = kept[-1].with_changes(comma=comma, whitespace_after_arg=last.whitespace_after_arg)
    func = call.func
    assert isinstance(func, cst.Attribute)
    return call.with_changes(func=func.with_changes(attr=cst.Name(plan.new_method)), args=kept)


def add_tensorflow_import(module: cst.Module, alias: str) -> cst.Module:
    context = CodemodContext()
    AddImportsVisitor.add_needed_import(context, "tensorflow", asname=None if alias == "tensorflow" else alias)
    return AddImportsVisitor(context).transform_module(module)
