"""The second prefilter: files that pass a byte prefilter only because of text that may not be code,
decided with Python's own ``ast`` before LibCST is paid for (its C parser builds a tree about five times
faster, and most such files need nothing more).

Two kinds of file get here, neither holding a legacy call nor ``from_generator``:

- near misses of ``check``: ``yield`` and a ``.fit(`` / ``.evaluate(`` / ``.predict(`` somewhere. Such a file can
  only get findings from the hazard rules on an already modern call (``fitmigrate.analysis.hazards``): a
  Keras 1 or Keras 3-rejected keyword on it, or a data argument that evaluates to a generator, a ``zip``
  or a dataset. It is parsed unless every such call's data is plainly numpy calls on constants (or
  names bound only to them) and no flagged keyword is given.
- files whose Keras 3 break names (``files.KERAS3_LEGACY_BYTES``) may appear only in comments and strings:
  the rules of ``fitmigrate.analysis.keras3_breaks`` start from code, so the regex is run again on the
  code alone (``ast.unparse`` of the tree with its strings blanked, but for the optimizer names one rule
  reads in a string).

Anything ``ast`` cannot read (a syntax error, an unknown encoding) goes to LibCST, which reports it as it
always did. Nothing here imports LibCST.
"""

from __future__ import annotations

import ast
import re
import warnings
from typing import Dict, List, Optional, Set

from fitmigrate.files import CANDIDATE_NAMES, KERAS3_LEGACY_BYTES, may_hold_keras3_break

MODERN_METHODS = ("fit", "evaluate", "predict")
# `.fit(`, with anything Python allows between the tokens (spaces, line breaks, continuations, comments).
# (A comment runs to its line's end, so each stretch has one reading: no backtracking on long comments.)
MODERN_CALL_BYTES = re.compile(rb"\.(?:[\s\\]|#[^\n]*\n)*(?:fit|evaluate|predict)(?:[\s\\]|#[^\n]*\n)*\(")
# Keywords the hazard rules flag on a modern call (FM306, FM307; fitmigrate.analysis.hazards reads them
# from here, so that deciding a near miss imports no LibCST): Keras 1 names, and what Keras 3's fit rejects.
KERAS1_CALL_ARGS = {"nb_epoch": "epochs", "samples_per_epoch": "steps_per_epoch", "nb_val_samples": "validation_steps",
                    "val_samples": "steps", "nb_worker": None, "pickle_safe": None, "max_q_size": None}
KERAS3_REJECTED_ARGS = ("workers", "use_multiprocessing", "max_queue_size")
FLAGGED_KEYWORDS = frozenset(KERAS1_CALL_ARGS) | frozenset(KERAS3_REJECTED_ARGS)
HAZARD_BYTES = (b"from_generator", b"nb_epoch", b"samples_per_epoch", b"nb_val_samples", b"max_q_size",
                b"nb_worker", b"workers", b"max_queue_size", b"use_multiprocessing")
DATA_KEYWORDS = ("x", "validation_data")
# Module roots whose calls the interpreter models as arrays and never resolves into the project.
ARRAY_ROOTS = ("numpy",)


def holds_legacy_name(data: bytes) -> bool:
    return any(name in data for name in CANDIDATE_NAMES)


def may_be_near_miss(data: bytes) -> bool:
    """The byte test for a near miss: what the hazard rules on modern calls need, as text."""
    if b"yield" not in data and not any(name in data for name in HAZARD_BYTES):
        return False
    return MODERN_CALL_BYTES.search(data) is not None


def may_hold_finding(data: bytes) -> bool:
    """The byte prefilter of ``check`` (False: nothing to say about the file); ``worth_checking`` decides
    the files it lets through that hold no legacy name, before LibCST."""
    if holds_legacy_name(data) or b"from_generator" in data or may_hold_keras3_break(data):
        return True
    return may_be_near_miss(data)


def worth_checking(data: bytes) -> bool:
    """Whether ``check`` must parse a file that passed its byte prefilter (False: no finding is possible)."""
    if holds_legacy_name(data) or b"from_generator" in data:
        return True
    tree = code_tree(data)
    if tree is None:
        return True
    scan = _Scan(tree)
    if may_be_near_miss(data) and scan.modern_hazard_possible():
        return True
    return may_hold_keras3_break(data) and scan.keras3_break_in_code()


def worth_migrating(data: bytes) -> bool:
    """Whether ``migrate`` must parse a file that passed its byte prefilter (False: nothing to rewrite)."""
    if holds_legacy_name(data):
        return True
    tree = code_tree(data)
    return tree is None or _Scan(tree).keras3_break_in_code()


def code_tree(data: bytes) -> Optional[ast.Module]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences and the like: not ours to report
            return ast.parse(data)
    except (SyntaxError, ValueError, UnicodeDecodeError, MemoryError, RecursionError):
        return None


# The only strings the Keras 3 rules read for their own sake: compile(optimizer='adadelta') (FM40x), and
# accuracy's Keras 2 name in the logs, 'val_acc' or a {val_acc:.2f} field (FM424). The other rules start from
# code (a keyword, a call, an import) and look at a string only beside it.
RULE_STRINGS = re.compile(r"(?i)adadelta|adagrad|adamax|nadam|^(?:val_)?acc$|\{(?:val_)?acc[:!}]")
_NOT_READ = object()  # a binding whose value is not read here (a parameter, a loop target, a def, ...)
_IMPORTED = object()  # a binding by ``import``


class _Scan:
    """One walk over the tree: the modern calls, the strings, and every way each name is bound, in any
    scope (a name bound twice is judged by both bindings)."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.calls: List[ast.Call] = []
        self.strings: List[ast.Constant] = []
        self.values: Dict[str, List[object]] = {}
        simple: Dict[int, ast.expr] = {}  # the Name target of ``name = value``, by id: its value
        stored: List[ast.Name] = []
        numpy_imports: Dict[str, int] = {}
        bind = self._bind
        for node in ast.walk(tree):
            kind = type(node)
            if kind is ast.Name:
                if type(node.ctx) is not ast.Load:
                    stored.append(node)
            elif kind is ast.Constant:
                if isinstance(node.value, (str, bytes)):
                    self.strings.append(node)
            elif kind is ast.Call:
                if type(node.func) is ast.Attribute and node.func.attr in MODERN_METHODS:
                    self.calls.append(node)
            elif kind is ast.Assign:
                if len(node.targets) == 1 and type(node.targets[0]) is ast.Name:
                    simple[id(node.targets[0])] = node.value
            elif kind is ast.AnnAssign:
                if type(node.target) is ast.Name and node.value is not None:
                    simple[id(node.target)] = node.value
            elif kind is ast.Import or kind is ast.ImportFrom:
                for alias in node.names:
                    bound = alias.asname or alias.name.split(".")[0]
                    bind(bound, _IMPORTED)
                    if kind is ast.Import and alias.name.split(".")[0] in ARRAY_ROOTS:
                        numpy_imports[bound] = numpy_imports.get(bound, 0) + 1
            elif kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
                bind(node.name, _NOT_READ)
            elif kind is ast.arg:
                bind(node.arg, _NOT_READ)
            elif kind is ast.Global or kind is ast.Nonlocal:
                for name in node.names:
                    bind(name, _NOT_READ)
            elif kind in (ast.ExceptHandler, ast.MatchAs, ast.MatchStar):
                if node.name:
                    bind(node.name, _NOT_READ)
            elif kind is ast.MatchMapping:
                if node.rest:
                    bind(node.rest, _NOT_READ)
        for name in stored:
            bind(name.id, simple.get(id(name), _NOT_READ))
        # An alias of numpy only if every binding of the name is an ``import numpy...``.
        self.array_modules: Set[str] = {name for name, count in numpy_imports.items()
                                        if len(self.values.get(name, ())) == count}

    def _bind(self, name: str, value: object) -> None:
        self.values.setdefault(name, []).append(value)

    # -- the Keras 3 rules --------------------------------------------------------------------------

    def keras3_break_in_code(self) -> bool:
        """The Keras 3 break names in the code itself, not only in comments and strings (blanked here, but
        for the optimizer names a rule reads in a string). Runs last: it blanks the tree's strings."""
        for node in self.strings:
            if not (isinstance(node.value, str) and RULE_STRINGS.search(node.value)):
                node.value = ""
        try:
            text = ast.unparse(self.tree).encode("utf-8", "surrogatepass")
        except Exception:  # a tree ast.unparse cannot print (too deep): let LibCST decide
            return True
        return KERAS3_LEGACY_BYTES.search(text) is not None

    # -- the hazard rules on modern calls -----------------------------------------------------------

    def modern_hazard_possible(self) -> bool:
        """Whether a hazard rule may fire on a modern ``fit`` / ``evaluate`` / ``predict`` call."""
        for call in self.calls:
            if any(k.arg is None or k.arg in FLAGGED_KEYWORDS for k in call.keywords):
                return True
            if any(isinstance(a, ast.Starred) for a in call.args):
                return True
            fed = call.args[:1] + [k.value for k in call.keywords if k.arg in DATA_KEYWORDS]
            if any(not self.plain_data(expr, frozenset()) for expr in fed):
                return True
        return False

    def plain_data(self, expr: ast.expr, seen: frozenset) -> bool:
        """The expression is numpy arrays or constants, whatever runs: never a generator, a zip or a dataset."""
        if isinstance(expr, ast.Constant):
            return True
        if isinstance(expr, (ast.Tuple, ast.List)):
            return all(self.plain_data(e, seen) for e in expr.elts)
        if isinstance(expr, ast.BinOp):
            return self.plain_data(expr.left, seen) and self.plain_data(expr.right, seen)
        if isinstance(expr, ast.UnaryOp):
            return self.plain_data(expr.operand, seen)
        if isinstance(expr, ast.Call):
            # Its arguments too: what a numpy function hands back may be what it was given.
            return self._array_root(expr.func) and all(self.plain_data(a, seen) for a in expr.args) and \
                all(k.arg is not None and self.plain_data(k.value, seen) for k in expr.keywords)
        if isinstance(expr, ast.Name):
            if expr.id in seen:
                return False
            bound = self.values.get(expr.id)
            if not bound:
                return False  # a builtin, or bound where nothing here looks
            return all(isinstance(value, ast.expr) and self.plain_data(value, seen | {expr.id}) for value in bound)
        return False

    def _array_root(self, func: ast.expr) -> bool:
        """``np.random.rand``: an attribute chain on a name bound only by ``import numpy``."""
        if not isinstance(func, ast.Attribute):
            return False
        while isinstance(func, ast.Attribute):
            func = func.value
        return isinstance(func, ast.Name) and func.id in self.array_modules
