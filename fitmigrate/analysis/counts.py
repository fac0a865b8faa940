"""Float step counts, as the integer the legacy loop ran.

Keras 2 ran ``while steps_done < steps_per_epoch`` (``validation_steps``, ``steps`` alike), and Keras 1
``while samples_seen < samples_per_epoch``, so ``steps_per_epoch=len(x) / 32`` meant its ceiling; Keras 3
raises ``TypeError: 'float' object cannot be interpreted as an integer`` on it (on a numpy float too).
A count is a float when it is a true division, arithmetic with such a value, or a value the
interpreter proves is a float (a name assigned ``len(x) / 32``, ``n * 0.8``, ``np.ceil(...)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from fitmigrate.analysis.evaluate import Frame, Interpreter
from fitmigrate.analysis.values import Array, Ref, Scalar, Unknown

_ARITHMETIC = (cst.Add, cst.Subtract, cst.Multiply, cst.FloorDivide, cst.Modulo)
# numpy functions whose float result is a whole number: int() of it is exact.
_WHOLE_NUMPY = {"numpy.ceil", "numpy.floor", "numpy.rint", "numpy.trunc", "numpy.fix", "numpy.round", "numpy.around"}


def code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def atom(node: cst.BaseExpression) -> str:
    """The node's code, parenthesized unless it binds tighter than any operator."""
    text = code(node)
    if isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer)) or node.lpar:
        return text
    return f"({text})"


def _float_value(value) -> bool:
    if isinstance(value, Scalar):
        return value.kind == "float"
    return isinstance(value, Array) and value.shape == () and (value.dtype or "").startswith("float")


def _int_value(value) -> bool:
    if isinstance(value, Scalar):
        return value.kind in ("int", "bool")
    return isinstance(value, Array) and value.shape == () and (value.dtype or "").startswith(("int", "uint"))


def is_float(expr: cst.BaseExpression, interpreter: Interpreter, frame: Frame) -> bool:
    """Provably not an int: Python 3's ``/`` always gives a float, and so does arithmetic with one."""
    if isinstance(expr, cst.BinaryOperation):
        if isinstance(expr.operator, cst.Divide):
            return True
        if isinstance(expr.operator, _ARITHMETIC):
            return is_float(expr.left, interpreter, frame) or is_float(expr.right, interpreter, frame)
        return False
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, (cst.Minus, cst.Plus)):
        return is_float(expr.expression, interpreter, frame)
    return _float_value(interpreter.eval(expr, frame))


def is_int(expr: cst.BaseExpression, interpreter: Interpreter, frame: Frame) -> bool:
    """Provably an integer (``len()``, ``x.shape[0]``, an int literal, a name the interpreter proves is one)."""
    return _int_value(interpreter.eval(expr, frame))


@dataclass(frozen=True)
class Ceiling:
    """How a module spells ``math.ceil``: ``name`` (``math``, an alias, or ``ceil`` itself when
    ``from math import ceil``), whether ``import math`` must be added, and whether ``math`` is taken."""

    call: Optional[str]
    needs_import: bool


def ceiling(frame: Frame) -> Ceiling:
    """``math.ceil`` as the code at ``frame`` can name it: an existing ``import math`` (or its alias, or
    ``from math import ceil``), else ``math.ceil`` with ``import math`` to add; ``call`` is None when
    the name ``math`` is bound to something else."""
    names = {}
    current: Optional[Frame] = frame
    while current is not None:
        for name, value in current.local.items():
            names.setdefault(name, value)
        current = current.parent
    if not frame.is_module:
        for name, value in frame.module.env().items():
            names.setdefault(name, value)
    for name, value in names.items():
        if isinstance(value, Ref) and value.qualname == "math" and value.level == 0:
            return Ceiling(f"{name}.ceil", False)
    for name, value in names.items():
        if isinstance(value, Ref) and value.qualname == "math.ceil" and value.level == 0:
            return Ceiling(name, False)
    taken = frame.lookup("math")
    if not isinstance(taken, Unknown):
        return Ceiling(None, False)
    return Ceiling("math.ceil", True)


@dataclass(frozen=True)
class WholeCount:
    code: Optional[str]  # None: it needs math.ceil and the module binds ``math`` to something else
    uses_math: bool  # the code calls math.ceil through ``Ceiling.call``


def whole_count(expr: cst.BaseExpression, interpreter: Interpreter, frame: Frame,
                ceil: Ceiling) -> Optional[WholeCount]:
    """The integer the legacy loop ran for a count that is provably not one, as code; None when the
    count is not provably a float (it is kept as it is). ``-(-a // b)`` where both sides of ``a / b``
    are provably integers, ``int(...)`` of a float that is already whole (``a // b`` of floats,
    ``np.ceil(...)``), else ``math.ceil(...)`` (no code when ``math`` is taken)."""
    if not is_float(expr, interpreter, frame):
        return None
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Divide) and \
            is_int(expr.left, interpreter, frame) and is_int(expr.right, interpreter, frame):
        return WholeCount(f"-(-{atom(expr.left)} // {atom(expr.right)})", False)
    if _whole_float(expr, interpreter, frame):
        return WholeCount(f"int({code(expr)})", False)
    if ceil.call is None:
        return WholeCount(None, True)
    return WholeCount(f"{ceil.call}({code(expr)})", True)


def _whole_float(expr: cst.BaseExpression, interpreter: Interpreter, frame: Frame) -> bool:
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.FloorDivide):
        return True
    if isinstance(expr, cst.Call):
        func = interpreter.eval(expr.func, frame)
        return isinstance(func, Ref) and func.qualname in _WHOLE_NUMPY and len(expr.args) == 1
    return False
