"""Where nodes are, as ``PositionProvider`` says, for a fraction of its cost.

LibCST's ``PositionProvider`` regenerates the module's code and, for every token, splits it on newlines
to track the line and column, and for every node builds two positions, a range and a context manager:
over twice the cost of parsing the file, paid on every parsed file although only a handful of nodes
are ever reported or laid out. Here the same code generation runs with a state that only counts
characters and keeps each node's start and end offsets (the syntactic ones where LibCST records them,
hoisted from the same child nodes); lines and columns are computed from the offsets of the nodes asked
for. ``tests/test_positions.py`` holds every node's range to ``PositionProvider``'s.
"""

from __future__ import annotations

import bisect
import re
from typing import Dict, List, Optional, Tuple

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst._position import CodePosition, CodeRange

_NEWLINE = re.compile(r"\r\n?|\n")


class _Syntactic:
    """``record_syntactic_position``'s context: the offsets around the node's own code."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: "_OffsetState", node: cst.CSTNode, start_node: Optional[cst.CSTNode],
                 end_node: Optional[cst.CSTNode]) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = self.state.offset

    def __exit__(self, *exc: object) -> None:
        ranges = self.state.ranges
        start = ranges[id(self.start_node)][0] if self.start_node is not None else self.start
        end = ranges[id(self.end_node)][1] if self.end_node is not None else self.state.offset
        ranges[id(self.node)] = (start, end)


class _OffsetState(CodegenState):
    def __init__(self, module: cst.Module) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.offset = 0
        self.ranges: Dict[int, Tuple[int, int]] = {}
        self._starts: List[int] = []
        self.popped: List[str] = []

    def pop_trailing_newline(self) -> None:
        if self.tokens:  # positions were counted with it: so are the lines
            self.popped.append(self.tokens[-1])
        super().pop_trailing_newline()

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        for token in self.indent_tokens:
            self.offset += len(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        self.offset += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self._starts.append(self.offset)

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self._starts.pop()
        key = id(node)
        if key not in self.ranges:  # a syntactic range recorded inside is kept, as PositionProvider keeps it
            self.ranges[key] = (start, self.offset)

    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: Optional[cst.CSTNode] = None,
                                  end_node: Optional[cst.CSTNode] = None) -> _Syntactic:  # type: ignore[override]
        return _Syntactic(self, node, start_node, end_node)


class Positions:
    """``positions[node]`` is the node's ``CodeRange``, as ``MetadataWrapper(module).resolve(PositionProvider)``
    gives it. The module is generated once, on the first lookup."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self._ranges: Optional[Dict[int, Tuple[int, int]]] = None
        self._line_starts: List[int] = []
        self._cache: Dict[int, CodeRange] = {}
        self._code = ""

    def _compute(self) -> Dict[int, Tuple[int, int]]:
        state = _OffsetState(self.module)
        self.module._codegen(state)
        # Lines as PositionProvider counts them: token by token (a "\r" and a "\n" in two tokens are two).
        starts = [0]
        offset = 0
        for token in state.tokens + state.popped:
            if "\n" in token or "\r" in token:
                for match in _NEWLINE.finditer(token):
                    starts.append(offset + match.end())
            offset += len(token)
        self._line_starts = starts
        self._ranges = state.ranges
        self._code = "".join(state.tokens)
        return state.ranges

    def code(self) -> str:
        """``module.code``: the code the positions were counted on."""
        if self._ranges is None:
            self._compute()
        return self._code

    def _position(self, offset: int) -> CodePosition:
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return CodePosition(index + 1, offset - self._line_starts[index])

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        key = id(node)
        found = self._cache.get(key)
        if found is None:
            ranges = self._ranges if self._ranges is not None else self._compute()
            start, end = ranges[key]  # KeyError for a node not in the module, as PositionProvider's mapping
            found = self._cache[key] = CodeRange(self._position(start), self._position(end))
        return found

    def __contains__(self, node: object) -> bool:
        ranges = self._ranges if self._ranges is not None else self._compute()
        return id(node) in ranges
