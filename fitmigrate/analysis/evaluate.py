"""A small abstract interpreter over LibCST trees: follows values through assignments, branches,
loops and calls far enough to prove what a generator yields, without executing anything.

It is flow-sensitive inside one scope (the last assignment before a ``yield`` wins; both arms of
an ``if`` are joined; loop bodies run twice so values carried round the loop are seen) and follows
calls into project functions to a small depth. Anything it cannot prove becomes ``Unknown`` with
a reason, and the caller refuses to migrate rather than guess.
"""

from __future__ import annotations

import dataclasses

from typing import Callable, Dict, List, Optional, Sequence, Tuple

import libcst as cst

from fitmigrate.analysis import numpy_model as npm
from fitmigrate.analysis import walk
from fitmigrate.project.exports import library_star_names
from fitmigrate.analysis.values import (
    Array,
    BoundMethod,
    Builtin,
    ClassRef,
    DType,
    Flow,
    FunctionRef,
    GeneratorCall,
    ImageGen,
    Instance,
    LibraryInstance,
    ListOf,
    Mapping,
    Ref,
    Rng,
    Scalar,
    Seq,
    SequenceInstance,
    Unknown,
    Value,
    Zip,
    Dataset,
    LambdaValue,
    class_ref,
    function_ref,
    join,
)

MAX_CALL_DEPTH = 4
MAX_SPELLED_LENGTH = 32  # a list of proven length longer than this stays a list of unknown length
LIBRARY_ROOTS = ("numpy", "keras", "tensorflow", "tf_keras", "sklearn", "cv2", "PIL", "scipy", "pandas",
                 "os", "sys", "math", "random", "itertools", "glob", "json", "pickle", "h5py", "skimage")
_SEQUENCE_BASES = ("Sequence", "PyDataset")
_BUILTIN_NAMES = {"len", "range", "zip", "list", "tuple", "int", "float", "bool", "str", "enumerate", "iter",
                  "next", "min", "max", "abs", "print", "isinstance", "sorted", "reversed", "round", "dict",
                  "set", "sum", "map", "open", "super", "object", "type", "getattr", "hasattr"}


_YIELDS: Dict[int, Tuple[cst.FunctionDef, bool]] = {}  # id(node) -> (node, answer); the node kept so its id stays its own


def contains_yield(node: cst.FunctionDef) -> bool:
    """True when the function itself (not a nested def or lambda) yields: it is a generator (asked for
    every call the interpreter follows, so the answer is kept with the node)."""
    kept = _YIELDS.get(id(node))
    if kept is not None and kept[0] is node:
        return kept[1]
    if len(_YIELDS) > 20_000:  # a long run over many files: forget the earlier files' functions
        _YIELDS.clear()
    found = _contains_yield(node)
    _YIELDS[id(node)] = (node, found)
    return found


def _contains_yield(node: cst.FunctionDef) -> bool:

    class Finder(walk.Visitor):
        found = False

        def visit_Yield(self, node: cst.Yield) -> None:
            self.found = True

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

    finder = Finder()
    for stmt in node.body.body if isinstance(node.body, cst.IndentedBlock) else [node.body]:
        walk.visit(stmt, finder)
    return finder.found


def dotted_name(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def module_dotted(node: Optional[cst.BaseExpression]) -> str:
    return dotted_name(node) or "" if node is not None else ""


class Deferred:
    """A value worked out the first time a frame reads it (a parameter read from its callers): most
    parameters of a scope are never read by what the analysis asks."""

    def __init__(self, work: Callable[[], Value]) -> None:
        self._work: Optional[Callable[[], Value]] = work
        self._value: Optional[Value] = None

    def value(self) -> Value:
        if self._work is not None:
            work, self._work = self._work, None
            self._value = work()
        assert self._value is not None
        return self._value


class Frame:
    """One scope under evaluation: its bindings, the scope it closes over, and its module."""

    def __init__(self, module: "ModuleInfo", local: Optional[Dict[str, Value]] = None,
                 parent: Optional["Frame"] = None, cls: Optional[cst.ClassDef] = None,
                 is_module: bool = False, exact: bool = False) -> None:
        self.module = module
        self.local: Dict[str, Value] = dict(local or {})
        self.parent = parent
        self.cls = cls
        self.is_module = is_module
        # A function run with the arguments of one call: a test whose value is proven takes only its
        # branch. Not the module or the scopes around a call site, which run once for every call in them.
        self.exact = exact
        # Past a ``raise`` or ``return``: nothing after it in this block runs.
        self.dead = False

    def lookup(self, name: str) -> Value:
        frame: Optional[Frame] = self
        while frame is not None:
            if name in frame.local:
                found = frame.local[name]
                return found.value() if isinstance(found, Deferred) else found
            frame = frame.parent
        if not self.is_module:
            env = self.module.env()
            if name in env:
                if name in self.module.global_names():
                    return _assumed(env[name])  # a function may rebind it with ``global``
                return env[name]
        if name in _BUILTIN_NAMES or name in npm.DTYPE_ALIASES:
            return Builtin(name)
        stars = self.module.unread_stars
        if stars:
            return Unknown(f"'{name}' is not defined in this module; it may come from `{'`, `'.join(stars)}`, "
                           f"which fitmigrate cannot read (not a module of this project)")
        return Unknown(f"'{name}' has no value the analyzer can see")

    def copy(self) -> "Frame":
        clone = Frame(self.module, self.local, self.parent, self.cls, self.is_module, self.exact)
        clone.dead = self.dead
        return clone


def _assumed(value: Value) -> Value:
    """``value`` marked as not proven for every run (a parameter's default): no branch is pruned on it."""
    if isinstance(value, Scalar) and not value.assumed:
        return Scalar(value.kind, value.value, True)
    if isinstance(value, Seq):
        return Seq(value.kind, tuple(_assumed(item) for item in value.items), value.node)
    return value


def join_locals(a: Dict[str, Value], b: Dict[str, Value]) -> Dict[str, Value]:
    out = dict(a)
    for key, value in b.items():
        out[key] = join(out[key], value) if key in out else value
    return out


def merge_arms(frame: "Frame", arms: Sequence["Frame"]) -> None:
    """``frame`` after the arms of a branch: what the arms that go on past it hold (an arm that ends in
    ``raise`` or ``return`` does not), and every arm's returned value."""
    live = [arm for arm in arms if not arm.dead] or list(arms)
    local = live[0].local
    for arm in live[1:]:
        local = join_locals(local, arm.local)
    returned = [arm.local["<return>"] for arm in arms if "<return>" in arm.local]
    local = dict(local)
    if returned:
        value = returned[0]
        for other in returned[1:]:
            value = join(value, other)
        local["<return>"] = value
    frame.local = local
    frame.dead = all(arm.dead for arm in arms)


class Hooks:
    """What the interpreter reports while it walks: yields seen, and frames at chosen statements."""

    def __init__(self, capture: Sequence[cst.CSTNode] = ()) -> None:
        self.capture_ids = {id(node) for node in capture}
        self.captured: Dict[int, Frame] = {}
        self.yields: List[Tuple[cst.CSTNode, Value, bool]] = []  # (yield node, value, is yield-from)

    def at_statement(self, stmt: cst.CSTNode, frame: Frame) -> None:
        if id(stmt) in self.capture_ids:
            snapshot = frame.copy()
            previous = self.captured.get(id(stmt))
            if previous is not None:
                snapshot.local = join_locals(previous.local, snapshot.local)
            self.captured[id(stmt)] = snapshot


class Interpreter:
    """Evaluates statements and expressions to abstract values."""

    def __init__(self) -> None:
        self.active: List[int] = []
        self._generator_cache: Dict[Tuple[int, object], Tuple[Value, List[Tuple[cst.CSTNode, Value, bool]]]] = {}
        self._instance_cache: Dict[int, Instance] = {}
        # ``flow.next()`` calls met while a generator's batches are followed (Keras 3's iterators have
        # no next(): each becomes ``next(flow)``), by generator, and the lists being filled now.
        self._next_calls: List[List[Tuple["ModuleInfo", cst.Call]]] = []
        self.flow_next_calls: Dict[Tuple[int, object], List[Tuple["ModuleInfo", cst.Call]]] = {}

    # ---- statements -------------------------------------------------------------------------

    def run_block(self, body: Sequence[cst.CSTNode], frame: Frame, hooks: Hooks) -> None:
        for stmt in body:
            if frame.dead:
                return  # after a raise or return: the rest of the block never runs
            self.run_stmt(stmt, frame, hooks)

    def _body(self, node: cst.CSTNode) -> Sequence[cst.CSTNode]:
        body = getattr(node, "body", None)
        if isinstance(body, cst.IndentedBlock):
            return body.body
        if isinstance(body, cst.SimpleStatementSuite):
            return [body]
        return []

    def _branch(self, body: Sequence[cst.CSTNode], frame: Frame, hooks: Hooks) -> Frame:
        branch = frame.copy()
        self.run_block(body, branch, hooks)
        return branch

    def run_stmt(self, stmt: cst.CSTNode, frame: Frame, hooks: Hooks) -> None:
        hooks.at_statement(stmt, frame)
        if isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            for small in stmt.body:
                self.run_small(small, frame, hooks)
        elif isinstance(stmt, cst.FunctionDef):
            frame.local[stmt.name.value] = self._function_value(frame, stmt)
        elif isinstance(stmt, cst.ClassDef):
            frame.local[stmt.name.value] = class_ref(frame.module, stmt)
        elif isinstance(stmt, cst.If):
            proven = self.truth(stmt.test, frame)
            arms: List[Frame] = []
            if proven is not False:
                taken = frame.copy()
                self._narrow(stmt.test, taken)
                self.run_block(self._body(stmt), taken, hooks)
                arms.append(taken)
            if proven is not True:
                other = frame.copy()
                if stmt.orelse is not None:
                    if isinstance(stmt.orelse, cst.If):
                        self.run_stmt(stmt.orelse, other, hooks)
                    else:
                        self.run_block(self._body(stmt.orelse), other, hooks)
                arms.append(other)
            merge_arms(frame, arms)
        elif isinstance(stmt, (cst.For, cst.While)):
            widen(frame, _assigned_names(stmt))
            before = dict(frame.local)
            for _ in range(2):
                if isinstance(stmt, cst.For):
                    self.assign(stmt.target, npm.element(self.iterate(self.eval(stmt.iter, frame))), frame)
                self.run_block(self._body(stmt), frame, hooks)
                frame.dead = False  # a return or raise inside ends that iteration, not the analysis of the loop
                frame.local = join_locals(before, frame.local) if not _is_while_true(stmt) else frame.local
            if stmt.orelse is not None:
                self.run_block(self._body(stmt.orelse), frame, hooks)
            if _is_while_true(stmt) and not _breaks(stmt):
                frame.dead = True  # ``while True`` without a break is left only by a return or a raise
        elif isinstance(stmt, cst.With):
            for item in stmt.items:
                value = self.eval(item.item, frame)
                if item.asname is not None:
                    self.assign(item.asname.name, Unknown("bound by a with statement") if not isinstance(value, Unknown) else value, frame)
            self.run_block(self._body(stmt), frame, hooks)
        elif isinstance(stmt, cst.Try):
            tried = self._branch(self._body(stmt), frame, hooks)
            result = tried.local
            handled = []
            for handler in stmt.handlers:
                branch = self._branch(self._body(handler), frame, hooks)
                handled.append(branch)
                result = join_locals(result, branch.local)
            frame.local = result  # every arm counts: a handler may run after any statement of the body
            if stmt.orelse is not None and not tried.dead:
                self.run_block(self._body(stmt.orelse), frame, hooks)
            if stmt.finalbody is not None:
                self.run_block(self._body(stmt.finalbody), frame, hooks)
            # The body returns or raises, and so does every handler: nothing goes on past the statement.
            frame.dead = tried.dead and bool(handled) and all(branch.dead for branch in handled)
        else:
            for body in (self._body(stmt),):
                self.run_block(body, frame, hooks)

    def run_small(self, small: cst.CSTNode, frame: Frame, hooks: Hooks) -> None:
        if isinstance(small, cst.Assign):
            value = self.eval(small.value, frame, hooks)
            for target in small.targets:
                self.assign(target.target, value, frame)
        elif isinstance(small, cst.AnnAssign) and small.value is not None:
            self.assign(small.target, self.eval(small.value, frame, hooks), frame)
        elif isinstance(small, cst.AugAssign):
            op = _operator_text(small.operator).rstrip("=")
            current = self.eval(small.target, frame)
            self.assign(small.target, npm.binary(op, current, self.eval(small.value, frame)), frame)
        elif isinstance(small, cst.Expr):
            self._expression_statement(small.value, frame, hooks)
        elif isinstance(small, cst.Del):
            for target in [small.target] if not isinstance(small.target, cst.Tuple) else \
                    [el.value for el in small.target.elements]:
                if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
                    self._shrink(target.value.value, frame)
        elif isinstance(small, cst.Import):
            for alias in small.names:
                qualname = module_dotted(alias.name)
                if alias.asname is not None:
                    frame.local[alias.asname.name.value] = Ref(qualname, frame.module, 0)
                else:
                    head = qualname.split(".")[0]
                    frame.local[head] = Ref(head, frame.module, 0)
        elif isinstance(small, cst.ImportFrom):
            base = module_dotted(small.module)
            level = len(small.relative)
            if isinstance(small.names, cst.ImportStar):
                self._import_star(base, level, frame)
                return
            for alias in small.names:
                name = alias.name.value if isinstance(alias.name, cst.Name) else module_dotted(alias.name)
                local = alias.asname.name.value if alias.asname is not None else name
                qualname = f"{base}.{name}" if base else name
                frame.local[local] = Ref(qualname, frame.module, level)
        elif isinstance(small, cst.Return):
            value = self.eval(small.value, frame, hooks) if small.value is not None else Scalar("none")
            previous = frame.local.get("<return>")
            frame.local["<return>"] = value if previous is None else join(previous, value)
            frame.dead = True
        elif isinstance(small, cst.Raise):
            frame.dead = True

    def _import_star(self, base: str, level: int, frame: Frame) -> None:
        """``from base import *``: each name it binds is a reference into ``base``, resolved only when used.
        A project module's names are read from its code (``ast``); a library's from what fitmigrate
        models; an import neither tells is remembered, so that an unknown name can say where it may be from."""
        project = frame.module.project
        names = project.star_names(frame.module, base, level) if project is not None else None
        if names is None and level == 0:
            known = library_star_names(base)
            names = list(known) if known is not None else None
        if names is None:
            spelled = f"from {'.' * level}{base} import *"
            if spelled not in frame.module.unread_stars:
                frame.module.unread_stars.append(spelled)
            return
        for name in names:
            frame.local[name] = Ref(f"{base}.{name}" if base else name, frame.module, level)

    def _expression_statement(self, expr: cst.BaseExpression, frame: Frame, hooks: Hooks) -> None:
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and isinstance(expr.func.value, cst.Name):
            name = expr.func.value.value
            method = expr.func.attr.value
            if method in ("append", "extend", "insert") and name in frame.local or (
                    method in ("append", "extend", "insert") and not isinstance(frame.lookup(name), Unknown)):
                current = frame.lookup(name)
                if isinstance(current, (Seq, ListOf)):
                    if method == "extend":
                        added = npm.element(self.eval(expr.args[0].value, frame)) if expr.args else Unknown()
                    else:
                        added = self.eval(expr.args[-1].value, frame, hooks) if expr.args else Unknown()
                    elem = added
                    if isinstance(current, ListOf):
                        elem = join(current.elem, added)
                    elif current.items:
                        for item in current.items:
                            elem = join(elem, item)
                    self._rebind(name, ListOf(elem), frame)
                    return
            if method in ("pop", "remove", "clear"):
                self._shrink(name, frame)
        self.eval(expr, frame, hooks)

    def _shrink(self, name: str, frame: Frame) -> None:
        """A list that loses items (``pop``, ``remove``, ``clear``, ``del x[i]``): same items, length unknown."""
        current = frame.lookup(name)
        if isinstance(current, ListOf) and current.length is not None:
            self._rebind(name, ListOf(current.elem), frame)
        elif isinstance(current, Seq) and current.kind == "list" and current.items:
            self._rebind(name, ListOf(npm.element(current)), frame)

    def _rebind(self, name: str, value: Value, frame: Frame) -> None:
        target: Optional[Frame] = frame
        while target is not None:
            if name in target.local:
                target.local[name] = value
                return
            target = target.parent
        frame.local[name] = value

    def assign(self, target: cst.BaseExpression, value: Value, frame: Frame) -> None:
        if isinstance(target, cst.Name):
            frame.local[target.value] = value
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = [el.value for el in target.elements]
            if any(isinstance(el, cst.StarredElement) for el in target.elements):
                for el in elements:
                    self.assign(el, Unknown("starred assignment"), frame)
                return
            if isinstance(value, Seq) and len(value.items) == len(elements):
                parts: List[Value] = list(value.items)
            elif isinstance(value, (Array, ListOf)):
                parts = [npm.element(value)] * len(elements)
            else:
                reason = value.reason if isinstance(value, Unknown) else "unpacking a value of unknown length"
                parts = [Unknown(reason)] * len(elements)
            for el, part in zip(elements, parts):
                self.assign(el, part, frame)
        elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
            owner = frame.lookup(target.value.value)
            if isinstance(owner, Instance):
                attrs = dict(owner.attrs)
                attrs[target.attr.value] = value
                self._rebind(target.value.value, Instance(owner.cls, tuple(attrs.items())), frame)
        elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
            # ``x[i] = v`` keeps an array's dtype and shape (numpy casts v); a list or a dict holds v from then on.
            name = target.value.value
            owner = frame.lookup(name)
            if isinstance(owner, ListOf):
                self._rebind(name, ListOf(join(owner.elem, value)), frame)
            elif isinstance(owner, Seq) and owner.kind == "list":
                elem = value
                for item in owner.items:
                    elem = join(elem, item)
                self._rebind(name, ListOf(elem) if owner.items else Unknown("a list assigned by index"), frame)
            elif isinstance(owner, Mapping):
                key = self.eval(target.slice[0].slice.value, frame) if len(target.slice) == 1 and \
                    isinstance(target.slice[0].slice, cst.Index) else Unknown()
                if isinstance(key, Scalar) and key.kind == "str" and key.value is not None:
                    items = dict(owner.items)
                    items[key.value] = value
                    self._rebind(name, Mapping(tuple(items.items())), frame)
                else:
                    self._rebind(name, Unknown("a dict assigned under a key that is not a literal string"), frame)

    def _function_value(self, frame: Frame, node: cst.FunctionDef) -> FunctionRef:
        ref = function_ref(frame.module, node, frame.cls)
        object.__setattr__(ref, "closure", None if frame.is_module else frame)
        return ref

    # ---- expressions ------------------------------------------------------------------------

    def eval(self, expr: cst.BaseExpression, frame: Frame, hooks: Optional[Hooks] = None) -> Value:
        try:
            return self._eval(expr, frame, hooks)
        except RecursionError:
            return Unknown("expression too deeply nested")

    def _eval(self, expr: cst.BaseExpression, frame: Frame, hooks: Optional[Hooks]) -> Value:
        if isinstance(expr, cst.Integer):
            return Scalar("int", int(expr.evaluated_value))
        if isinstance(expr, cst.Float):
            return Scalar("float", float(expr.evaluated_value))
        if isinstance(expr, cst.Imaginary):
            return Unknown("complex literal")
        if isinstance(expr, cst.SimpleString):
            value = expr.evaluated_value
            return Scalar("str", value if isinstance(value, str) else None)
        if isinstance(expr, (cst.ConcatenatedString, cst.FormattedString)):
            return Scalar("str")
        if isinstance(expr, cst.Name):
            if expr.value in ("True", "False"):
                return Scalar("bool", expr.value == "True")
            if expr.value == "None":
                return Scalar("none")
            return frame.lookup(expr.value)
        if isinstance(expr, cst.Attribute):
            return self.attribute(self._eval(expr.value, frame, hooks), expr.attr.value, frame)
        if isinstance(expr, (cst.Tuple, cst.List, cst.Set)):
            items: List[Value] = []
            for el in expr.elements:
                if isinstance(el, cst.StarredElement):
                    inner = self._eval(el.value, frame, hooks)
                    if isinstance(inner, Seq):
                        items.extend(inner.items)
                        continue
                    return Unknown("starred item of unknown length")
                items.append(self._eval(el.value, frame, hooks))
            kind = "tuple" if isinstance(expr, cst.Tuple) else "list"
            return Seq(kind, tuple(items), expr)
        if isinstance(expr, cst.Dict):
            pairs: List[Tuple[str, Value]] = []
            for el in expr.elements:
                if not isinstance(el, cst.DictElement):
                    return Unknown("dict with ** unpacking")
                key = self._eval(el.key, frame, hooks)
                if not (isinstance(key, Scalar) and key.kind == "str" and key.value is not None):
                    return Unknown("dict whose keys are not literal strings")
                pairs.append((key.value, self._eval(el.value, frame, hooks)))
            return Mapping(tuple(pairs), expr)
        if isinstance(expr, cst.BinaryOperation):
            return npm.binary(_operator_text(expr.operator), self._eval(expr.left, frame, hooks),
                              self._eval(expr.right, frame, hooks))
        if isinstance(expr, cst.UnaryOperation):
            return npm.unary(_operator_text(expr.operator), self._eval(expr.expression, frame, hooks))
        if isinstance(expr, cst.Comparison):
            return self._comparison(expr, frame, hooks)
        if isinstance(expr, cst.BooleanOperation):
            left = self._eval(expr.left, frame, hooks)
            proven = npm.truth(left) if frame.exact else None
            is_and = isinstance(expr.operator, cst.And)
            if proven is not None:
                # ``a and b`` is a when a is false, else b; ``a or b`` is a when a is true, else b.
                return left if proven != is_and else self._eval(expr.right, frame, hooks)
            return join(left, self._eval(expr.right, frame, hooks))
        if isinstance(expr, cst.IfExp):
            proven = self.truth(expr.test, frame)
            if proven is not None:
                return self._eval(expr.body if proven else expr.orelse, frame, hooks)
            return join(self._eval(expr.body, frame, hooks), self._eval(expr.orelse, frame, hooks))
        if isinstance(expr, cst.Subscript):
            base = self._eval(expr.value, frame, hooks)
            is_slice = [isinstance(el.slice, cst.Slice) for el in expr.slice]
            if len(expr.slice) == 1:
                index = Scalar("none") if is_slice[0] else self._eval(expr.slice[0].slice.value, frame, hooks)
                if isinstance(index, Seq) and index.kind == "tuple":
                    is_slice = [isinstance(item, Unknown) and False for item in index.items]
                    return npm.subscript(base, index, is_slice)
            else:
                index = Seq("tuple", tuple(Scalar("none") if s else self._eval(el.slice.value, frame, hooks)
                                           for el, s in zip(expr.slice, is_slice)))
            if isinstance(base, Mapping) and isinstance(index, Scalar) and index.kind == "str":
                return dict(base.items).get(index.value, Unknown(f"no key {index.value!r}"))
            return npm.subscript(base, index, is_slice)
        if isinstance(expr, cst.Call):
            return self.call(expr, frame, hooks)
        if isinstance(expr, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
            inner = frame.copy()
            comp = expr.for_in
            simple = isinstance(expr, cst.ListComp) and comp.inner_for_in is None and not comp.ifs
            if simple:
                source = self._eval(comp.iter, inner, hooks)
                if isinstance(source, Seq) and 0 < len(source.items) <= MAX_SPELLED_LENGTH:
                    # ``[np.asarray(x) for x in (a, b, c)]``: one item for each item of the display, each its own.
                    items = []
                    for item in source.items:
                        self.assign(comp.target, item, inner)
                        items.append(self._eval(expr.elt, inner, hooks))
                    return Seq("list", tuple(items), expr)
            length = self._range_length(comp, inner) if simple else None
            while comp is not None:
                self.assign(comp.target, npm.element(self.iterate(self._eval(comp.iter, inner, hooks))), inner)
                comp = comp.inner_for_in
            elt = self._eval(expr.elt, inner, hooks)
            if length is not None:
                # ``[y[:, i] for i in range(N_LEN)]`` with N_LEN proven: a list of exactly that many items.
                return Seq("list", (elt,) * length, expr)
            return ListOf(elt, expr if isinstance(expr, cst.ListComp) else None)
        if isinstance(expr, cst.Yield):
            value: Value = Scalar("none")
            if expr.value is not None and hooks is not None:
                if isinstance(expr.value, cst.From):
                    value = self._eval(expr.value.item, frame, hooks)
                    hooks.yields.append((expr, value, True))
                else:
                    value = self._eval(expr.value, frame, hooks)
                    hooks.yields.append((expr, value, False))
            return Unknown("value sent into a generator")
        if isinstance(expr, cst.Lambda):
            return LambdaValue(expr, frame, id(expr))
        if isinstance(expr, cst.NamedExpr):
            value = self._eval(expr.value, frame, hooks)
            self.assign(expr.target, value, frame)
            return value
        return Unknown(f"{type(expr).__name__} expressions are not followed")

    def _narrow(self, test: cst.BaseExpression, frame: Frame) -> None:
        """Inside ``if len(batch) == n:`` (n a proven int), the list ``batch`` has n items: what a generator
        that yields when its list is full proves about its batch's length."""
        if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and
                isinstance(test.comparisons[0].operator, cst.Equal)):
            return
        sides = [test.left, test.comparisons[0].comparator]
        for measured, other in (sides, sides[::-1]):
            if isinstance(measured, cst.Call) and isinstance(measured.func, cst.Name) and measured.func.value == "len" \
                    and len(measured.args) == 1 and isinstance(measured.args[0].value, cst.Name) and \
                    isinstance(frame.lookup("len"), Builtin):
                name = measured.args[0].value.value
                current = frame.lookup(name)
                count = self.eval(other, frame)
                if isinstance(current, ListOf) and isinstance(count, Scalar) and count.kind == "int" and \
                        count.value is not None and not count.assumed and name in frame.local:
                    frame.local[name] = ListOf(current.elem, current.node, count.value)
                return

    def _range_length(self, comp: cst.CompFor, frame: Frame) -> Optional[int]:
        """How many items ``for i in range(...)`` gives, when every argument is a proven int (not a
        parameter's default a caller may change) and the count is small enough to spell out."""
        call = comp.iter
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "range" and
                isinstance(frame.lookup("range"), Builtin) and 1 <= len(call.args) <= 3 and
                all(a.keyword is None and not a.star for a in call.args)):
            return None
        values = [self.eval(a.value, frame) for a in call.args]
        if not all(isinstance(v, Scalar) and v.kind == "int" and v.value is not None and not v.assumed for v in values):
            return None
        length = len(range(*[v.value for v in values]))  # type: ignore[union-attr]
        return length if 0 < length <= MAX_SPELLED_LENGTH else None

    def truth(self, test: cst.BaseExpression, frame: Frame) -> Optional[bool]:
        """Whether a branch's test is true on every run, when the code proves it (only in a function run
        with one call's arguments); None otherwise. The test is evaluated either way."""
        value = self.eval(test, frame)
        return npm.truth(value) if frame.exact else None

    def _comparison(self, expr: cst.Comparison, frame: Frame, hooks: Optional[Hooks]) -> Value:
        left = self._eval(expr.left, frame, hooks)
        result: Optional[Value] = None
        for target in expr.comparisons:
            right = self._eval(target.comparator, frame, hooks)
            op = " ".join(_operator_text(target.operator).split())
            if isinstance(left, Array) or isinstance(right, Array):
                step: Value = npm.binary("==", left, right)
            elif op in ("in", "not in"):
                step = _membership(left, right, op == "not in")
            else:
                step = npm.compare(op, left, right)
            if result is None:
                result = step
            elif isinstance(result, Scalar) and isinstance(step, Scalar):
                known = npm.truth(result)
                result = step if known is True else result if known is False else Scalar(
                    "bool", None, result.assumed or step.assumed)
            else:
                result = Scalar("bool")
            left = right
        return result if result is not None else Scalar("bool")

    def iterate(self, value: Value) -> Value:
        """The iterable as something ``npm.element`` understands."""
        if isinstance(value, Zip):
            return ListOf(Seq("tuple", tuple(npm.element(self.iterate(p)) for p in value.parts)))
        if isinstance(value, GeneratorCall):
            element, _ = self.generator_element(value)
            return ListOf(element)
        if isinstance(value, Flow):
            return ListOf(value.element)
        if isinstance(value, Dataset):
            return ListOf(self.dataset_element(value))
        return value

    def attribute(self, base: Value, name: str, frame: Frame) -> Value:
        if isinstance(base, Ref):
            dtype = npm.dtype_ref(f"{base.qualname}.{name}")
            if dtype is not None:
                return dtype
            resolved = self.resolve_ref(base)
            if resolved is not None and not isinstance(resolved, Ref):
                return self.attribute(resolved, name, frame)
            return Ref(f"{base.qualname}.{name}", base.origin, base.level)
        if isinstance(base, ModuleValue):
            env = base.module.env()
            return env.get(name, Unknown(f"module {base.module.name} has no '{name}' the analyzer can see"))
        if isinstance(base, Array):
            if name == "shape":
                return npm.shape_value(base.shape)
            if name == "dtype":
                return DType(base.dtype) if base.dtype else Unknown("unknown dtype")
            if name == "T":
                return Array(base.dtype, None if base.shape is None else tuple(reversed(base.shape)))
            if name in ("ndim", "size", "nbytes"):
                return Scalar("int", len(base.shape) if name == "ndim" and base.shape is not None else None)
            return Unknown(f"array attribute {name}")
        if isinstance(base, Instance):
            attrs = dict(base.attrs)
            if name in attrs:
                return _assumed(attrs[name])  # a method may have set it since: no branch is pruned on it
            member = class_member(base.cls, name)
            if isinstance(member, cst.FunctionDef):
                return BoundMethod(function_ref(base.cls.module, member, base.cls.node), base)
            if member is not None:
                return self.eval(member, Frame(base.cls.module))
            return Unknown(f"attribute self.{name} is not set to a provable value in __init__")
        if isinstance(base, (Flow, SequenceInstance)):
            if name in ("n", "samples", "nb_sample"):
                return Scalar("int")
            if name == "batch_size" and isinstance(base, Flow):
                return base.batch_size
            return Unknown(f"attribute {name} of a Keras iterator")
        if isinstance(base, ClassRef):
            member = class_member(base, name)
            if isinstance(member, cst.FunctionDef):
                return function_ref(base.module, member, base.node)
            if member is not None:
                return self.eval(member, Frame(base.module))
        if isinstance(base, Unknown):
            return base
        if isinstance(base, Scalar):
            return Unknown(f"attribute {name} of {'None' if base.kind == 'none' else 'a Python ' + base.kind}")
        return Unknown(f"attribute {name} of {type(base).__name__}")

    def resolve_ref(self, ref: Ref) -> Optional[Value]:
        """A project-local import, resolved to the function, class or module it names."""
        if ref.origin is None or ref.qualname.split(".")[0] in LIBRARY_ROOTS and ref.level == 0:
            return None
        project = ref.origin.project
        if project is None:
            return None
        return project.resolve(ref.origin, ref.qualname, ref.level)

    # ---- calls ------------------------------------------------------------------------------

    def call(self, expr: cst.Call, frame: Frame, hooks: Optional[Hooks]) -> Value:
        if isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "from_generator":
            dataset = self.from_generator(expr, frame, hooks)
            if dataset is not None:
                return dataset
        args: List[Value] = []
        kwargs: Dict[str, Value] = {}
        for arg in expr.args:
            value = self._eval(arg.value, frame, hooks)
            if arg.star:
                if arg.star == "*" and isinstance(value, Seq):
                    args.extend(value.items)
                    continue
                if arg.star == "**" and isinstance(value, Mapping) and all(isinstance(k, str) for k, _ in value.items):
                    kwargs.update(value.items)
                    continue
                return self._call_with_unknown_arguments(expr, frame, hooks)
            if arg.keyword is not None:
                kwargs[arg.keyword.value] = value
            else:
                args.append(value)
        if isinstance(expr.func, cst.Attribute):
            base = self._eval(expr.func.value, frame, hooks)
            if isinstance(base, Flow) and expr.func.attr.value == "next" and not expr.args:
                for recorder in self._next_calls:
                    recorder.append((frame.module, expr))
            result = self.call_method(base, expr.func.attr.value, args, kwargs, frame)
            if isinstance(result, Flow) and result.method == "flow":
                samples = next((a.value for a in expr.args if a.keyword is not None and a.keyword.value == "x"),
                               next((a.value for a in expr.args if a.keyword is None), None))
                if samples is not None:
                    result = dataclasses.replace(result, samples_code=cst.Module([]).code_for_node(samples))
                plain = [a.value for a in expr.args if a.keyword is None]
                batch = next((a.value for a in expr.args if a.keyword is not None and a.keyword.value == "batch_size"),
                             plain[2] if len(plain) > 2 else None)
                if isinstance(batch, (cst.Name, cst.Attribute, cst.Integer)):
                    result = dataclasses.replace(result, batch_code=cst.Module([]).code_for_node(batch))
            return result
        callee = self._eval(expr.func, frame, hooks)
        return self.call_value(callee, args, kwargs, frame)

    def _call_with_unknown_arguments(self, expr: cst.Call, frame: Frame, hooks: Optional[Hooks]) -> Value:
        """``f(*args, **kwargs)``: a Sequence is still a Sequence; anything else is unknown."""
        callee = self._eval(expr.func, frame, hooks)
        if isinstance(callee, Ref):
            callee = self.resolve_ref(callee) or callee
        if isinstance(callee, ClassRef) and is_sequence_class(callee, self):
            return SequenceInstance(callee)
        return Unknown("call with *args or **kwargs")

    def from_generator(self, expr: cst.Call, frame: Frame, hooks: Optional[Hooks]) -> Optional[Dataset]:
        base = self._eval(expr.func.value, frame, hooks)  # type: ignore[attr-defined]
        if not (isinstance(base, Ref) and base.qualname.endswith("data.Dataset")):
            return None
        source: Value = Unknown("from_generator without a generator")
        signature = None
        for index, arg in enumerate(expr.args):
            name = arg.keyword.value if arg.keyword is not None else ("generator" if index == 0 else "")
            if name == "generator":
                source = self._eval(arg.value, frame, hooks)
            elif name == "output_signature":
                signature = arg.value
        return Dataset(source, signature, False, expr)

    def dataset_element(self, dataset: Dataset) -> Value:
        """What one element of a from_generator dataset is: what its generator yields."""
        made = self.call_value(dataset.source, [], {}, Frame(ModuleInfo(cst.Module([]))))
        return npm.element(self.iterate(made))

    def call_method(self, base: Value, name: str, args: List[Value], kwargs: Dict[str, Value], frame: Frame) -> Value:
        if isinstance(base, Dataset):
            if name in ("prefetch", "cache", "shuffle", "with_options", "apply"):
                return base
            if name == "repeat":
                return Dataset(base.source, base.signature, True, base.call)
            return Unknown(f"Dataset.{name}() is not followed")
        if isinstance(base, Array):
            result = npm.call_array_method(base, name, args, kwargs)
            return result if result is not None else Unknown(f"array method {name}()")
        if isinstance(base, Rng):
            result = npm.call_random(name, args, kwargs, generator=True)
            return result if result is not None else Unknown(f"random generator method {name}()")
        if isinstance(base, ImageGen):
            return image_flow(name, base, args, kwargs)
        if isinstance(base, Flow) and name in ("next", "__next__") and not args and not kwargs:
            return base.element  # one batch of the iterator (legacy Keras: next() is __next__)
        if isinstance(base, (Seq, ListOf)) and name in ("copy",):
            return base
        if isinstance(base, LibraryInstance):
            return self.call_library(f"{base.qualname}.{name}", args, kwargs)
        return self.call_value(self.attribute(base, name, frame), args, kwargs, frame)

    def call_value(self, callee: Value, args: List[Value], kwargs: Dict[str, Value], frame: Frame) -> Value:
        if isinstance(callee, Ref):
            resolved = self.resolve_ref(callee)
            if resolved is not None:
                return self.call_value(resolved, args, kwargs, frame)
            return self.call_library(callee.qualname, args, kwargs)
        if isinstance(callee, Builtin):
            return self.call_builtin(callee.name, args, kwargs)
        if isinstance(callee, FunctionRef):
            return self.call_function(callee, args, kwargs, None)
        if isinstance(callee, BoundMethod):
            return self.call_function(callee.function, args, kwargs, callee.instance)
        if isinstance(callee, LambdaValue):
            params = [p.name.value for p in callee.node.params.params]
            inner = Frame(callee.frame.module, dict(zip(params, args)), parent=callee.frame, exact=True)
            return self.eval(callee.node.body, inner)
        if isinstance(callee, ClassRef):
            if is_sequence_class(callee, self):
                return SequenceInstance(callee, self.instantiate(callee, args, kwargs))
            return self.instantiate(callee, args, kwargs)
        if isinstance(callee, DType):
            base = npm._literal_array(args[0]) if args else Unknown()
            if isinstance(base, Array):
                return Array(callee.name, base.shape)
            return Unknown("numpy scalar")
        if isinstance(callee, Unknown):
            return callee
        if isinstance(callee, Scalar):
            return Unknown(f"calling {'None' if callee.kind == 'none' else 'a ' + callee.kind}")
        return Unknown(f"calling a {type(callee).__name__}")

    def call_library(self, qualname: str, args: List[Value], kwargs: Dict[str, Value]) -> Value:
        if qualname.startswith("numpy."):
            result = npm.call_numpy(qualname[len("numpy."):], args, kwargs)
            if result is not None:
                return result
            return Unknown(f"{qualname}() is not modelled")
        last = qualname.rsplit(".", 1)[-1]
        if last == "load_data" and ".datasets." in qualname:
            return npm.keras_dataset(qualname.rsplit(".", 2)[-2])
        if last == "to_categorical":
            return npm.to_categorical(qualname, args, kwargs)
        if last == "pad_sequences" and ("keras" in qualname or qualname.startswith("tensorflow.")):
            return npm.pad_sequences(args, kwargs)
        if last == "preprocess_input" and "keras" in qualname and not kwargs.get("mode"):
            return npm.preprocess_input(args)
        if last == "ImageDataGenerator":
            dtype = npm.dtype_name(kwargs["dtype"]) if "dtype" in kwargs else "float32"
            return ImageGen(dtype or "float32")
        if qualname.startswith("cv2."):
            return opencv(last, args, kwargs)
        if qualname in ("sklearn.utils.shuffle", "sklearn.utils._indexing.shuffle") and args:
            return Seq("list", tuple(args)) if len(args) > 1 else args[0]
        if last == "img_to_array":
            dtype = npm.dtype_name(kwargs["dtype"]) if "dtype" in kwargs else "float32"
            return Array(dtype, (None, None, None))
        if qualname.startswith("skimage."):
            return skimage(qualname, args, kwargs)
        if qualname.startswith("sklearn."):
            return sklearn(qualname, args, kwargs)
        if qualname in ("itertools.cycle",) and args:
            return ListOf(npm.element(self.iterate(args[0])))
        if qualname in ("random.randint", "random.choice", "random.random", "random.uniform"):
            return Scalar("int" if qualname.endswith(("randint",)) else "float")
        if qualname in ("math.ceil", "math.floor"):
            return Scalar("int")
        return Unknown(f"{qualname}() is not modelled")

    def call_builtin(self, name: str, args: List[Value], kwargs: Dict[str, Value]) -> Value:
        first = args[0] if args else Scalar("none")
        if name == "len":
            if isinstance(first, Seq):
                return Scalar("int", len(first.items))
            if isinstance(first, Array) and first.shape:
                return Scalar("int", first.shape[0])
            return Scalar("int")
        if name == "range":
            return ListOf(Scalar("int"))
        if name == "zip":
            return Zip(tuple(args))
        if name == "enumerate":
            return ListOf(Seq("tuple", (Scalar("int"), npm.element(self.iterate(first)))))
        if name in ("list", "sorted", "reversed"):
            iterable = self.iterate(first)
            if isinstance(iterable, Seq):
                return Seq("list", iterable.items)
            return ListOf(npm.element(iterable)) if args else Seq("list", ())
        if name == "tuple":
            iterable = self.iterate(first)
            if isinstance(iterable, Seq):
                return Seq("tuple", iterable.items)
            return Unknown("tuple() of an iterable of unknown length")
        if name == "round" and len(args) > 1 and not (isinstance(args[1], Scalar) and args[1].kind == "none"):
            return Scalar(first.kind) if isinstance(first, Scalar) else Unknown("round() of a value that is not a number")
        if name in ("int", "round"):
            return Scalar("int", int(first.value) if isinstance(first, Scalar) and isinstance(first.value, (int, float)) else None)
        if name == "float":
            return Scalar("float")
        if name == "isinstance" and len(args) == 2:
            return _isinstance(args[0], args[1])
        if name == "bool" or name == "isinstance" or name == "hasattr":
            return Scalar("bool")
        if name == "str":
            return Scalar("str")
        if name in ("min", "max", "abs", "sum") and args and all(isinstance(a, Scalar) for a in args):
            kinds = {a.kind for a in args}  # type: ignore[union-attr]
            values = [a.value for a in args]  # type: ignore[union-attr]
            kind = "float" if "float" in kinds else "int"
            if None not in values and name in ("min", "max") and len(values) > 1:
                return Scalar(kind, (min if name == "min" else max)(values))
            return Scalar(kind)
        if name in ("iter",):
            return first
        if name == "next":
            return npm.element(self.iterate(first))
        if name == "print":
            return Scalar("none")
        return Unknown(f"builtin {name}() is not modelled")

    def bind(self, fn: FunctionRef, args: List[Value], kwargs: Dict[str, Value],
             instance: Optional[Value], assume_defaults: bool = False) -> Tuple[Tuple[str, Value], ...]:
        """Each parameter's value for a call. ``assume_defaults``: no call is seen (``self`` made with
        ``__init__``'s defaults), so a default is what the code says, not what every run has."""
        params = fn.node.params
        positional = list(params.posonly_params) + list(params.params)
        bindings: List[Tuple[str, Value]] = []
        queue = list(args)
        if instance is not None and positional:
            bindings.append((positional[0].name.value, instance))
            positional = positional[1:]
        default_frame = Frame(fn.module, parent=getattr(fn, "closure", None))
        for param in positional:
            name = param.name.value
            if queue:
                bindings.append((name, queue.pop(0)))
            elif name in kwargs:
                bindings.append((name, kwargs[name]))
            elif param.default is not None:
                default = self.eval(param.default, default_frame)
                bindings.append((name, _assumed(default) if assume_defaults else default))
            elif assume_defaults:
                bindings.append((name, Unknown(f"argument '{name}' of {fn.name}() is given by the code that makes the "
                                               "object, which the analyzer does not see here")))
            else:
                bindings.append((name, Unknown(f"argument '{name}' of {fn.name}() is not given")))
        if isinstance(params.star_arg, cst.Param):
            bindings.append((params.star_arg.name.value, Seq("tuple", tuple(queue))))
        for param in params.kwonly_params:
            name = param.name.value
            if name in kwargs:
                bindings.append((name, kwargs[name]))
            elif param.default is not None:
                default = self.eval(param.default, default_frame)
                bindings.append((name, _assumed(default) if assume_defaults else default))
        if params.star_kwarg is not None:
            # The keywords no parameter took: a wrapper that hands ``**kwargs`` on passes exactly these.
            taken = {name for name, _ in bindings}
            bindings.append((params.star_kwarg.name.value,
                             Mapping(tuple((k, v) for k, v in kwargs.items() if k not in taken))))
        return tuple(bindings)

    def call_function(self, fn: FunctionRef, args: List[Value], kwargs: Dict[str, Value],
                      instance: Optional[Value]) -> Value:
        bindings = self.bind(fn, args, kwargs, instance)
        if contains_yield(fn.node):
            return GeneratorCall(fn, bindings)
        if fn.ident in self.active or len(self.active) >= MAX_CALL_DEPTH:
            return Unknown(f"{fn.name}() is too deep or recursive to follow")
        frame = Frame(fn.module, dict(bindings), parent=getattr(fn, "closure", None), cls=fn.cls, exact=True)
        self.active.append(fn.ident)
        try:
            self.run_block(self._body(fn.node), frame, Hooks())
        finally:
            self.active.pop()
        returned = frame.local.get("<return>")
        if returned is None:
            return Scalar("none")
        return returned if frame.dead else join(returned, Scalar("none"))  # falling off the end returns None

    def next_calls(self, gen: GeneratorCall) -> List[Tuple["ModuleInfo", cst.Call]]:
        """The ``flow.next()`` calls following ``gen``'s batches met (after ``generator_element``)."""
        try:
            return self.flow_next_calls.get(_generator_key(gen), [])
        except TypeError:
            return []

    def generator_element(self, gen: GeneratorCall) -> Tuple[Value, List[Tuple[cst.CSTNode, Value, bool]]]:
        """What one ``next()`` of the generator gives: the join of every ``yield`` in its body."""
        key = _generator_key(gen)
        try:
            cached = self._generator_cache.get(key)
        except TypeError:
            cached, key = None, None  # type: ignore[assignment]
        if cached is not None:
            for recorder in self._next_calls:
                recorder.extend(self.flow_next_calls.get(key, []))
            return cached
        fn = gen.function
        if fn.ident in self.active or len(self.active) >= MAX_CALL_DEPTH:
            return Unknown(f"{fn.name}() is too deep or recursive to follow"), []
        frame = Frame(fn.module, dict(gen.bindings), parent=getattr(fn, "closure", None), cls=fn.cls, exact=True)
        hooks = Hooks()
        self.active.append(fn.ident)
        nexts: List[Tuple[ModuleInfo, cst.Call]] = []
        self._next_calls.append(nexts)
        try:
            self.run_block(self._body(fn.node), frame, hooks)
        finally:
            self.active.pop()
            self._next_calls.pop()
        if key is not None:
            self.flow_next_calls[key] = list({id(call): (module, call) for module, call in nexts}.values())
        result: Optional[Value] = None
        for _node, value, is_from in hooks.yields:
            if is_from:
                value = npm.element(self.iterate(value))
            result = value if result is None else join(result, value)
        outcome = (result if result is not None else Unknown(f"{fn.name}() never yields"), hooks.yields)
        if key is not None and not fn.module._evaluating:  # not from a module still half run
            self._generator_cache[key] = outcome
        return outcome

    def instantiate(self, cls: ClassRef, args: List[Value], kwargs: Dict[str, Value],
                    assume_defaults: bool = False) -> Instance:
        instance = Instance(cls, ())
        init = class_member(cls, "__init__")
        if not isinstance(init, cst.FunctionDef) or cls.ident in self.active:
            return instance
        fn = function_ref(cls.module, init, cls.node)
        bindings = self.bind(fn, args, kwargs, instance, assume_defaults)
        frame = Frame(cls.module, dict(bindings), cls=cls.node, exact=True)
        self.active.append(cls.ident)
        try:
            self.run_block(self._body(init), frame, Hooks())
        finally:
            self.active.pop()
        self_name = bindings[0][0] if bindings else "self"
        final = frame.local.get(self_name)
        return final if isinstance(final, Instance) else instance

    def self_instance(self, module: "ModuleInfo", cls: cst.ClassDef) -> Instance:
        """``self`` inside a method: attributes set by ``__init__`` called with its defaults."""
        key = id(cls)
        if key not in self._instance_cache:
            self._instance_cache[key] = self.instantiate(class_ref(module, cls), [], {}, assume_defaults=True)
        return self._instance_cache[key]


class ModuleValue:
    """A project module bound by ``import data``; attributes resolve in its environment."""

    def __init__(self, module: "ModuleInfo") -> None:
        self.module = module

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ModuleValue) and other.module is self.module

    def __hash__(self) -> int:
        return id(self.module)


# What ``isinstance(x, T)`` is for the values the analyzer knows the kind of (bool is an int too).
_KIND_TYPES = {"int": {"int"}, "bool": {"bool", "int"}, "float": {"float"}, "str": {"str"}, "none": set()}


def _isinstance(value: Value, types: Value) -> Scalar:
    """``isinstance(value, T)`` (or a tuple of types) for builtin types and values whose kind is proven."""
    names = [t.name for t in (types.items if isinstance(types, Seq) else (types,)) if isinstance(t, Builtin)]
    if not names or len(names) != (len(types.items) if isinstance(types, Seq) else 1) or \
            not set(names) <= {"int", "float", "str", "bool", "tuple", "list", "dict"}:
        return Scalar("bool")
    if isinstance(value, Scalar):
        kinds = _KIND_TYPES.get(value.kind)
        if kinds is None:
            return Scalar("bool")
        return Scalar("bool", bool(kinds & set(names)), value.assumed)
    if isinstance(value, Seq) and value.items:  # (an empty display may be a default a caller replaces)
        return Scalar("bool", value.kind in names, any(isinstance(i, Scalar) and i.assumed for i in value.items))
    if isinstance(value, Array):
        return Scalar("bool", False)  # an ndarray is none of these
    if isinstance(value, Mapping):
        return Scalar("bool", "dict" in names)
    return Scalar("bool")


def _generator_key(gen: GeneratorCall) -> tuple:
    """What a generator's batches depend on: its function and arguments, and which of those are a
    parameter's default (``assumed``, which equality ignores): a branch pruned on a value one call gives
    must not be pruned for a call that only defaults to it."""
    return (gen.function.ident, gen.bindings, tuple(_assumed_paths(value) for _, value in gen.bindings))


def _assumed_paths(value: Value, depth: int = 0) -> tuple:
    if isinstance(value, Scalar):
        return (value.assumed,)
    if depth > 3:
        return ()
    if isinstance(value, Seq):
        return tuple(_assumed_paths(item, depth + 1) for item in value.items)
    if isinstance(value, Mapping):
        return tuple(_assumed_paths(item, depth + 1) for _, item in value.items)
    if isinstance(value, Instance):
        return tuple(_assumed_paths(item, depth + 1) for _, item in value.attrs)
    return ()


def _membership(item: Value, container: Value, negate: bool) -> Scalar:
    """``item in (a, b, ...)`` of Python scalars the code spells out: known when every one is."""
    if isinstance(item, Scalar) and item.value is not None and isinstance(container, Seq) and \
            all(isinstance(c, Scalar) and c.value is not None for c in container.items):
        found = any(c.value == item.value and c.kind == item.kind for c in container.items)  # type: ignore[union-attr]
        assumed = item.assumed or any(c.assumed for c in container.items)  # type: ignore[union-attr]
        return Scalar("bool", found != negate, assumed)
    return Scalar("bool")


def widen(frame: Frame, names: Sequence[str]) -> None:
    """Before a loop: a number the loop body assigns is not known inside it (the analysis runs the body
    twice, a program as often as it likes), so no branch in the loop is pruned on its first value."""
    for name in names:
        value = frame.local.get(name)
        if isinstance(value, Scalar) and value.value is not None:
            frame.local[name] = Scalar(value.kind, None, value.assumed)


def _assigned_names(stmt: cst.CSTNode) -> List[str]:
    """Names a loop assigns (its target, assignments and augmented assignments in its body), not in
    nested functions or classes."""

    class Finder(walk.Visitor):
        def __init__(self) -> None:
            self.names: List[str] = []

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
            self.names.extend(_target_names(node.target))

        def visit_AugAssign(self, node: cst.AugAssign) -> None:
            self.names.extend(_target_names(node.target))

        def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
            self.names.extend(_target_names(node.target))

        def visit_For(self, node: cst.For) -> None:
            self.names.extend(_target_names(node.target))

        def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
            self.names.extend(_target_names(node.target))

    finder = Finder()
    walk.visit(stmt, finder)
    return finder.names


def _target_names(target: cst.BaseExpression) -> List[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [name for el in target.elements for name in _target_names(el.value)]
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return []


def _breaks(loop: cst.CSTNode) -> bool:
    """Whether a ``break`` of this loop (not of a loop nested in it) is in its body."""

    class Finder(walk.Visitor):
        found = False

        def visit_Break(self, node: cst.Break) -> None:
            self.found = True

        def visit_For(self, node: cst.For) -> bool:
            return False

        def visit_While(self, node: cst.While) -> bool:
            return False

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

    finder = Finder()
    for child in (loop.body.body if isinstance(loop.body, cst.IndentedBlock) else [loop.body]):  # type: ignore[attr-defined]
        walk.visit(child, finder)
    return finder.found


def _is_while_true(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.While) and isinstance(stmt.test, (cst.Name, cst.Integer)) and (
        getattr(stmt.test, "value", None) in ("True", "1"))


def _operator_text(op: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(op).strip()


def class_member(cls: ClassRef, name: str) -> Optional[cst.CSTNode]:
    """A method (FunctionDef) or a class-level assignment's value, following base classes in the module."""
    seen = set()
    current: Optional[ClassRef] = cls
    while current is not None and current.ident not in seen:
        seen.add(current.ident)
        for stmt in current.node.body.body if isinstance(current.node.body, cst.IndentedBlock) else []:
            if isinstance(stmt, cst.FunctionDef) and stmt.name.value == name:
                return stmt
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.Assign) and any(
                            isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets):
                        return small.value
        current = _local_base(current)
    return None


def _local_base(cls: ClassRef) -> Optional[ClassRef]:
    for base in cls.node.bases:
        if isinstance(base.value, cst.Name):
            found = cls.module.classes().get(base.value.value)
            if found is not None:
                return class_ref(cls.module, found)
    return None


def is_sequence_class(cls: ClassRef, interpreter: Optional[Interpreter] = None) -> bool:
    """A subclass (directly or through project classes) of ``keras.utils.Sequence`` or ``PyDataset``, or
    of Keras' image ``Iterator``, which is a Sequence in Keras 2.1 and later and a PyDataset in Keras 3."""
    return _keras_base(cls, interpreter) is not None


def is_keras_iterator_class(cls: ClassRef, interpreter: Optional[Interpreter] = None) -> bool:
    """A subclass of Keras' ``keras.preprocessing.image.Iterator``, whose batches are what its
    ``_get_batches_of_transformed_samples(index_array)`` returns."""
    return _keras_base(cls, interpreter) == "Iterator"


def _keras_iterator_name(name: str, module: "ModuleInfo") -> bool:
    """``name`` (a base class as written) is Keras' image ``Iterator``: imported from a Keras
    preprocessing module, or spelled through one (``keras.preprocessing.image.Iterator``)."""
    head, _, rest = name.partition(".")
    bound = module.imported_names().get(head, "")
    qualname = f"{bound}.{rest}" if bound and rest else bound
    parts = qualname.split(".")
    return len(parts) > 1 and parts[-1] == "Iterator" and parts[0] in ("keras", "tensorflow", "tf_keras",
                                                                         "keras_preprocessing") and \
        any(p in ("preprocessing", "keras_preprocessing") for p in parts[:-1])


def _keras_base(cls: ClassRef, interpreter: Optional[Interpreter] = None) -> Optional[str]:
    """Which Keras base ``cls`` derives from: "Sequence" (``Sequence`` / ``PyDataset``), "Iterator"
    (the image Iterator), or None."""
    seen = set()
    stack = [cls]
    while stack:
        current = stack.pop()
        if current.ident in seen:
            continue
        seen.add(current.ident)
        for base in current.node.bases:
            name = dotted_name(base.value) or ""
            if name.rsplit(".", 1)[-1] in _SEQUENCE_BASES:
                return "Sequence"
            if name.rsplit(".", 1)[-1] == "Iterator" and _keras_iterator_name(name, current.module):
                return "Iterator"
            head = name.split(".")[0]
            local = current.module.classes().get(name)
            if local is not None:
                stack.append(class_ref(current.module, local))
                continue
            if interpreter is not None and head:
                value = current.module.env().get(head)
                if isinstance(value, Ref):
                    resolved = interpreter.resolve_ref(value)
                    if isinstance(resolved, ClassRef):
                        stack.append(resolved)
    return None


# skimage.color conversions: float for any input; float64 for integer, bool and float64 images (every
# release), the input's own float type for float32 in 0.19 and later (float64 before): not proven then.
_SKIMAGE_COLOR = {"rgb2lab", "lab2rgb", "rgb2hsv", "hsv2rgb", "rgb2xyz", "xyz2rgb", "rgb2yuv", "yuv2rgb",
                  "rgb2hed", "hed2rgb", "rgb2ycbcr", "rgb2yiq", "rgb2luv", "luv2rgb", "lab2lch", "lch2lab",
                  "rgb2gray", "rgb2grey"}


def _skimage_float(source: Value, what: str) -> Optional[str]:
    """The float dtype skimage returns for ``source``, when every release agrees on it."""
    if isinstance(source, Array) and source.dtype is not None and (
            source.dtype == "float64" or source.dtype == "bool" or source.dtype.startswith(("int", "uint"))):
        return "float64"
    return None


def skimage(qualname: str, args: List[Value], kwargs: Dict[str, Value]) -> Value:
    """The scikit-image calls generators use, by their documented dtype and shape."""
    last = qualname.rsplit(".", 1)[-1]
    source = npm._literal_array(npm._arg(args, kwargs, 0, "image" if last == "resize" else "rgb"))
    if last in _SKIMAGE_COLOR and ".color" in qualname:
        if not isinstance(source, Array):
            return source
        dtype = _skimage_float(source, last)
        why = None if dtype else f"skimage's {last}() keeps a float32 image float32 since 0.19 (float64 before)"
        shape = source.shape
        if last in ("rgb2gray", "rgb2grey") and shape is not None:
            shape = shape[:-1] if shape else None
        return Array(dtype, shape, why if dtype is None else None)
    if last == "resize" and ".transform" in qualname:
        if not isinstance(source, Array):
            return source
        size = npm.as_shape(npm._arg(args, kwargs, 1, "output_shape"))
        shape = None
        if size is not None and source.shape is not None and len(size) <= len(source.shape):
            shape = tuple(size) + source.shape[len(size):]
        dtype = _skimage_float(source, last)
        why = None if dtype else "skimage's resize() keeps a float32 image float32 since 0.19 (float64 before)"
        return Array(dtype, shape, why)
    return Unknown(f"{qualname}() is not modelled")


def sklearn(qualname: str, args: List[Value], kwargs: Dict[str, Value]) -> Value:
    """The scikit-learn calls generators use."""
    last = qualname.rsplit(".", 1)[-1]
    if last == "LabelEncoder" and qualname.startswith("sklearn.preprocessing"):
        return LibraryInstance("sklearn.preprocessing.LabelEncoder")
    if qualname.startswith("sklearn.preprocessing.LabelEncoder."):
        if last == "fit":
            return LibraryInstance("sklearn.preprocessing.LabelEncoder")
        if last in ("fit_transform", "transform"):
            return Array("int64", (None,))  # np.searchsorted's intp: the index of each label in classes_
    if last == "train_test_split" and qualname.startswith(("sklearn.model_selection", "sklearn.cross_validation")):
        parts: List[Value] = []
        for array in args:
            if isinstance(array, Array):
                part: Value = Array(array.dtype, None if array.shape is None else (None,) + array.shape[1:], array.why)
            elif isinstance(array, ListOf):
                part = ListOf(array.elem)
            elif isinstance(array, Seq) and array.kind == "list":
                part = ListOf(npm.element(array))
            else:
                part = Unknown("train_test_split() of a value that is not an array or a list the analyzer can see")
            parts.extend([part, part])  # each array split in two, in order: train then test
        return Seq("list", tuple(parts))
    return Unknown(f"{qualname}() is not modelled")


def opencv(name: str, args: List[Value], kwargs: Dict[str, Value]) -> Value:
    """The OpenCV calls image generators use: images are uint8 arrays of rank 3 (colour) or 2 (grey)."""
    if name == "imread":
        flags = npm._arg(args, kwargs, 1, "flags", Scalar("int", 1))
        if isinstance(flags, Ref):
            flags = Scalar("int", {"IMREAD_COLOR": 1, "IMREAD_GRAYSCALE": 0}.get(flags.qualname.rsplit(".", 1)[-1]))
        if isinstance(flags, Scalar) and flags.value == 1:
            return Array("uint8", (None, None, 3))
        if isinstance(flags, Scalar) and flags.value == 0:
            return Array("uint8", (None, None))
        return Unknown("cv2.imread with flags that change the image's dtype or channels")
    source = args[0] if args else Unknown("no image")
    if name in ("flip", "GaussianBlur", "blur", "medianBlur", "equalizeHist"):
        return source
    if name == "resize" and isinstance(source, Array) and source.shape is not None and len(args) > 1:
        size = npm.as_shape(args[1])
        if size is not None and len(size) == 2:
            return Array(source.dtype, (size[1], size[0]) + source.shape[2:])
        return Array(source.dtype, (None, None) + source.shape[2:])
    if name == "cvtColor" and isinstance(source, Array) and len(args) > 1 and isinstance(args[1], Ref):
        conversion = args[1].qualname.rsplit(".", 1)[-1]
        # A colour image keeps its height and width (a packed YUV 4:2:0 one, of rank 2, does not).
        keeps = source.shape is not None and (len(source.shape) == 3 or conversion.startswith("COLOR_GRAY2"))
        size = source.shape[:2] if keeps else (None, None)  # type: ignore[index]
        if conversion.endswith("2GRAY"):
            return Array(source.dtype, size)
        if conversion.endswith(("2RGB", "2BGR", "2HSV", "2YUV", "2LAB", "2HLS", "2YCrCb")):
            return Array(source.dtype, size + (3,))
    if name == "split" and isinstance(source, Array):
        plane = Array(source.dtype, source.shape[:2] if source.shape is not None and len(source.shape) == 3 else None)
        channels = source.shape[2] if source.shape is not None and len(source.shape) == 3 else None
        return Seq("tuple", (plane,) * channels) if channels else ListOf(plane)
    if name == "merge" and args:
        planes = args[0]
        items = list(planes.items) if isinstance(planes, Seq) else None
        if items and all(isinstance(i, Array) and i.dtype == items[0].dtype for i in items):  # type: ignore[union-attr]
            first = items[0]
            size = first.shape[:2] if first.shape is not None and len(first.shape) == 2 else (None, None)  # type: ignore[union-attr]
            return Array(first.dtype, size + (len(items),))  # type: ignore[union-attr]
        return Unknown("cv2.merge() of planes the analyzer cannot count")
    if name in ("add", "subtract", "multiply", "divide", "absdiff", "addWeighted") and "dtype" not in kwargs:
        # OpenCV keeps the depth of its array operands (an array with a scalar: the array's).
        arrays = [a for a in args[:4 if name == "addWeighted" else 2] if isinstance(a, Array)]
        others = [a for a in args[:4 if name == "addWeighted" else 2] if not isinstance(a, Array)]
        if arrays and all(a.dtype == arrays[0].dtype for a in arrays) and all(isinstance(o, Scalar) for o in others) \
                and len(args) <= (5 if name == "addWeighted" else 2):
            return Array(arrays[0].dtype, arrays[0].shape)
    if name in ("warpPerspective", "warpAffine") and isinstance(source, Array) and len(args) > 2:
        size = npm.as_shape(args[2])
        rest = source.shape[2:] if source.shape is not None else None
        if size is not None and len(size) == 2 and rest is not None:
            return Array(source.dtype, (size[1], size[0]) + rest)
        return Array(source.dtype, None if rest is None else (None, None) + rest)
    if name in ("getPerspectiveTransform",):
        return Array("float64", (3, 3))
    if name in ("getRotationMatrix2D", "getAffineTransform"):
        return Array("float64", (2, 3))
    return Unknown(f"cv2.{name}() is not modelled")


def image_flow(method: str, gen: ImageGen, args: List[Value], kwargs: Dict[str, Value]) -> Value:
    """``ImageDataGenerator.flow*``: batches of float images, labels by ``class_mode``."""
    if method not in ("flow", "flow_from_directory", "flow_from_dataframe"):
        return Unknown(f"ImageDataGenerator.{method}() is not modelled")
    dtype = gen.dtype

    def kw(index: int, name: str, default: Value) -> Value:
        return npm._arg(args, kwargs, index, name, default)

    if method == "flow":
        # NumpyArrayIterator converts x to the generator's dtype and requires rank 4; y keeps its own.
        x = npm._literal_array(kw(0, "x", Unknown("x of flow()")))
        y = kw(1, "y", Scalar("none"))
        batch = kw(2, "batch_size", Scalar("int", 32))
        known = isinstance(x, Array) and x.shape is not None and len(x.shape) == 4
        x_spec = Array(dtype, (None,) + x.shape[1:] if known else (None, None, None, None))  # type: ignore[union-attr]
        weights = kw(4, "sample_weight", Scalar("none"))
        if not (isinstance(weights, Scalar) and weights.kind == "none"):
            return Flow(method, Unknown("flow() with sample_weight is not modelled"), batch)
        if isinstance(kw(0, "x", Scalar("none")), (Seq, ListOf)):
            return Flow(method, Unknown("flow() of a list of arrays (several inputs) is not modelled"), batch)
        if isinstance(y, Scalar) and y.kind == "none":
            return Flow(method, x_spec, batch)
        y_arr = npm._literal_array(y)
        if not isinstance(y_arr, Array):  # its batches are still (x, y) tuples
            return Flow(method, Seq("tuple", (x_spec, y_arr)), batch)
        y_spec = Array(y_arr.dtype, None if y_arr.shape is None else (None,) + y_arr.shape[1:])
        return Flow(method, Seq("tuple", (x_spec, y_spec)), batch)
    offset = 1 if method == "flow_from_directory" else 2  # dataframe(dataframe, directory, x_col, y_col, ...)
    target = kw(offset, "target_size", Seq("tuple", (Scalar("int", 256), Scalar("int", 256))))
    color = kw(offset + 1, "color_mode", Scalar("str", "rgb")) if method == "flow_from_directory" else kwargs.get(
        "color_mode", Scalar("str", "rgb"))
    classes = kw(offset + 2, "classes", Scalar("none")) if method == "flow_from_directory" else kwargs.get(
        "classes", Scalar("none"))
    class_mode = kw(offset + 3, "class_mode", Scalar("str", "categorical")) if method == "flow_from_directory" else kwargs.get(
        "class_mode", Scalar("str", "categorical"))
    batch = kw(offset + 4, "batch_size", Scalar("int", 32)) if method == "flow_from_directory" else kwargs.get(
        "batch_size", Scalar("int", 32))
    size = npm.as_shape(target)
    channels = {"rgb": 3, "grayscale": 1, "rgba": 4}.get(color.value if isinstance(color, Scalar) else None)
    x_spec: Value = Array(dtype, (None,) + tuple(size) + (channels,)) \
        if size is not None and len(size) == 2 and channels is not None else \
        Unknown("target_size or color_mode is not a literal")
    mode = class_mode.value if isinstance(class_mode, Scalar) else "?"
    n_classes = len(classes.items) if isinstance(classes, Seq) else None
    if mode == "categorical":
        return Flow(method, Seq("tuple", (x_spec, Array(dtype, (None, n_classes)))), batch)
    if mode in ("binary", "sparse"):
        return Flow(method, Seq("tuple", (x_spec, Array(dtype, (None,)))), batch)
    if mode == "input":
        return Flow(method, Seq("tuple", (x_spec, x_spec)), batch)
    if isinstance(class_mode, Scalar) and class_mode.kind == "none":
        return Flow(method, x_spec, batch)
    labels = Unknown(f"class_mode {mode!r} labels are not statically known" if mode is not None else
                     "the labels of a class_mode that is not a literal are not statically known")
    if isinstance(class_mode, Scalar) and class_mode.kind == "str":  # any class_mode but None makes (x, y)
        return Flow(method, Seq("tuple", (x_spec, labels)), batch)
    return Flow(method, labels, batch)


class ModuleInfo:
    """One parsed module: its tree, its final top-level environment, and the project it belongs to."""

    def __init__(self, module: cst.Module, path=None, project=None, name: str = "") -> None:
        self.module = module
        self.path = path
        self.project = project
        self.name = name or (str(path) if path else "<module>")
        self.interpreter: Interpreter = project.interpreter if project is not None else Interpreter()
        self._env: Optional[Dict[str, Value]] = None
        self._classes: Optional[Dict[str, cst.ClassDef]] = None
        self.unread_stars: List[str] = []  # star imports of modules neither the project nor the models tell
        self._globals: Optional[set] = None
        self._imports: Optional[Dict[str, str]] = None
        self._evaluating = False
        self._partial: Optional[Frame] = None

    def imported_names(self) -> Dict[str, str]:
        """Local name -> qualified name for the module's imports, read from the code (not run), anywhere
        at module level (a ``try`` around an import too)."""
        if self._imports is None:
            found: Dict[str, str] = {}

            class Finder(walk.Visitor):
                def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
                    return False

                def visit_ClassDef(self, node: cst.ClassDef) -> bool:
                    return False

                def visit_Import(self, node: cst.Import) -> None:
                    for alias in node.names:
                        qualname = module_dotted(alias.name)
                        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                            found[alias.asname.name.value] = qualname
                        else:
                            found.setdefault(qualname.split(".")[0], qualname.split(".")[0])

                def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
                    if isinstance(node.names, cst.ImportStar) or node.relative:
                        return
                    base = module_dotted(node.module)
                    for alias in node.names:
                        name = module_dotted(alias.name)
                        local = alias.asname.name.value if alias.asname is not None and \
                            isinstance(alias.asname.name, cst.Name) else name
                        found[local] = f"{base}.{name}"

            walk.visit(self.module, Finder())
            self._imports = found
        return self._imports

    def global_names(self) -> set:
        """Names some function of the module rebinds with ``global``: their module value is not every run's."""
        if self._globals is None:
            found: set = set()

            class Finder(walk.Visitor):
                def visit_Global(self, node: cst.Global) -> None:
                    found.update(item.name.value for item in node.names)

            walk.visit(self.module, Finder())
            self._globals = found
        return self._globals

    def classes(self) -> Dict[str, cst.ClassDef]:
        if self._classes is None:
            self._classes = {stmt.name.value: stmt for stmt in self.module.body if isinstance(stmt, cst.ClassDef)}
        return self._classes

    def env(self) -> Dict[str, Value]:
        """The names bound at module level once the module has run from top to bottom."""
        if self._env is None:
            if self._evaluating:
                # A function called while the module runs sees the names bound so far, as Python's does.
                return self._partial.local if self._partial is not None else {}
            self._evaluating = True
            frame = Frame(self, is_module=True)
            self._partial = frame
            try:
                self.interpreter.run_block(self.module.body, frame, Hooks())
            finally:
                self._partial = None
                self._evaluating = False
            self._env = frame.local
        return self._env

    def run_module(self, capture: Sequence[cst.CSTNode]) -> Hooks:
        hooks = Hooks(capture)
        frame = Frame(self, is_module=True)
        self.interpreter.run_block(self.module.body, frame, hooks)
        if self._env is None:
            self._env = frame.local
        return hooks
