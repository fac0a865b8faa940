"""A parameter's value, read from the calls that give it: ``def train(model, batches): ...
model.fit_generator(batches, ...)`` is migrated as what every caller in the project passes, when they all
pass the same kind of thing (every caller a flow: the call passes a flow, and ``batches.n`` is one pass
of whichever flow it is). A caller's argument is evaluated where that caller stands (its own scope run up
to its statement), through its own callers in turn, a few levels deep.

The calls are looked for in the whole project: the function's own module, and every module or
notebook of the project that imports it (``project.index.ProjectIndex.importers``), whichever files
the run was given. A function no call in the project uses is resolved no further (it may be a
library's entry point, called with anything). A method's calls are read only in its own module,
through ``self``, and only when no other module uses its class.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple, Union

import libcst as cst

from fitmigrate.analysis import walk
from fitmigrate.analysis.evaluate import Deferred, Frame, Hooks, ModuleInfo, _assumed, dotted_name
from fitmigrate.analysis.values import (Flow, GeneratorCall, Scalar, SequenceInstance, Unknown, Value, Zip,
                                        describe, join)

MAX_DEPTH = 3

# The functions whose parameters are being read from callers, in every module at once (a cycle can run
# through several modules: f in a.py called from g in b.py, whose parameter comes from a call in a.py), and
# how many readings a cycle has cut short so far: a reading that saw none is the same wherever it started,
# so it is kept (ScopeRunner.memo) and the next read of that parameter at that depth costs nothing.
_RESOLVING: List[int] = []
_CUTS = [0]


@dataclass
class Caller:
    call: cst.Call
    statement: cst.CSTNode
    scopes: Tuple[cst.CSTNode, ...]


class _Calls(walk.Visitor):
    """Calls of a module-level function (``name(...)``), or of a method through ``self.name(...)`` inside
    its own class."""

    def __init__(self, name: str, cls: Optional[cst.ClassDef], module_aliases: Tuple[str, ...] = ()) -> None:
        self.name, self.cls, self.module_aliases = name, cls, module_aliases
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
            if isinstance(func, cst.Attribute) and func.attr.value == self.name:  # ``data.batches(...)``
                return isinstance(func.value, cst.Name) and func.value.value in self.module_aliases
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


class ScopeRunner:
    """Runs a module's scopes down to a statement, to capture the frame there. The parameters of a
    module-level function (or of a method of a module-level class) are read from the calls that give
    them, when first read."""

    def __init__(self, info: ModuleInfo, positions=None) -> None:
        self.info = info
        self.interpreter = info.interpreter
        self._positions = positions
        self.caller_notes: Dict[Tuple[int, str], List[str]] = {}  # (function id, parameter) -> where its callers are
        self.memo: Dict[Tuple[int, str, int], Value] = {}  # (function id, parameter, depth) -> what its callers give
        self._module_frames: Dict[int, Optional[Frame]] = {}  # module-level statement id -> the frame there
        self._calls: Dict[Tuple[int, int], List[Caller]] = {}

    @property
    def positions(self):
        if self._positions is None:
            from fitmigrate.analysis.positions import Positions

            self._positions = Positions(self.info.module)
        return self._positions

    def run_scope(self, scopes: Tuple[cst.CSTNode, ...], hooks: Hooks, depth: int = 0) -> Optional[Frame]:
        """Runs the scopes down to the innermost, capturing frames at ``hooks``' statements; ``depth``
        counts the callers followed to get here."""
        parent: Optional[Frame] = None
        cls: Optional[cst.ClassDef] = None
        for level, scope in enumerate(scopes):
            last = level == len(scopes) - 1
            if isinstance(scope, cst.ClassDef):
                cls = scope
                if last:
                    return None
                continue
            frame = Frame(self.info, parent=parent, cls=cls)
            params = scope.params
            positional = list(params.posonly_params) + list(params.params)
            for index, param in enumerate(positional + list(params.kwonly_params)):
                name = param.name.value
                if index == 0 and cls is not None and param in positional and not _is_static(scope):
                    frame.local[name] = self.interpreter.self_instance(self.info, cls)
                elif param.default is not None:
                    # What a caller gives may differ: the default counts for proofs, not for pruning branches.
                    frame.local[name] = _assumed(self.interpreter.eval(param.default, Frame(self.info, parent=parent)))
                elif parent is None and depth < MAX_DEPTH:
                    # Likewise what the callers in the project give: a caller outside it may give other values.
                    frame.local[name] = Deferred(functools.partial(_assumed_from_callers, self, scope, cls, name, depth))
                else:
                    frame.local[name] = Unknown(f"parameter '{name}' of {scope.name.value}() is given by its callers")
            self.interpreter.run_block(self.interpreter._body(scope), frame, hooks if last else Hooks())
            parent = frame
            cls = None
        return parent

    def capture(self, caller: Caller, depth: int) -> Optional[Frame]:
        hooks = Hooks([caller.statement])
        if caller.scopes:
            self.run_scope(caller.scopes, hooks, depth)
            return hooks.captured.get(id(caller.statement))
        # A module-level statement: the module runs the same way for every parameter read there (no depth
        # to it), so the frame is kept unless a cycle cut the run short.
        key = id(caller.statement)
        if key not in self._module_frames:
            cuts = _CUTS[0]
            frame = self.info.run_module([caller.statement]).captured.get(key)
            if _CUTS[0] != cuts:
                return frame
            self._module_frames[key] = frame
        kept = self._module_frames[key]
        return kept.copy() if kept is not None else None

    def calls_of(self, function: cst.FunctionDef, cls: Optional[cst.ClassDef]) -> List[Caller]:
        """The calls of ``function`` in this module (see _Calls), found once."""
        key = (id(function), id(cls))
        if key not in self._calls:
            finder = _Calls(function.name.value, cls)
            walk.visit(self.info.module, finder)
            self._calls[key] = finder.found
        return self._calls[key]


def from_callers(runner: ScopeRunner, function: cst.FunctionDef, cls: Optional[cst.ClassDef], name: str,
                 depth: int = 0) -> Value:
    """What ``name`` is in ``function``, read from its callers (see the module's docstring)."""
    given = f"parameter '{name}' of {function.name.value}() is given by its callers"
    if depth >= MAX_DEPTH:
        return Unknown(given)
    if id(function) in _RESOLVING:
        _CUTS[0] += 1
        return Unknown(given)
    key = (id(function), name, depth)
    if key in runner.memo:
        return runner.memo[key]
    cuts = _CUTS[0]
    value = _from_callers(runner, function, cls, name, depth, given)
    if _CUTS[0] == cuts:
        runner.memo[key] = value
    return value


def _from_callers(runner: ScopeRunner, function: cst.FunctionDef, cls: Optional[cst.ClassDef], name: str,
                  depth: int, given: str) -> Value:
    found: List[Tuple[ScopeRunner, Caller]] = [(runner, c) for c in runner.calls_of(function, cls)
                                              if not (c.scopes and c.scopes[-1] is function)]  # not its own recursion
    elsewhere = _callers_elsewhere(runner, function, cls)
    if isinstance(elsewhere, Unknown):
        return Unknown(f"{given}, and {elsewhere.reason}")
    found += elsewhere
    if not found:
        return Unknown(f"{given}, and no call in this project gives it")
    _RESOLVING.append(id(function))
    try:
        values = [_value_at(where, caller, function, name, cls is not None, depth) for where, caller in found]
    finally:
        _RESOLVING.pop()
    places = [_place(runner, where, caller) for where, caller in found]
    agreed = _agree(values)
    if isinstance(agreed, Unknown):
        said = "; ".join(f"{place}: {_said(value)}" for place, value in zip(places, values))
        return Unknown(f"{given}, and its callers do not give one provable kind of value ({said})")
    runner.caller_notes[id(function), name] = places
    return agreed


def _assumed_from_callers(runner: ScopeRunner, function: cst.FunctionDef, cls: Optional[cst.ClassDef], name: str,
                          depth: int) -> Value:
    return _assumed(from_callers(runner, function, cls, name, depth))


def _place(runner: ScopeRunner, where: ScopeRunner, caller: Caller) -> str:
    line = where.positions[caller.call].start.line
    if where is runner:
        return f"line {line}"
    return f"{where.info.path.name if where.info.path is not None else where.info.name}:{line}"


def _callers_elsewhere(runner: ScopeRunner, function: cst.FunctionDef,
                       cls: Optional[cst.ClassDef]) -> Union[List[Tuple[ScopeRunner, Caller]], Unknown]:
    """The calls of ``function`` in the project's other modules (``from m import f`` then ``f(...)``, or
    ``import m`` then ``m.f(...)``); a method only when no other module can reach it (its class is used
    nowhere else), since ``obj.name(...)`` elsewhere cannot be told from another object's method."""
    project = runner.info.project
    if project is None or runner.info.path is None:
        return []
    name = cls.name.value if cls is not None else function.name.value
    importers = project.importers(runner.info, name)
    if cls is not None:
        if importers:
            where = ", ".join(sorted(info.path.name for info in importers if info.path is not None))
            return Unknown(f"its class {name} is used by other modules too ({where}), whose calls of "
                           f"{function.name.value}() are not read")
        return []
    found: List[Tuple[ScopeRunner, Caller]] = []
    for info in importers:
        other = project.scope_runner(info)
        finder = _Calls(function.name.value, None, module_aliases=project.aliases_of(info, runner.info))
        walk.visit(info.module, finder)
        found.extend((other, caller) for caller in finder.found)
    return found


def _value_at(where: ScopeRunner, caller: Caller, function: cst.FunctionDef, name: str, is_method: bool,
              depth: int) -> Value:
    expr = argument_for(caller.call, function, name, is_method)
    if expr is None:
        param = next((p for p in list(function.params.params) + list(function.params.kwonly_params)
                      if p.name.value == name), None)
        if param is not None and param.default is not None:
            return Unknown("the default value")  # callers that rely on the default: not one value for all
        return Unknown("no argument mapped to it")
    frame = where.capture(caller, depth + 1)
    if frame is None:
        return Unknown("the caller's statement is never reached")
    return where.interpreter.eval(expr, frame)


def _is_static(fn: cst.FunctionDef) -> bool:
    return any(dotted_name(d.decorator) in ("staticmethod",) for d in fn.decorators)


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
