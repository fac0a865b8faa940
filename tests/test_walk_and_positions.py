"""The analysis's own walk and positions agree with LibCST's on real files: the same nodes in the same
order as ``node.visit``, the same range for every node as ``PositionProvider`` (they replace both to
make a parsed file cheaper; any disagreement would move a finding or change what a visitor collects)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from fitmigrate.analysis import walk
from fitmigrate.analysis.positions import Positions

ROOT = Path(__file__).resolve().parent.parent
# Real files of every shape this repository holds: the case files (legacy code, CRLF, odd layouts), the
# golden projects, fitmigrate's own source (large modules, nested classes, f-strings, match).
FILES = sorted({*ROOT.glob("tests/cases/*.py"), *ROOT.glob("tests/golden/*/*.py"), *ROOT.glob("fitmigrate/**/*.py"),
                *ROOT.glob("tests/equivalence_cases/*.py")})
EXTRA = {
    "crlf_and_cr.py": "x = 1\r\ny = [1,\r\n     2]\rz = f(a=1)  # c\r\n",
    "match_and_lambda.py": ("match p:\n    case [1, *rest] | {'k': v, **kw}:\n        pass\n"
                            "f = lambda a, *b, c=1, **d: (a if b else c)[1:2:3]\n"
                            "async def g():\n    async with a as (b, c):\n        await x\n    return [i async for i in y]\n"),
    "decorated.py": "@d(1)\n@e.f\nclass A(B, metaclass=M):\n    x: int = 3\n    def f(self, /, a, *, b): ...\n",
    "no_trailing_newline.py": "import a as b, c.d\nfrom . import (e,\n  f as g)\nprint(1)",
}

# What the walk does not enter: whitespace, comments and punctuation (no visitor of ours reads them).
TRIVIA = (cst.BaseParenthesizableWhitespace, cst.Comment, cst.Newline, cst.EmptyLine, cst.TrailingWhitespace,
          cst.LeftParen, cst.RightParen, cst.LeftSquareBracket, cst.RightSquareBracket, cst.LeftCurlyBrace,
          cst.RightCurlyBrace, cst.Comma, cst.Dot, cst.Colon, cst.Semicolon, cst.AssignEqual, cst.BaseBinaryOp,
          cst.BaseUnaryOp, cst.BaseBooleanOp, cst.BaseCompOp, cst.BaseAugOp, cst.Asynchronous, cst.BitOr)


def sources():
    for path in FILES:
        yield pytest.param(path.read_bytes(), id=str(path.relative_to(ROOT)))
    for name, text in EXTRA.items():
        yield pytest.param(text.encode(), id=name)


SOURCES = list(sources())


class _LibcstOrder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.events: List[Tuple[str, cst.CSTNode]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.events.append(("visit", node))
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.events.append(("leave", original_node))


class _WalkOrder(walk.Visitor):
    def __init__(self) -> None:
        self.events: List[Tuple[str, cst.CSTNode]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.events.append(("visit", node))
        return True

    def on_leave(self, node: cst.CSTNode) -> None:
        self.events.append(("leave", node))


@pytest.mark.parametrize("data", SOURCES)
def test_walk_visits_what_libcst_visits_in_its_order(data):
    module = cst.parse_module(data)
    theirs, ours = _LibcstOrder(), _WalkOrder()
    module.visit(theirs)
    walk.visit(module, ours)
    expected = [(kind, id(node)) for kind, node in theirs.events if not isinstance(node, TRIVIA)]
    assert [(kind, id(node)) for kind, node in ours.events] == expected


def test_a_visitor_that_returns_false_skips_the_children_but_still_leaves():
    module = cst.parse_module(b"def f():\n    g(h(1))\nk(2)\n")
    seen = []

    class Calls(walk.Visitor):
        def visit_FunctionDef(self, node):
            return False

        def visit_Call(self, node):
            seen.append(cst.Module([]).code_for_node(node))

        def leave_FunctionDef(self, node):
            seen.append("left " + node.name.value)

    walk.visit(module, Calls())
    assert seen == ["left f", "k(2)"]


@pytest.mark.parametrize("data", SOURCES)
def test_positions_are_position_providers_for_every_node(data):
    module = cst.parse_module(data)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    ours = Positions(module)
    wrong = [(type(node).__name__, want, ours[node]) for node, want in expected.items() if ours[node] != want]
    assert wrong == []


def test_a_node_of_another_module_has_no_position():
    ours = Positions(cst.parse_module(b"x = 1\n"))
    with pytest.raises(KeyError):
        ours[cst.Name("x")]


@pytest.mark.parametrize("data", SOURCES[:40] + SOURCES[-len(EXTRA):])
def test_the_positions_code_is_the_modules_code(data):
    module = cst.parse_module(data)
    assert Positions(module).code() == module.code
