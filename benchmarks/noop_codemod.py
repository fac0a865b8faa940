"""A codemod that changes nothing: what LibCST's own CLI costs to parse, visit and re-print a tree.

    python -m libcst.tool codemod -x benchmarks.noop_codemod.NoOpCommand --no-format -u 0 PATH
"""

from libcst.codemod import VisitorBasedCodemodCommand


class NoOpCommand(VisitorBasedCodemodCommand):
    DESCRIPTION = "Visits every file and changes nothing (a benchmark baseline)."
