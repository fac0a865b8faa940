"""Whether a Sequence's batches hold tuples and dicts all the way down, as Keras 3 needs them to.

Legacy Keras read a list inside a batch like a tuple (``return X, [y1, y2]``, ``return [word_ids,
char_ids], y``); Keras 3's PyDataset adapter raises ``TypeError: output_signature must contain objects
that are subclass of tf.TypeSpec but found <class 'list'>`` at the first batch (a list that *is* the
batch it turns into a tuple itself). So a Sequence is passed to ``fit`` as it is only when what its
``__getitem__`` returns is proven: every container a tuple or a dict, every leaf an array or a number.
Lists it finds are turned into tuples where that is exact:

- a list display or comprehension written in the ``return`` of ``__getitem__`` (``[a, b]`` -> ``(a, b)``,
  ``[f(i) for i in range(n)]`` -> ``tuple(f(i) for i in range(n))``), or assigned to a local name that
  is used nowhere else but in a ``return`` (and ``len()``, iteration, reading an item: what a tuple
  does alike);
- any other list that is one part of the returned tuple (made by a method, by a preprocessor's
  ``transform``, grown with ``append``) is converted where it is returned: ``return
  tuple(self.p.transform(x)), y``. The function that made it is left alone: other code may call it.

Anything else (a list nested inside a value made elsewhere, a leaf the interpreter cannot prove, a
``__getitem__`` in another module that needs an edit the caller may not make there) is a reason to
refuse, returned in words. Edits in another module are the caller's to allow: ``analysis.elsewhere``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Set

import libcst as cst

from fitmigrate.analysis import walk
from fitmigrate.analysis.plans import short
from fitmigrate.analysis.evaluate import Frame, Hooks, Interpreter, class_member, is_keras_iterator_class
from fitmigrate.analysis.values import (
    Array,
    ClassRef,
    ListOf,
    Mapping,
    Scalar,
    Seq,
    SequenceInstance,
    Unknown,
    Value,
    describe,
    function_ref,
)

# What a tuple does exactly as a list does, for a local name whose list display becomes a tuple.
_READING_CALLS = {"len"}


@dataclass
class BatchProof:
    """The edits that make every batch hold tuples (``cst.List``: a tuple display; ``cst.ListComp``:
    ``tuple(...)`` of the comprehension; any other expression: wrapped in ``tuple(...)``), or the
    reason the batches are not proven (``problem``)."""

    rewrites: List[cst.CSTNode] = field(default_factory=list)
    problem: Optional[str] = None
    label: str = ""  # the method the batches were read from: ``Cls.__getitem__``
    # The problem is that Keras 3 would not read the batches the legacy code read at all (not a list).
    unread: bool = False
    # The rewrites are in the class's own module, another module of the project (``analysis.elsewhere``).
    elsewhere: bool = False
    owner: str = ""  # the class whose ``__getitem__`` holds the rewrites


def prove_batches(interpreter: Interpreter, value: SequenceInstance, editable,
                  where: Callable[[cst.CSTNode], str], edit_elsewhere: bool = False) -> BatchProof:
    """What ``value``'s ``__getitem__`` returns, proven list-free after the edits (which are made only in
    ``editable``, the module being migrated, or with ``edit_elsewhere`` in the class's own module too:
    the caller then decides whether that module may be written). ``where(node)`` says where a node is,
    for the messages."""
    cls = value.cls
    getitem = class_member(cls, "__getitem__")
    label = f"{cls.name}.__getitem__"
    argument: Value = Scalar("int")
    if is_keras_iterator_class(cls, interpreter) and not isinstance(getitem, cst.FunctionDef):
        # Keras' image Iterator: its own __getitem__ (Keras 2.1 and later, Keras 3) returns
        # _get_batches_of_transformed_samples(index_array) for a slice of its index array.
        for name in ("next", "__next__"):
            if isinstance(class_member(cls, name), cst.FunctionDef):
                return BatchProof(problem=f"{cls.name} overrides {name}(), which Keras 3 never calls (its Iterator "
                                          "reads each batch through __getitem__ and "
                                          "_get_batches_of_transformed_samples): build the batch in "
                                          "_get_batches_of_transformed_samples(self, index_array) instead",
                                  unread=True)
        getitem = class_member(cls, "_get_batches_of_transformed_samples")
        label = f"{cls.name}._get_batches_of_transformed_samples"
        argument = Array("int64", (None,))
        if not isinstance(getitem, cst.FunctionDef):
            return BatchProof(problem=f"{cls.name} defines no _get_batches_of_transformed_samples the analyzer "
                                      "reads, which Keras' Iterator builds every batch with", unread=True)
    if not isinstance(getitem, cst.FunctionDef):
        return BatchProof(problem=f"{cls.name} has no __getitem__ in code the analyzer reads (it is inherited "
                                  "from a class outside the module)")
    owner = _owner(cls, getitem)
    returns = _return_lines(getitem)
    if not returns:
        return BatchProof(problem=f"{label} returns no batch the analyzer can see")
    instance = value.instance if value.instance is not None else \
        interpreter.self_instance(cls.module, cls.node)
    fn = function_ref(cls.module, getitem, owner.node)
    bindings = interpreter.bind(fn, [argument], {}, instance)
    frame = Frame(cls.module, dict(bindings), cls=owner.node, exact=True)
    hooks = Hooks([line for line, _ in returns])
    if fn.ident in interpreter.active:
        return BatchProof(problem=f"{label} calls itself")
    interpreter.active.append(fn.ident)
    try:
        interpreter.run_block(interpreter._body(getitem), frame, hooks)
    finally:
        interpreter.active.pop()

    names = _LocalNames(getitem)
    elsewhere = cls.module is not editable
    checker = _Checker(interpreter, label, not elsewhere or edit_elsewhere, where)
    for line, ret in returns:
        at = hooks.captured.get(id(line))
        if at is None:
            return BatchProof(problem=f"{label}'s `{short(ret, 60)}`{where(ret)} is not reached by the analysis")
        at = at.copy()
        for small in line.body:  # statements before the return on the same line
            if small is ret:
                break
            interpreter.run_small(small, at, Hooks())
        assert ret.value is not None
        checker.fresh = set(_display_lists(ret.value))
        for name in _returned_names(ret.value):
            assigned = names.list_displays(name)
            if assigned is not None:
                for node in assigned:
                    checker.fresh.update(_display_lists(node))
        checker.expression(ret.value, interpreter.eval(ret.value, at), 0)
        if checker.problem is not None:
            return BatchProof(problem=checker.problem)
    rewrites = list(dict.fromkeys(checker.rewrites))
    return BatchProof(rewrites=rewrites, label=label, elsewhere=elsewhere and bool(rewrites), owner=owner.name)


def sequence_element(interpreter: Interpreter, value: SequenceInstance) -> Value:
    """What one batch of the Sequence is: its ``__getitem__`` called with an int index on the object its
    constructor call made (``self`` with ``__init__``'s defaults when that call was not seen)."""
    cls = value.cls
    getitem = class_member(cls, "__getitem__")
    if not isinstance(getitem, cst.FunctionDef):
        return Unknown(f"{cls.name} has no __getitem__ in code the analyzer reads")
    instance = value.instance if value.instance is not None else interpreter.self_instance(cls.module, cls.node)
    fn = function_ref(cls.module, getitem, _owner(cls, getitem).node)
    return interpreter.call_function(fn, [Scalar("int")], {}, instance)


class _Checker:
    def __init__(self, interpreter: Interpreter, label: str, editable: bool,
                 where: Callable[[cst.CSTNode], str]) -> None:
        self.interpreter = interpreter
        self.label = label
        self.editable = editable
        self.where = where
        self.fresh: Set[int] = set()
        self.rewrites: List[cst.CSTNode] = []
        self.problem: Optional[str] = None

    def _edit(self, node: cst.CSTNode) -> None:
        if not self.editable:
            self._fail(f"{self.label} returns a list inside its batch (`{short(node, 60)}`), and the class is in another "
                       "module, which this run does not edit: return tuples there")
        else:
            self.rewrites.append(node)

    def _fail(self, problem: str) -> None:
        if self.problem is None:
            self.problem = problem

    def expression(self, expr: cst.BaseExpression, value: Value, depth: int) -> None:
        """A part of a ``return`` expression with its value: displays are followed part by part, so that
        a list made elsewhere can be converted where it is returned."""
        if isinstance(expr, (cst.Tuple, cst.List)) and isinstance(value, Seq) and \
                not any(isinstance(el, cst.StarredElement) for el in expr.elements) and \
                len(value.items) == len(expr.elements):
            if isinstance(expr, cst.List) and depth > 0:
                self._edit(expr)
            for element, item in zip(expr.elements, value.items):
                self.expression(element.value, item, depth + 1)
            return
        if isinstance(expr, cst.Dict) and isinstance(value, Mapping) and \
                all(isinstance(el, cst.DictElement) for el in expr.elements) and len(value.items) == len(expr.elements):
            for element, (_, item) in zip(expr.elements, value.items):
                self.expression(element.value, item, depth + 1)  # type: ignore[union-attr]
            return
        self.value(value, depth, expr if depth > 0 else None)

    def value(self, value: Value, depth: int, returned: Optional[cst.BaseExpression] = None,
              made_by: str = "") -> None:
        """``returned``: the expression this value is one part of the returned tuple as, where a list
        can be converted; None deeper inside."""
        if self.problem is not None:
            return
        if isinstance(value, Seq) and value.kind == "tuple":
            for item in value.items:
                self.value(item, depth + 1)
        elif isinstance(value, Mapping):
            for _, item in value.items:
                self.value(item, depth + 1)
        elif isinstance(value, (Seq, ListOf)):
            items = value.items if isinstance(value, Seq) else (value.elem,)
            node = value.node
            if depth == 0:
                pass  # the batch itself: Keras 3 turns a list batch into a tuple
            elif node is not None and id(node) in self.fresh:
                self._edit(node)
            elif returned is not None:
                self._edit(returned)
            else:
                made = f", `{short(node, 60)}`{self.where(node)}," if node is not None else ""
                self._fail(f"{self.label} returns a batch with a list nested in a part made elsewhere{made} which "
                           "cannot be turned into a tuple where it is returned: make it a tuple where it is built")
                return
            for item in items:
                self.value(item, depth + 1)
        elif isinstance(value, (Array, Scalar)):
            return
        else:
            what = f"`{short(returned, 60)}`{self.where(returned)}" if returned is not None else "a part of its batch"
            reason = describe(value) if isinstance(value, Unknown) else f"it is a {type(value).__name__}"
            self._fail(f"{what} in what {self.label} returns is not proven to be an array, a number, a tuple or a "
                       f"dict ({reason}), so it may be a list")


def _owner(cls: ClassRef, method: cst.FunctionDef) -> ClassRef:
    """The class (``cls`` or a base in its module) whose body defines ``method``."""
    from fitmigrate.analysis.evaluate import _local_base

    seen, current = set(), cls
    while current is not None and current.ident not in seen:
        seen.add(current.ident)
        body = current.node.body.body if isinstance(current.node.body, cst.IndentedBlock) else ()
        if any(stmt is method for stmt in body):
            return current
        current = _local_base(current)
    return cls


class _ReturnLines(walk.Visitor):
    """The lines holding a ``return <value>`` of one function, not of the functions nested in it."""

    def __init__(self, root: cst.FunctionDef) -> None:
        self.root = root
        self.found: List[tuple] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return node is self.root

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        for small in node.body:
            if isinstance(small, cst.Return) and small.value is not None:
                self.found.append((node, small))
        return False


def _return_lines(fn: cst.FunctionDef) -> List[tuple]:
    finder = _ReturnLines(fn)
    walk.visit(fn, finder)
    return finder.found


def _display_lists(expr: cst.BaseExpression) -> List[int]:
    """The ids of the list displays and comprehensions that make up ``expr``'s structure: reached through
    tuple, list and dict displays and a comprehension's element, never through a call."""
    found: List[int] = []
    if isinstance(expr, (cst.List, cst.Tuple)):
        if isinstance(expr, cst.List):
            found.append(id(expr))
        for element in expr.elements:
            found.extend(_display_lists(element.value))
    elif isinstance(expr, cst.Dict):
        for element in expr.elements:
            if isinstance(element, cst.DictElement):
                found.extend(_display_lists(element.value))
    elif isinstance(expr, cst.ListComp):
        found.append(id(expr))
        found.extend(_display_lists(expr.elt))
    return found


def _returned_names(expr: cst.BaseExpression) -> List[str]:
    """Names that are parts of a returned display (``inputs`` in ``return inputs, y``)."""
    if isinstance(expr, cst.Name):
        return [expr.value]
    if isinstance(expr, (cst.List, cst.Tuple)):
        return [name for el in expr.elements for name in _returned_names(el.value)]
    if isinstance(expr, cst.Dict):
        return [name for el in expr.elements if isinstance(el, cst.DictElement) for name in _returned_names(el.value)]
    return []


class _LocalNames(walk.Visitor):
    """How each name is used in one function: a name whose every binding is a list or tuple display (or a
    list comprehension) and whose every other use is one a tuple serves alike (a part of a ``return``,
    ``len()``, iteration, reading an item) may have its displays made tuples."""

    def __init__(self, fn: cst.FunctionDef) -> None:
        self.fn = fn
        self.assigned: Dict[str, List[cst.BaseExpression]] = {}
        self.unsafe: Set[str] = set()
        self._stack: List[cst.CSTNode] = []
        self._nested = 0
        walk.visit(fn.body, self)

    def list_displays(self, name: str) -> Optional[List[cst.BaseExpression]]:
        """The displays bound to ``name``, when all may become tuples; None otherwise."""
        values = self.assigned.get(name)
        if not values or name in self.unsafe:
            return None
        return values

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            self._nested += 1
        if isinstance(node, cst.Name):
            self._use(node)
        self._stack.append(node)
        return True

    def on_leave(self, node: cst.CSTNode) -> None:
        self._stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            self._nested -= 1

    def _use(self, node: cst.Name) -> None:
        name = node.value
        parents = self._stack
        parent = parents[-1] if parents else None
        grand = parents[-2] if len(parents) > 1 else None
        if self._nested:
            self.unsafe.add(name)
        elif isinstance(parent, cst.AssignTarget) and parent.target is node and isinstance(grand, cst.Assign):
            if isinstance(grand.value, (cst.List, cst.Tuple, cst.ListComp)) and len(grand.targets) == 1:
                self.assigned.setdefault(name, []).append(grand.value)
            else:
                self.unsafe.add(name)
        elif isinstance(parent, cst.Arg) and parent.value is node and isinstance(grand, cst.Call) and \
                isinstance(grand.func, cst.Name) and grand.func.value in _READING_CALLS:
            pass
        elif isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is node:
            pass
        elif isinstance(parent, cst.Subscript) and parent.value is node and not self._stored(len(parents) - 1):
            pass
        elif self._returned(node):
            pass
        elif isinstance(parent, cst.Attribute) and parent.attr is node:
            pass  # ``x.name``: an attribute's name, not a use of a local
        elif isinstance(parent, (cst.Arg,)) and parent.keyword is node:
            pass
        else:
            self.unsafe.add(name)

    def _stored(self, index: int) -> bool:
        """Whether the node at ``self._stack[index]`` is written to (``x[i] = v``, ``del x[i]``, ``x[i] += v``)."""
        node = self._stack[index]
        parent = self._stack[index - 1] if index > 0 else None
        return isinstance(parent, cst.AssignTarget) and parent.target is node or \
            isinstance(parent, cst.AugAssign) and parent.target is node or \
            isinstance(parent, cst.Del)

    def _returned(self, node: cst.Name) -> bool:
        """The name is a part of a returned display: ``return inputs, y``."""
        child: cst.CSTNode = node
        for parent in reversed(self._stack):
            if isinstance(parent, cst.Return):
                return parent.value is child
            if isinstance(parent, (cst.Element, cst.DictElement)) and parent.value is child or \
                    isinstance(parent, (cst.Tuple, cst.List, cst.Dict)):
                child = parent
                continue
            return False
        return False

