"""A read-only walk over a LibCST tree, for the analysis's visitors: the same nodes in the same order as
``node.visit(visitor)``, without what a LibCST visit pays for a transformer's sake.

LibCST's ``visit`` rebuilds every node it passes (``_visit_and_replace_children`` constructs a new node and
validates it, even for a visitor that changes nothing) and visits every whitespace and punctuation node;
that made one visit cost about 0.7x parsing the file, and the analysis visited each module several
times. Here each node's children are read from its fields, in the order LibCST's own
``_visit_and_replace_children`` visits them (read from its source once per node class), and the fields
that only hold whitespace or punctuation (``TRIVIA_FIELDS``) are not entered: no visitor of ours looks
at a comment, a comma or an operator node. ``tests/test_walk.py`` holds the order to LibCST's.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from typing import Callable, Dict, List, Optional, Set, Tuple, Type

import libcst as cst

# Fields that hold whitespace, comments or punctuation only (never an expression, a statement or a name).
TRIVIA_FIELDS = frozenset({"lpar", "rpar", "comma", "semicolon", "leading_lines", "lines_after_decorators",
                           "header", "footer", "trailing_whitespace", "dot", "equal", "colon", "operator",
                           "lbracket", "rbracket", "lbrace", "rbrace", "newline", "asynchronous", "star_tok",
                           "relative", "first_colon", "second_colon", "trailing_comma", "comment", "empty_lines",
                           "leading_whitespace", "separator"})
_VISITED_FIELD = re.compile(r"visit_\w+\(\s*self,\s*\"(\w+)\"")
_FIELDS: Dict[type, Tuple[str, ...]] = {}


def child_fields(cls: type) -> Tuple[str, ...]:
    """The fields of ``cls`` that may hold code, in the order LibCST visits them."""
    names = _FIELDS.get(cls)
    if names is None:
        try:
            found = _VISITED_FIELD.findall(inspect.getsource(cls._visit_and_replace_children))  # type: ignore[attr-defined]
        except (OSError, TypeError):  # no source (a frozen install): the declared order
            found = [f.name for f in dataclasses.fields(cls)]
        ordered = tuple(dict.fromkeys(found))  # a field visited in two branches counts once
        names = tuple(name for name in ordered if name not in TRIVIA_FIELDS and not name.startswith("whitespace"))
        _FIELDS[cls] = names
    return names


def visit(node: cst.CSTNode, visitor: "Visitor") -> None:
    """``node.visit(visitor)`` for a read-only ``visitor``: ``on_visit`` (False: skip the children), then
    the children, then ``on_leave``, depth first in source order."""
    on_visit, on_leave = visitor.on_visit, visitor.on_leave
    fields = _FIELDS
    base = cst.CSTNode

    def go(current: cst.CSTNode) -> None:
        if on_visit(current):
            kind = type(current)
            names = fields.get(kind) or child_fields(kind)
            for name in names:
                child = getattr(current, name)
                if isinstance(child, base):
                    go(child)
                elif isinstance(child, (tuple, list)):
                    for item in child:
                        if isinstance(item, base):
                            go(item)
        on_leave(current)

    go(node)


def ancestors(root: cst.CSTNode, targets: Set[int]) -> Set[int]:
    """The ids of the nodes in ``targets`` (ids of nodes under ``root``) and of every node above them."""
    found: Set[int] = set()
    path: List[int] = []

    class _Path(Visitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            path.append(id(node))
            if path[-1] in targets:
                found.update(path)
            return True

        def on_leave(self, node: cst.CSTNode) -> None:
            path.pop()

    if targets:
        visit(root, _Path())
    return found


_Handler = Optional[Callable[..., object]]


class Visitor:
    """What ``cst.CSTVisitor`` offers a read-only visitor: ``visit_<Node>`` (return False to skip the
    children), ``leave_<Node>``, or ``on_visit`` / ``on_leave`` overridden. Walked by ``visit``."""

    _handlers: Dict[Tuple[str, type], _Handler]

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls._handlers = {}

    @classmethod
    def _handler(cls, prefix: str, kind: type) -> _Handler:
        key = (prefix, kind)
        try:
            return cls._handlers[key]
        except KeyError:
            handler = getattr(cls, prefix + kind.__name__, None)
            cls._handlers[key] = handler
            return handler

    def on_visit(self, node: cst.CSTNode) -> bool:
        handler = self._handler("visit_", type(node))
        if handler is None:
            return True
        result = handler(self, node)
        return True if result is None else bool(result)

    def on_leave(self, node: cst.CSTNode) -> None:
        handler = self._handler("leave_", type(node))
        if handler is not None:
            handler(self, node)


Visitor._handlers = {}


def node_classes() -> Tuple[Type[cst.CSTNode], ...]:
    """Every concrete node class LibCST exports (for the tests)."""
    return tuple(obj for obj in vars(cst).values()
                 if isinstance(obj, type) and issubclass(obj, cst.CSTNode) and not inspect.isabstract(obj)
                 and dataclasses.is_dataclass(obj) and hasattr(obj, "_visit_and_replace_children")
                 and not obj.__name__.startswith("Base"))
