"""Lists made tuples in a module other than the one migrated, from the ranges its analysis recorded
(``outcomes.EditElsewhere``): the same rewrite as in the migrated module (``transformer``), found again
by position in a fresh parse of the bytes the analysis read."""

from __future__ import annotations

from typing import Dict, Iterable, Optional, Tuple

import libcst as cst

from fitmigrate.analysis.positions import Positions

Span = Tuple[str, int, int, int, int]


def apply_edits(data: bytes, spans: Iterable[Span]) -> Optional[bytes]:
    """``data`` with each span's list made a tuple; None when a span names no node of that kind, or the
    result would not keep every other byte or would not parse."""
    from fitmigrate.migrate import splice
    from fitmigrate.rewrite.transformer import MigrationTransformer

    try:
        module = cst.parse_module(data)
    except Exception:
        return None
    wanted = set(spans)
    positions = Positions(module)
    found: Dict[Span, int] = {}

    class Finder(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if isinstance(node, cst.BaseExpression):
                kind = type(node).__name__ if isinstance(node, (cst.List, cst.ListComp)) else "Expression"
                where = positions[node]
                key = (kind, where.start.line, where.start.column, where.end.line, where.end.column)
                if key in wanted and key not in found:  # the outermost node of that range, as the analysis has it
                    found[key] = id(node)
            return True

    module.visit(Finder())
    if len(found) != len(wanted):
        return None
    transformer = MigrationTransformer([])
    transformer.lists = set(found.values())
    new = module.visit(transformer).bytes
    roundtrip = module.bytes
    if roundtrip != data:
        spliced = splice(data, roundtrip, new)
        if spliced is None:
            return None
        new = spliced
    try:
        cst.parse_module(new)
    except Exception:
        return None
    return new
