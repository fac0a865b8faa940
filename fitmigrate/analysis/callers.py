"""A parameter's value, read from the calls that give it: ``def train(model, batches): ...
model.fit_generator(batches, ...)`` is migrated as what every caller in the module passes, when they all
pass the same kind of thing (every caller a flow: the call passes a flow, and ``batches.n`` is one pass
of whichever flow it is). A caller's argument is evaluated where that caller stands (its own scope run up
to its statement), through its own callers in turn, a few levels deep.

Only the calls in the parameter's own module are read: a function no call in its module uses is
resolved no further (it may be a library's entry point, called with anything).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, List, Optional, Tuple

import libcst as cst

from fitmigrate.analysis import walk
from fitmigrate.analysis.evaluate import Hooks
from fitmigrate.analysis.values import (Flow, GeneratorCall, Scalar, SequenceInstance, Unknown, Value, Zip,
                                        describe, join)

if TYPE_CHECKING:
    from fitmigrate.analysis.calls import Planner

MAX_DEPTH = 3


@dataclass
class Caller:
    call: cst.Call
    statement: cst.CSTNode
    scopes: Tuple[cst.CSTNode, ...]


class _Calls(walk.Visitor):
    """Calls of a module-level function (``name(...)``), or of a method through ``self.name(...)`` inside
    its own class."""

    def __init__(self, name: str, cls: Optional[cst.ClassDef]) -> None:
        self.name, self.cls = name, cls
        self.found: List[Caller] = []
        self._scopes: List[cst.CSTNode] = []
        self._statements: List[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            self._statements.append(node)
        if isinstance(node, cst.Call) and self._statements and self._calls_it(node.func):
            self.found.append(Caller(node, self._statements[-1], tuple(self._scopes)))
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            self._scopes.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if isinstance(original_node, (cst.FunctionDef, cst.ClassDef)):
            self._scopes.pop()
        if isinstance(original_node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            self._statements.pop()

    def _calls_it(self, func: cst.BaseExpression) -> bool:
        if self.cls is None:
            return isinstance(func, cst.Name) and func.value == self.name
        return (isinstance(func, cst.Attribute) and func.attr.value == self.name and isinstance(func.value, cst.Name)
                and func.value.value == "self" and self.cls in self._scopes)


def argument_for(call: cst.Call, function: cst.FunctionDef, name: str, is_method: bool) -> Optional[cst.BaseExpression]:
    """The expression a call gives to parameter ``name`` (None: it gives none, or cannot be mapped)."""
    if any(arg.star for arg in call.args):
        return None
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    positional = [p.name.value for p in list(function.params.posonly_params) + list(function.params.params)]
    if is_method:
        positional = positional[1:]
    plain = [arg.value for arg in call.args if arg.keyword is None]
    if name in positional and positional.index(name) < len(plain):
        return plain[positional.index(name)]
    return None


def from_callers(planner: "Planner", function: cst.FunctionDef, cls: Optional[cst.ClassDef], name: str,
                 depth: int = 0) -> Value:
    """What ``name`` is in ``function``, read from its callers in the module (see the module's docstring)."""
    given = f"parameter '{name}' of {function.name.value}() is given by its callers"
    if depth >= MAX_DEPTH or function in planner.resolving:
        return Unknown(given)
    finder = _Calls(function.name.value, cls)
    walk.visit(planner.info.module, finder)
    callers = [c for c in finder.found if not (c.scopes and c.scopes[-1] is function)]  # not its own recursion
    if not callers:
        return Unknown(f"{given}, and no call in this module gives it")
    planner.resolving.append(function)
    try:
        values = [_value_at(planner, caller, function, name, cls is not None, depth) for caller in callers]
    finally:
        planner.resolving.pop()
    lines = [planner.positions[c.call].start.line for c in callers]
    agreed = _agree(values)
    if isinstance(agreed, Unknown):
        said = "; ".join(f"line {line}: {_said(value)}" for line, value in zip(lines, values))
        return Unknown(f"{given}, and its callers do not give one provable kind of value ({said})")
    planner.caller_notes[id(function), name] = lines
    return agreed


def _value_at(planner: "Planner", caller: Caller, function: cst.FunctionDef, name: str, is_method: bool,
              depth: int) -> Value:
    expr = argument_for(caller.call, function, name, is_method)
    if expr is None:
        param = next((p for p in list(function.params.params) + list(function.params.kwonly_params)
                      if p.name.value == name), None)
        if param is not None and param.default is not None:
            return Unknown("the default value")  # callers that rely on the default: not one value for all
        return Unknown("no argument mapped to it")
    hooks = Hooks([caller.statement])
    if caller.scopes:
        planner.run_scope(caller.scopes, hooks, depth + 1)
    else:
        hooks = planner.info.run_module([caller.statement])
    frame = hooks.captured.get(id(caller.statement))
    if frame is None:
        return Unknown("the caller's statement is never reached")
    return planner.interpreter.eval(expr, frame)


def _agree(values: List[Value]) -> Value:
    """One value that fits every caller's, when they are one kind of feed: flows (any flow: the call
    passes it as it is), instances of one Sequence class, one generator call, or equal values."""
    first = values[0]
    if all(v == first for v in values):
        return first
    if all(isinstance(v, Flow) for v in values):
        element, batch = values[0].element, values[0].batch_size  # type: ignore[union-attr]
        for v in values[1:]:
            element, batch = join(element, v.element), join(batch, v.batch_size)  # type: ignore[union-attr]
        return Flow("flow", element, batch)
    if all(isinstance(v, SequenceInstance) for v in values) and len({v.cls for v in values}) == 1:  # type: ignore[union-attr]
        return SequenceInstance(first.cls)  # type: ignore[union-attr]
    return Unknown("the callers pass different values")


def _said(value: Value) -> str:
    if isinstance(value, Unknown):
        return value.reason or "not known"
    if isinstance(value, Flow):
        return "an ImageDataGenerator flow"
    if isinstance(value, SequenceInstance):
        return f"a {value.cls.name}"
    if isinstance(value, GeneratorCall):
        return f"{value.function.name}()"
    if isinstance(value, Zip):
        return "a zip"
    if isinstance(value, Scalar):
        return f"a {value.kind}"
    return describe(value)
