"""The LibCST transformer that turns planned legacy calls into ``fit``/``evaluate``/``predict`` calls."""

from __future__ import annotations

from typing import Dict, Iterable, List, Sequence, Set, Union

import libcst as cst

from fitmigrate.analysis.plans import CallPlan
from fitmigrate.analysis import layout
from fitmigrate.analysis.layout import Join, Realign


class MigrationTransformer(cst.CSTTransformer):
    def __init__(self, plans: Iterable[CallPlan]) -> None:
        self.plans: Dict[int, CallPlan] = {id(p.site.call): p for p in plans}
        self.lists: Set[int] = {id(node) for p in self.plans.values() for node in p.list_rewrites}
        self.hoisted: Dict[int, CallPlan] = {id(p.site.statement): p for p in self.plans.values()
                                             if p.datasets or p.setup or p.helpers}

    def targets(self) -> Set[int]:
        """The ids of the original nodes this transformer edits (every ``leave_`` below is keyed by one)."""
        return {*self.plans, *self.lists, *self.hoisted}

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        plan = self.plans.get(id(original_node))
        if plan is None:
            if id(original_node) in self.lists and is_next_method(original_node):
                return next_builtin(updated_node)
            return updated_node
        return apply_plan(plan, updated_node)

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
                                  ) -> Union[cst.SimpleStatementLine, cst.FlattenSentinel]:
        plan = self.hoisted.get(id(original_node))
        if plan is None:
            return updated_node
        return cst.FlattenSentinel(with_datasets(plan, updated_node))

    def leave_List(self, original_node: cst.List, updated_node: cst.List) -> cst.BaseExpression:
        if id(original_node) not in self.lists:
            return updated_node
        return list_to_tuple(updated_node)

    def leave_ListComp(self, original_node: cst.ListComp, updated_node: cst.ListComp) -> cst.BaseExpression:
        if id(original_node) not in self.lists:
            return updated_node
        return comprehension_to_tuple(updated_node)

    def on_leave(self, original_node, updated_node):  # type: ignore[override]
        updated = super().on_leave(original_node, updated_node)
        if id(original_node) in self.lists and not isinstance(original_node, (cst.List, cst.ListComp)) and \
                not is_next_method(original_node) and isinstance(updated, cst.BaseExpression):
            return wrap_in_tuple(updated)  # a list made elsewhere, converted where it is returned
        return updated


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


def comprehension_to_tuple(node: cst.ListComp) -> cst.Call:
    """``[f(i) for i in r]`` -> ``tuple(f(i) for i in r)``, keeping the layout inside the brackets."""
    generator = cst.GeneratorExp(elt=node.elt, for_in=node.for_in, lpar=[], rpar=[])
    return cst.Call(func=cst.Name("tuple"), args=[cst.Arg(generator, whitespace_after_arg=node.rbracket.whitespace_before)],
                    whitespace_before_args=node.lbracket.whitespace_after, lpar=node.lpar, rpar=node.rpar)


def is_next_method(node: cst.CSTNode) -> bool:
    """``it.next()``: a legacy Keras iterator's ``next`` method, which Keras 3's iterators lack."""
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "next" \
        and not node.args


def next_builtin(node: cst.Call) -> cst.Call:
    """``it.next()`` -> ``next(it)``: what legacy Keras's ``__next__`` called, and Keras 3's iterators have."""
    assert isinstance(node.func, cst.Attribute)
    receiver = node.func.value
    return cst.Call(func=cst.Name("next"), args=[cst.Arg(receiver)], lpar=node.lpar, rpar=node.rpar)


def wrap_in_tuple(node: cst.BaseExpression) -> cst.Call:
    """``expr`` -> ``tuple(expr)``."""
    if isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) and node.lpar:
        node = node.with_changes(lpar=[], rpar=[])
    return cst.Call(func=cst.Name("tuple"), args=[cst.Arg(node)])


def with_datasets(plan: CallPlan, statement: cst.SimpleStatementLine) -> List[cst.BaseStatement]:
    """The plan's helper functions, ``name = <dataset>`` for each of its datasets, its setup statements
    (``seq.workers = 4``), then the statement. The blank lines and comments above the statement (and a
    notebook's cell boundary) stay above the group, the comments just above it above its datasets: a
    helper goes between, with blank lines around it as black puts them (two at module level, one in a
    function)."""
    helpers = [cst.parse_statement(helper.code) for helper in plan.helpers]
    assignments = [cst.parse_statement(f"{d.name} = {d.code}\n") for d in plan.datasets]
    assignments += [cst.parse_statement(f"{line}\n") for line in plan.setup]
    assert all(isinstance(h, cst.FunctionDef) for h in helpers)
    assert all(isinstance(a, cst.SimpleStatementLine) for a in assignments)
    group: List[cst.BaseStatement] = [*helpers, *assignments, statement.with_changes(leading_lines=[])]  # type: ignore[list-item]
    above = list(statement.leading_lines)
    if plan.helpers:
        attached = len(above)  # the comments just above the statement, after any cell boundary
        while attached > 0 and above[attached - 1].comment is not None and \
                not above[attached - 1].comment.value.startswith(layout.CELL_BOUNDARY):
            attached -= 1
        head, above = above[:attached], above[attached:]
        blank = [cst.EmptyLine(indent=False)] * plan.helpers[0].blank_lines
        for index, helper in enumerate(plan.helpers):
            if index > 0:
                lines = blank
            elif helper.blank_before:
                trailing = _trailing_blank_lines(head)
                lines = head[: len(head) - trailing] + [cst.EmptyLine(indent=False)] * max(trailing, len(blank))
            else:
                lines = head
            group[index] = group[index].with_changes(leading_lines=lines)
        above = blank + above
    first = len(plan.helpers)
    group[first] = group[first].with_changes(leading_lines=above)
    return group


def _trailing_blank_lines(lines: List[cst.EmptyLine]) -> int:
    count = 0
    while count < len(lines) and lines[len(lines) - 1 - count].comment is None:
        count += 1
    return count


class _Realigner(cst.CSTTransformer):
    """Moves continuation lines that sit at or right of the old ``(`` column ``shift`` columns left."""

    def __init__(self, how: Realign) -> None:
        self.how = how

    def _moved(self, indent: bool, whitespace: cst.SimpleWhitespace) -> cst.SimpleWhitespace:
        text = whitespace.value
        column = (self.how.block if indent else 0) + len(text)
        if column < self.how.column or text.strip(" ") or len(text) < self.how.shift:
            return whitespace
        return cst.SimpleWhitespace(text[self.how.shift:])

    def leave_ParenthesizedWhitespace(self, original_node: cst.ParenthesizedWhitespace,
                                      updated_node: cst.ParenthesizedWhitespace) -> cst.ParenthesizedWhitespace:
        return updated_node.with_changes(last_line=self._moved(updated_node.indent, updated_node.last_line))

    def leave_EmptyLine(self, original_node: cst.EmptyLine, updated_node: cst.EmptyLine) -> cst.EmptyLine:
        if updated_node.comment is None:
            return updated_node
        return updated_node.with_changes(whitespace=self._moved(updated_node.indent, updated_node.whitespace))


def realign(call: cst.Call, how: Realign) -> cst.Call:
    """The call with the continuation lines aligned under its ``(`` moved with it (the lines nested
    deeper too: they were aligned to something on a line that moves)."""
    mover = _Realigner(how)
    return call.with_changes(args=[arg.visit(mover) for arg in call.args])


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


def drop_args(call: cst.Call, dropped: Sequence[int]) -> cst.Call:
    """``call`` without the arguments at ``dropped``, keeping the comments around them: a comment on
    a removed argument's line stays, on a line of its own, and the trailing comma stays as it was."""
    gone = set(dropped)
    kept: List[cst.Arg] = []
    opening = call.whitespace_before_args
    for index, arg in enumerate(call.args):
        if index not in gone:
            kept.append(arg)
            continue
        if kept:
            before = kept[-1].comma
            assert isinstance(before, cst.Comma)
            kept[-1] = kept[-1].with_changes(comma=before.with_changes(
                whitespace_after=_merged_space(before.whitespace_after, arg)))
        else:
            opening = _merged_space(opening, arg)
    if kept and len(call.args) - 1 in gone:
        last = call.args[-1]
        comma = kept[-1].comma
        if not _has_comment(kept[-1]):
            if not isinstance(last.comma, cst.Comma) or not isinstance(last.comma.whitespace_after,
                                                                         cst.ParenthesizedWhitespace):
                comma = last.comma
        kept[-1] = kept[-1].with_changes(comma=comma, whitespace_after_arg=last.whitespace_after_arg)
    return call.with_changes(args=kept, whitespace_before_args=opening)



def apply_plan(plan: CallPlan, call: cst.Call) -> cst.Call:
    edited: List[cst.Arg] = []
    for arg, edit in zip(call.args, plan.edits):
        if edit.action != "drop" and edit.value_code is not None:
            arg = arg.with_changes(value=cst.parse_expression(edit.value_code))
        if edit.action != "drop" and edit.keyword is not None:
            if arg.keyword is None:
                arg = arg.with_changes(
                    keyword=cst.Name(edit.keyword),
                    equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                          whitespace_after=cst.SimpleWhitespace("")),
                )
            else:
                arg = arg.with_changes(keyword=cst.Name(edit.keyword))
        edited.append(arg)
    call = drop_args(call.with_changes(args=edited), [i for i, edit in enumerate(plan.edits) if edit.action == "drop"])
    func = call.func
    assert isinstance(func, cst.Attribute)
    migrated = call.with_changes(func=func.with_changes(attr=cst.Name(plan.new_method)))
    if plan.realign is not None:
        migrated = realign(migrated, plan.realign)
    if plan.join is not None:
        migrated = joined(migrated, plan.join)
    return migrated


def joined(call: cst.Call, join: Join) -> cst.Call:
    """The call on one line if it now fits there (black would join it), else as it is."""
    if not call.args or any(isinstance(arg.comma, cst.Comma) and not isinstance(arg.comma.whitespace_after, cst.SimpleWhitespace)
                            for arg in call.args[:-1]):
        return call
    args = list(call.args)
    args[-1] = args[-1].with_changes(whitespace_after_arg=cst.SimpleWhitespace(""))
    candidate = call.with_changes(whitespace_before_args=cst.SimpleWhitespace(""), args=args)
    text = "".join(cst.Module([]).code_for_node(arg) for arg in args)
    if "\n" in text or join.column + len(text) + 1 > join.limit:
        return call
    return candidate
