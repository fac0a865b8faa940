"""What numpy (and Keras' ``to_categorical``) return, by dtype and shape, for the calls legacy generators use.

Dtype promotion is asked of numpy itself on empty arrays, so the analyzer agrees with the numpy the
user runs (NEP 50 rules on numpy 2). Nothing here imports TensorFlow.
"""

from __future__ import annotations

import operator
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

from fitmigrate.analysis.values import (
    Array,
    Builtin,
    DType,
    ListOf,
    Ref,
    Rng,
    Scalar,
    Seq,
    Shape,
    Unknown,
    Value,
)

DTYPE_NAMES = {
    "float16", "float32", "float64", "int8", "int16", "int32", "int64",
    "uint8", "uint16", "uint32", "uint64", "bool", "complex64", "complex128",
}
DTYPE_ALIASES = {
    "float": "float64", "int": "int64", "bool": "bool", "double": "float64", "single": "float32",
    "half": "float16", "bool_": "bool", "float_": "float64", "int_": "int64", "intp": "int64",
    "uint": "uint64", "intc": "int32", "uintc": "uint32", "longlong": "int64", "complex": "complex128",
    "f4": "float32", "f8": "float64", "f2": "float16", "i4": "int32", "i8": "int64", "u1": "uint8",
    "i1": "int8", "i2": "int16", "u2": "uint16", "b1": "bool",
}
PYTHON_SCALAR_DTYPE = {"int": "int64", "float": "float64", "bool": "bool"}


def dtype_name(value: Value) -> Optional[str]:
    """The numpy dtype a ``dtype=`` argument names, or None when it is not provable."""
    if isinstance(value, DType):
        return value.name
    if isinstance(value, Scalar) and value.kind == "str" and isinstance(value.value, str):
        name = value.value.lstrip("<>=|")
        return name if name in DTYPE_NAMES else DTYPE_ALIASES.get(name)
    if isinstance(value, Builtin):
        return DTYPE_ALIASES.get(value.name)
    if isinstance(value, Ref):
        head, _, last = value.qualname.rpartition(".")
        if head in ("numpy", "tensorflow", "tf"):
            return last if last in DTYPE_NAMES else DTYPE_ALIASES.get(last)
    return None


def dtype_ref(qualname: str) -> Optional[DType]:
    head, _, last = qualname.rpartition(".")
    if head == "numpy" and (last in DTYPE_NAMES or last in DTYPE_ALIASES and last not in ("float", "int", "bool", "complex")):
        return DType(last if last in DTYPE_NAMES else DTYPE_ALIASES[last])
    return None


def as_shape(value: Value) -> Optional[Shape]:
    """A ``shape``/``size`` argument as a tuple of dims; None when it is not a shape at all.

    A tuple or list display has as many dims as items whatever they are: numpy raises on anything but
    an integer there, so a call that returns has that rank; an item not known is a dim not known."""
    if isinstance(value, Scalar) and value.kind == "int":
        return (value.value,)
    if isinstance(value, Seq):
        return tuple(item.value if isinstance(item, Scalar) and item.kind == "int" else None for item in value.items)
    return None


def shape_reason(value: Value) -> str:
    """Why ``as_shape(value)`` is None: what the shape argument is, for the diagnostic."""
    if isinstance(value, Unknown):
        return f"its shape comes from a value the analyzer cannot see ({value.reason})"
    if isinstance(value, ListOf):
        return "its shape is a list of unknown length"
    return "its shape argument is not a tuple or an int the analyzer can count"


def shaped(dtype: Optional[str], size: Value, why: Optional[str] = None) -> Array:
    """An array of ``dtype`` whose shape argument was ``size``."""
    shape = as_shape(size)
    return Array(dtype, shape, why if shape is not None else shape_reason(size))


def shape_value(shape: Shape) -> Value:
    """``x.shape`` as a value: a tuple of ints (unknown dims are ints of unknown value)."""
    if shape is None:
        return Unknown("shape of unknown rank")
    return Seq("tuple", tuple(Scalar("int", d) for d in shape))


def element(value: Value) -> Value:
    """What iterating over ``value`` gives one item at a time."""
    if isinstance(value, Array):
        if value.shape is None:
            return Array(value.dtype, None)
        if not value.shape:
            return Unknown("iterating over a 0-d array")
        return Array(value.dtype, value.shape[1:])
    if isinstance(value, ListOf):
        return value.elem
    if isinstance(value, Seq):
        out: Optional[Value] = None
        from fitmigrate.analysis.values import join

        for item in value.items:
            out = item if out is None else join(out, item)
        return out if out is not None else Unknown("empty sequence")
    if isinstance(value, Unknown):
        return value  # what the iterable is not known for is what its items are not known for
    return Unknown("elements of this iterable are not known")


_OPERATORS: Dict[str, Callable] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "@": operator.matmul,
    "&": operator.and_, "|": operator.or_, "^": operator.xor,
}
_COMPARISONS = {"<", ">", "<=", ">=", "==", "!="}


def _probe(value: Value):
    """A zero-size stand-in numpy can promote: arrays are strong, Python scalars weak (NEP 50)."""
    if isinstance(value, Array) and value.dtype:
        return np.zeros((0,), dtype=value.dtype)
    if isinstance(value, Scalar) and value.kind in PYTHON_SCALAR_DTYPE:
        return {"int": 1, "float": 1.5, "bool": True}[value.kind]
    return None


def broadcast(a: Shape, b: Shape) -> Shape:
    if a is None or b is None:
        return None
    out: List[Optional[int]] = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x == 1:
            out.append(y)
        elif y == 1 or x == y:
            out.append(x)
        elif x is None or y is None:
            out.append(x if y is None else y)
        else:
            out.append(None)
    return tuple(reversed(out))


def binary(op: str, a: Value, b: Value) -> Value:
    """``a op b`` where at least one side may be an array."""
    if isinstance(a, Scalar) and isinstance(b, Scalar):
        return scalar_binary(op, a, b)
    if isinstance(a, Seq) and isinstance(b, Seq) and op == "+":
        return Seq("tuple" if a.kind == b.kind == "tuple" else "list", a.items + b.items)
    if op == "+" and isinstance(a, (Seq, ListOf)) and isinstance(b, (Seq, ListOf)) and \
            all(isinstance(v, ListOf) or v.kind == "list" for v in (a, b)):  # type: ignore[union-attr]
        from fitmigrate.analysis.values import join

        parts = [element(v) for v in (a, b) if isinstance(v, ListOf) or v.items]  # type: ignore[union-attr]
        elem = parts[0]
        for other in parts[1:]:
            elem = join(elem, other)
        return ListOf(elem)  # two lists joined: the items of both
    if not isinstance(a, (Array, Scalar)) or not isinstance(b, (Array, Scalar)):
        unknown = a if isinstance(a, Unknown) else b if isinstance(b, Unknown) else None
        if unknown is not None:
            return unknown  # the operand the analyzer cannot see is the obstacle: its reason says why
        return Unknown(f"operands of {op!r} are not both arrays or numbers")
    shape = broadcast(a.shape if isinstance(a, Array) else (), b.shape if isinstance(b, Array) else ())
    why = next((v.why for v in (a, b) if isinstance(v, Array) and v.why), None)
    if op in _COMPARISONS:
        return Array("bool", shape, why)
    pa, pb = _probe(a), _probe(b)
    if pa is None or pb is None or op not in _OPERATORS:
        return Array(None, shape, why)
    try:
        with np.errstate(all="ignore"):
            result = _OPERATORS[op](pa, pb) if op != "@" else np.zeros((0,), dtype=np.result_type(pa, pb))
        return Array(str(np.asarray(result).dtype), shape, why)
    except Exception:  # numpy refuses the combination (e.g. float & int): unknown, not a crash
        return Array(None, shape, why)


def scalar_binary(op: str, a: Scalar, b: Scalar) -> Value:
    assumed = a.assumed or b.assumed
    if op in _COMPARISONS:
        return compare(op, a, b)
    if a.kind in ("int", "float", "bool") and b.kind in ("int", "float", "bool"):
        kind = "float" if "float" in (a.kind, b.kind) or op == "/" else "int"
        if a.value is not None and b.value is not None and op in _OPERATORS:
            try:
                result = _OPERATORS[op](a.value, b.value)
                return Scalar(type(result).__name__ if type(result).__name__ in ("int", "float") else kind, result,
                              assumed)
            except Exception:
                return Scalar(kind, None, assumed)
        return Scalar(kind, None, assumed)
    if a.kind == b.kind == "str" and op == "+":
        return Scalar("str", a.value + b.value if a.value is not None and b.value is not None else None, assumed)
    return Unknown(f"{a.kind} {op} {b.kind}")


_COMPARE: Dict[str, Callable] = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, ">": operator.gt,
                                 "<=": operator.le, ">=": operator.ge}


def compare(op: str, a: Value, b: Value) -> Scalar:
    """``a op b`` for two Python scalars (``is`` / ``is not`` for None too): a bool, known when both are."""
    if not (isinstance(a, Scalar) and isinstance(b, Scalar)):
        return Scalar("bool")
    assumed = a.assumed or b.assumed
    if op in ("is", "is not"):
        if a.kind == "none" or b.kind == "none":
            # ``x is None``: known when the other side's kind is (None is None; an int is not None).
            same = a.kind == b.kind
            return Scalar("bool", same if op == "is" else not same, assumed)
        return Scalar("bool", None, assumed)
    if a.value is None or b.value is None or op not in _COMPARE:
        if op in ("==", "!=") and (a.kind == "none") != (b.kind == "none") and \
                "none" in (a.kind, b.kind) and (a.value is not None or b.value is not None):
            return Scalar("bool", op == "!=", assumed)  # None == 3 is False whatever else is known
        if op in ("==", "!=") and a.kind == b.kind == "none":
            return Scalar("bool", op == "==", assumed)
        return Scalar("bool", None, assumed)
    try:
        return Scalar("bool", bool(_COMPARE[op](a.value, b.value)), assumed)
    except TypeError:
        return Scalar("bool", None, assumed)


def truth(value: Value) -> Optional[bool]:
    """Whether ``value`` is true, when the code proves it for every run; None otherwise. A parameter's
    default (``assumed``) is not proven: a caller may give another value."""
    if isinstance(value, Scalar):
        if value.assumed:
            return None
        if value.kind == "none":
            return False
        if value.value is not None:
            return bool(value.value)
    return None


def unary(op: str, a: Value) -> Value:
    if op == "not":
        truth_value = truth(a)
        assumed = isinstance(a, Scalar) and a.assumed
        return Scalar("bool", None if truth_value is None else not truth_value, assumed)
    if isinstance(a, Scalar) and a.kind in ("int", "float"):
        if op == "-" and a.value is not None:
            return Scalar(a.kind, -a.value, a.assumed)
        return Scalar(a.kind, None, a.assumed)
    if isinstance(a, Array):
        if op == "not":
            return Scalar("bool")
        if op == "~" and a.dtype == "bool":
            return a
        return a
    return Unknown(f"unary {op} on a value that is not a number")


def _sized(dtype: str, size: Value, absent_is_scalar: bool = True) -> Value:
    if isinstance(size, Scalar) and size.kind == "none":
        return Scalar("float" if dtype.startswith("float") else "int") if absent_is_scalar else Array(dtype, ())
    return shaped(dtype, size)


Args = Sequence[Value]
Kwargs = Dict[str, Value]
_NONE = Scalar("none")


def _arg(args: Args, kwargs: Kwargs, index: int, name: str, default: Value = _NONE) -> Value:
    if name in kwargs:
        return kwargs[name]
    if index < len(args):
        return args[index]
    return default


def _with_dtype(default: str, args: Args, kwargs: Kwargs, index: int = 99) -> Optional[str]:
    given = _arg(args, kwargs, index, "dtype")
    if isinstance(given, Scalar) and given.kind == "none":
        return default
    return dtype_name(given)


def _literal_array(value: Value) -> Value:
    """``np.array(obj)``: dtype and shape of a nested literal, an array, or a list of arrays."""
    if isinstance(value, Array):
        return value
    if isinstance(value, Scalar) and value.kind in PYTHON_SCALAR_DTYPE:
        return Array(PYTHON_SCALAR_DTYPE[value.kind], ())
    if isinstance(value, ListOf):
        inner = _literal_array(value.elem)
        if isinstance(inner, Array):
            return Array(inner.dtype, None if inner.shape is None else (value.length,) + inner.shape, inner.why)
        return inner
    if isinstance(value, Seq):
        parts = [_literal_array(item) for item in value.items]
        if not parts:
            return Array("float64", (0,))
        if any(not isinstance(p, Array) for p in parts):
            return next(p for p in parts if not isinstance(p, Array))
        dtypes = [p.dtype for p in parts]
        shapes = {p.shape for p in parts}
        dtype = None if None in dtypes else str(np.result_type(*[np.zeros(0, d) for d in dtypes]))
        inner_shape = shapes.pop() if len(shapes) == 1 else None
        why = next((p.why for p in parts if p.why), None) if dtype is None or inner_shape is None else None
        if inner_shape is None and why is None and len(shapes) > 1:
            why = "its items have different shapes"
        return Array(dtype, None if inner_shape is None else (len(parts),) + inner_shape, why)
    if isinstance(value, Unknown):
        # numpy makes an ndarray of anything (or raises): the array is proven, its dtype and rank are not.
        return Array(None, None, value.reason)
    return Unknown("np.array of a value that is not provably numeric")


def _stack(arrays: Value, axis: Value, concatenate: bool) -> Value:
    if isinstance(arrays, ListOf):
        elem = _literal_array(arrays.elem)
        if not isinstance(elem, Array):
            return elem
        parts: List[Array] = [elem]
        count: Optional[int] = None
    elif isinstance(arrays, Seq):
        parts = []
        for item in arrays.items:
            arr = _literal_array(item)
            if not isinstance(arr, Array):
                return arr
            parts.append(arr)
        count = len(parts)
        if not parts:
            return Unknown("np.stack/concatenate of an empty sequence (numpy raises on it)")
    else:
        return Unknown("np.stack/concatenate of an unknown sequence")
    if not (isinstance(axis, Scalar) and axis.kind == "int" and axis.value is not None):
        axis_value = 0 if isinstance(axis, Scalar) and axis.kind == "none" else None
    else:
        axis_value = axis.value
    dtypes = [p.dtype for p in parts]
    dtype = None if None in dtypes else str(np.result_type(*[np.zeros(0, d) for d in dtypes]))
    first = parts[0].shape
    if axis_value is None or first is None or any(p.shape is None or len(p.shape) != len(first) for p in parts):
        return Array(dtype, None)
    if concatenate:
        if not first:
            return Array(dtype, None)
        ax = axis_value % len(first)
        dims = [p.shape[ax] for p in parts]  # type: ignore[index]
        total = sum(dims) if count is not None and None not in dims else None
        return Array(dtype, first[:ax] + (total,) + first[ax + 1:])
    ax = axis_value % (len(first) + 1)
    return Array(dtype, first[:ax] + (count,) + first[ax:])


_FLOAT_RANDOM = {"rand", "randn", "random", "random_sample", "sample", "ranf", "uniform", "normal",
                 "standard_normal", "beta", "gamma", "exponential", "lognormal", "laplace", "logistic",
                 "standard_cauchy", "standard_exponential", "chisquare"}
# Index of the ``size`` parameter for the random functions whose size is not their only argument.
_SIZE_INDEX = {"uniform": 2, "normal": 2, "beta": 2, "gamma": 2, "lognormal": 2, "laplace": 2, "logistic": 2,
               "exponential": 1, "chisquare": 1, "standard_normal": 0, "random": 0, "random_sample": 0,
               "sample": 0, "ranf": 0, "standard_cauchy": 0, "standard_exponential": 0,
               "binomial": 2, "poisson": 1, "geometric": 1}


def call_random(name: str, args: Args, kwargs: Kwargs, generator: bool = False) -> Optional[Value]:
    """``np.random.<name>(...)`` (legacy API) or ``rng.<name>(...)`` on a ``default_rng``."""
    if name in ("rand", "randn") and not generator:
        dims = []
        for a in args:
            if isinstance(a, Scalar) and a.kind == "int":
                dims.append(a.value)
            else:
                return Unknown(f"np.random.{name} with a non-integer dimension")
        return Array("float64", tuple(dims)) if dims else Scalar("float")
    if name == "random" and generator:
        return _sized(_with_dtype("float64", args, kwargs, 1) or "float64", _arg(args, kwargs, 0, "size"))
    if name == "standard_normal" and generator:
        dtype = _with_dtype("float64", args, kwargs, 1)
        return _sized(dtype, _arg(args, kwargs, 0, "size")) if dtype else Unknown("unknown dtype")
    if name in _FLOAT_RANDOM:
        index = _SIZE_INDEX.get(name, 0)
        return _sized("float64", _arg(args, kwargs, index, "size"))
    if name == "randint" or (name == "integers" and generator):
        dtype = _with_dtype("int64", args, kwargs, 3)
        if dtype is None:
            return Unknown("randint with an unknown dtype")
        return _sized(dtype, _arg(args, kwargs, 2, "size"))
    if name in ("binomial", "poisson", "geometric", "random_integers"):
        return _sized("int64", _arg(args, kwargs, _SIZE_INDEX.get(name, 2), "size"))
    if name == "choice":
        population = _arg(args, kwargs, 0, "a")
        if isinstance(population, Scalar) and population.kind == "int":
            dtype: Optional[str] = "int64"
        else:
            arr = _literal_array(population)
            dtype = arr.dtype if isinstance(arr, Array) else None
            if isinstance(arr, Array) and arr.shape is not None and len(arr.shape) > 1:
                return Unknown("choice over a multi-dimensional array")
        if dtype is None:
            return Unknown("choice over values of unknown dtype")
        size = _arg(args, kwargs, 1, "size")
        if isinstance(size, Scalar) and size.kind == "none":
            return Array(dtype, ())
        return shaped(dtype, size)
    if name == "permutation":
        population = _arg(args, kwargs, 0, "x")
        if isinstance(population, Scalar) and population.kind == "int":
            return Array("int64", (population.value,))
        return _literal_array(population)
    if name in ("shuffle", "seed"):
        return Scalar("none")
    return None


def call_numpy(name: str, args: Args, kwargs: Kwargs) -> Optional[Value]:
    """``numpy.<name>(...)``; None when the function is not modelled."""
    if name.startswith("random."):
        sub = name[len("random."):]
        if sub in ("default_rng", "RandomState", "Generator"):
            return Rng()
        return call_random(sub, args, kwargs)
    if name in ("zeros", "ones", "empty", "ndarray"):
        dtype = _with_dtype("float64", args, kwargs, 1)
        why = None if dtype is not None else f"np.{name}() is given a dtype the analyzer cannot name"
        return shaped(dtype, _arg(args, kwargs, 0, "shape"), why)
    if name == "matrix":
        base = _literal_array(_arg(args, kwargs, 0, "data"))
        if not isinstance(base, Array):
            return base
        dtype = _with_dtype(base.dtype or "", args, kwargs, 1) or None
        return Array(dtype, (None, None), base.why)  # a matrix is two-dimensional whatever it is made of
    if name == "full":
        fill = _arg(args, kwargs, 1, "fill_value")
        default = PYTHON_SCALAR_DTYPE.get(fill.kind) if isinstance(fill, Scalar) else (
            fill.dtype if isinstance(fill, Array) else None)
        dtype = _with_dtype(default or "", args, kwargs, 2) or None
        return shaped(dtype, _arg(args, kwargs, 0, "shape"),
                      None if dtype else "np.full() is given a fill value of unknown type")
    if name in ("zeros_like", "ones_like", "empty_like", "full_like"):
        base = _arg(args, kwargs, 0, "a")
        if not isinstance(base, Array):
            return Unknown(f"np.{name} of a value that is not an array")
        dtype = _with_dtype(base.dtype or "", args, kwargs, 2 if name == "full_like" else 1) or None
        if name == "full_like" and "dtype" not in kwargs and len(args) < 3:
            dtype = base.dtype
        return Array(dtype, base.shape)
    if name in ("array", "asarray", "asanyarray", "ascontiguousarray", "copy"):
        base = _literal_array(_arg(args, kwargs, 0, "object"))
        if not isinstance(base, Array):
            return base
        given = _arg(args, kwargs, 1, "dtype")
        if isinstance(given, Scalar) and given.kind == "none":
            return base
        dtype = dtype_name(given)
        return Array(dtype, base.shape) if dtype else Unknown("np.array with an unknown dtype")
    if name == "arange":
        numbers = [a for a in args if isinstance(a, Scalar)]
        if len(numbers) != len(args) or not args:
            return Unknown("np.arange of non-numbers")
        dtype = _with_dtype("float64" if any(a.kind == "float" for a in numbers) else "int64", args, kwargs, 3)
        length = args[0].value if len(args) == 1 else None
        return Array(dtype, (length,))
    if name == "linspace":
        num = _arg(args, kwargs, 2, "num", Scalar("int", 50))
        return Array(_with_dtype("float64", args, kwargs, 5), (num.value if isinstance(num, Scalar) else None,))
    if name in ("eye", "identity"):
        n = _arg(args, kwargs, 0, "N" if name == "eye" else "n")
        m = _arg(args, kwargs, 1, "M") if name == "eye" else n
        if isinstance(m, Scalar) and m.kind == "none":
            m = n
        dims = tuple(v.value if isinstance(v, Scalar) and v.kind == "int" else None for v in (n, m))
        return Array(_with_dtype("float64", args, kwargs, 3 if name == "eye" else 1), dims)
    if name in ("stack", "vstack", "concatenate", "hstack"):
        axis = _arg(args, kwargs, 1, "axis")
        if name in ("vstack",):
            axis = Scalar("int", 0)
        elif name == "hstack":
            axis = Scalar("int", -1)
        result = _stack(_arg(args, kwargs, 0, "arrays"), axis, concatenate=name != "stack")
        if name == "vstack" and isinstance(result, Array) and result.shape is not None and len(result.shape) < 2:
            return Array(result.dtype, None)
        return result
    if name == "expand_dims":
        base = _arg(args, kwargs, 0, "a")
        axis = _arg(args, kwargs, 1, "axis")
        if isinstance(base, Array) and base.shape is not None and isinstance(axis, Scalar) and axis.value is not None:
            rank = len(base.shape) + 1
            ax = axis.value % rank
            return Array(base.dtype, base.shape[:ax] + (1,) + base.shape[ax:])
        return Array(base.dtype, None) if isinstance(base, Array) else Unknown("expand_dims of a non-array")
    if name in ("clip", "abs", "absolute", "negative", "round", "around", "rint", "flip", "fliplr", "flipud",
                "roll", "ascontiguousarray"):
        base = _literal_array(_arg(args, kwargs, 0, "a"))
        if name in ("fliplr", "flipud", "flip", "roll", "clip", "abs", "absolute", "negative", "round", "around"):
            return base
        return Array(base.dtype, base.shape) if isinstance(base, Array) else base
    if name in ("sqrt", "exp", "log", "log1p", "sin", "cos", "tanh", "floor", "ceil", "square"):
        base = _literal_array(_arg(args, kwargs, 0, "x"))
        if not isinstance(base, Array):
            return base
        if base.dtype is None:
            return base
        with np.errstate(all="ignore"):
            dtype = str(getattr(np, name)(np.zeros(0, base.dtype)).dtype)
        return Array(dtype, base.shape)
    if name == "where" and len(args) == 3:
        cond, a, b = args
        pa, pb = _probe(a), _probe(b)
        if not isinstance(cond, Array) or pa is None or pb is None:
            return Unknown("np.where of values that are not provably numeric")
        dtype = str(np.where(np.zeros((0,), dtype=bool), pa, pb).dtype)
        shapes = [v.shape for v in (a, b) if isinstance(v, Array)]
        shape = cond.shape
        for other in shapes:
            shape = broadcast(shape, other)
        return Array(dtype, shape)
    if name == "delete":
        base = _literal_array(_arg(args, kwargs, 0, "arr"))
        if not isinstance(base, Array):
            return base
        axis = _arg(args, kwargs, 2, "axis")
        if isinstance(axis, Scalar) and axis.kind == "none":
            return Array(base.dtype, (None,), base.why)  # no axis: the array flattened, then items deleted
        if base.shape is None or not (isinstance(axis, Scalar) and axis.kind == "int" and axis.value is not None) \
                or not -len(base.shape) <= axis.value < len(base.shape):
            return Array(base.dtype, None, base.why)
        dims = list(base.shape)
        dims[axis.value % len(dims)] = None
        return Array(base.dtype, tuple(dims), base.why)
    if name == "transpose":
        base = _arg(args, kwargs, 0, "a")
        if isinstance(base, Array):
            return Array(base.dtype, None if base.shape is None else tuple(reversed(base.shape)))
    if name == "reshape":
        base = _literal_array(_arg(args, kwargs, 0, "a"))
        if isinstance(base, Array):
            return reshape(base, [_arg(args, kwargs, 1, "newshape")])
        return base
    dtype = dtype_ref("numpy." + name)
    if dtype is not None and len(args) == 1:
        base = _literal_array(args[0])
        if isinstance(base, Array):
            return Array(dtype.name, base.shape)
    return None


def reshape(base: Array, args: Args) -> Value:
    size = args[0] if len(args) == 1 else Seq("tuple", tuple(args))
    dims = as_shape(size)
    if dims is None:
        return Array(base.dtype, None, shape_reason(size))
    dims = tuple(None if d == -1 else d for d in dims)
    return Array(base.dtype, dims, base.why)


_REDUCTIONS = {"sum", "mean", "max", "min", "prod", "std", "var", "argmax", "argmin", "any", "all"}


def reduction(base: Array, name: str, axis: Value, keepdims: Value) -> Value:
    """``x.sum(axis=..., keepdims=...)`` and the like: numpy's own result dtype; the axis goes (or
    becomes 1 with ``keepdims=True``); no axis reduces to one number (a 0-d array)."""
    dtype = None
    if base.dtype is not None:
        try:
            dtype = str(np.asarray(getattr(np.zeros(1, base.dtype), name)()).dtype)
        except (TypeError, ValueError):
            return Unknown(f"{name}() of a {base.dtype} array")
    keep = isinstance(keepdims, Scalar) and keepdims.value is True
    if isinstance(axis, Scalar) and axis.kind == "none":
        if keep and base.shape is not None:
            return Array(dtype, tuple(1 for _ in base.shape))
        return Array(dtype, () if not keep else None)
    if base.shape is None or not (isinstance(axis, Scalar) and axis.kind == "int" and axis.value is not None):
        return Array(dtype, None)
    if not -len(base.shape) <= axis.value < len(base.shape):
        return Unknown(f"{name}() over an axis the array does not have")
    index = axis.value % len(base.shape)
    dims = list(base.shape)
    if keep:
        dims[index] = 1
    else:
        dims.pop(index)
    return Array(dtype, tuple(dims))


def call_array_method(base: Array, name: str, args: Args, kwargs: Kwargs) -> Optional[Value]:
    """``array.<name>(...)``."""
    if name == "astype":
        dtype = dtype_name(_arg(args, kwargs, 0, "dtype"))
        return Array(dtype, base.shape, base.why) if dtype else Unknown("astype to an unknown dtype")
    if name == "reshape":
        return reshape(base, list(args) or [kwargs.get("shape", Unknown())])
    if name in ("copy", "clip", "round"):
        return base
    if name in ("flatten", "ravel"):
        if base.shape is not None and all(d is not None for d in base.shape):
            total = 1
            for d in base.shape:
                total *= d  # type: ignore[operator]
            return Array(base.dtype, (total,))
        return Array(base.dtype, (None,))
    if name == "transpose" and not args:
        return Array(base.dtype, None if base.shape is None else tuple(reversed(base.shape)))
    if name == "transpose":
        axes = list(args[0].items) if len(args) == 1 and isinstance(args[0], Seq) else list(args)
        order = [a.value if isinstance(a, Scalar) and a.kind == "int" else None for a in axes]
        if base.shape is not None and None not in order and sorted(order) == list(range(len(base.shape))):
            return Array(base.dtype, tuple(base.shape[i] for i in order))  # type: ignore[index]
        return Array(base.dtype, None if base.shape is None or len(order) != len(base.shape) else
                     tuple(None for _ in base.shape))
    if name == "squeeze":
        return Array(base.dtype, None)
    if name in _REDUCTIONS:
        return reduction(base, name, _arg(args, kwargs, 0, "axis", _NONE), kwargs.get("keepdims", Scalar("bool", False)))
    if name == "tolist":
        return Unknown("a Python list made by tolist()")
    return None


# keras.datasets.<name>.load_data(): ((x_train, y_train), (x_test, y_test)), dtypes and ranks as every
# Keras release loads them (image sides left unknown: image_data_format may put channels first).
_KERAS_DATASETS = {
    "cifar10": (Array("uint8", (None, None, None, None)), Array("uint8", (None, 1))),
    "cifar100": (Array("uint8", (None, None, None, None)), Array("int64", (None, 1))),
    "mnist": (Array("uint8", (None, 28, 28)), Array("uint8", (None,))),
    "fashion_mnist": (Array("uint8", (None, 28, 28)), Array("uint8", (None,))),
}


def keras_dataset(name: str) -> Value:
    if name not in _KERAS_DATASETS:
        return Unknown(f"keras.datasets.{name}.load_data() is not modelled")
    pair = Seq("tuple", _KERAS_DATASETS[name])
    return Seq("tuple", (pair, pair))


def pad_sequences(args: Args, kwargs: Kwargs) -> Value:
    """Keras' ``pad_sequences``: a (len(sequences), maxlen, *step) array of ``dtype`` (default int32),
    ``step`` the shape of each step of a sequence: () for token ids, (100,) for sequences of GloVe
    vectors. The rank is proven only where the steps' shape is; the dtype always is."""
    dtype = dtype_name(kwargs["dtype"]) if "dtype" in kwargs else "int32"
    if dtype is None:
        return Unknown("pad_sequences() to an unknown dtype")
    maxlen = _arg(args, kwargs, 1, "maxlen")
    width = maxlen.value if isinstance(maxlen, Scalar) and maxlen.kind == "int" else None
    step = _step_shape(_arg(args, kwargs, 0, "sequences"))
    if step is None:
        return Array(dtype, None, "pad_sequences() of sequences whose steps' shape is not proven (a number each, "
                                  "or an array: the result has their dimensions after maxlen)")
    return Array(dtype, (None, width) + step)


def _step_shape(sequences: Value) -> Optional[tuple]:
    """The shape of one step of the sequences ``pad_sequences`` is given (ragged lists welcome)."""
    if isinstance(sequences, Array):
        return tuple(sequences.shape[2:]) if sequences.shape is not None and len(sequences.shape) >= 2 else None
    items = [sequences.elem] if isinstance(sequences, ListOf) else \
        list(sequences.items) if isinstance(sequences, Seq) and sequences.items else []
    shapes = {_sequence_step(item) for item in items}
    return shapes.pop() if len(shapes) == 1 else None


def _sequence_step(sequence: Value) -> Optional[tuple]:
    if isinstance(sequence, Array):
        return tuple(sequence.shape[1:]) if sequence.shape is not None and len(sequence.shape) >= 1 else None
    items = [sequence.elem] if isinstance(sequence, ListOf) else \
        list(sequence.items) if isinstance(sequence, Seq) and sequence.items else []
    shapes = set()
    for item in items:
        view = _literal_array(item)
        shapes.add(view.shape if isinstance(view, Array) else None)
    return shapes.pop() if len(shapes) == 1 else None


def preprocess_input(args: Args) -> Value:
    """``keras.applications.*.preprocess_input``: float input keeps its dtype, anything else becomes
    float32 (``backend.floatx()``); the shape is kept."""
    source = _literal_array(args[0]) if args else Unknown("preprocess_input() of nothing")
    if not isinstance(source, Array) or source.dtype is None:
        return Unknown("preprocess_input() of a value whose dtype is not known")
    dtype = source.dtype if source.dtype.startswith("float") else "float32"
    return Array(dtype, source.shape)


def to_categorical(qualname: str, args: Args, kwargs: Kwargs) -> Value:
    """Keras' ``to_categorical``: one-hot rows; Keras 3 returns float64, Keras 2 float32."""
    labels = _literal_array(_arg(args, kwargs, 0, "y" if "y" in kwargs else "x"))
    classes = _arg(args, kwargs, 1, "num_classes")
    width = classes.value if isinstance(classes, Scalar) and classes.kind == "int" else None
    # The migrated script runs on Keras 3, whose to_categorical (also behind np_utils, which migrate
    # rewrites to keras.utils, FM406) returns float64; only tf_keras's keeps Keras 2's float32.
    legacy = qualname.startswith("tf_keras.")
    dtype: Optional[str] = "float32" if legacy else "float64"
    given = _arg(args, kwargs, 2, "dtype")
    if legacy and not (isinstance(given, Scalar) and given.kind == "none"):
        dtype = dtype_name(given)
    if not isinstance(labels, Array) or labels.shape is None:
        shape = None
    else:
        shape = labels.shape
        if len(shape) > 1 and shape[-1] == 1:
            shape = shape[:-1]
        shape = shape + (width,)
    return Array(dtype, shape)


def subscript(base: Value, index: Value, index_is_slice: List[bool]) -> Value:
    """``base[index]`` for arrays: slices keep a dimension, integers drop it, arrays pick rows."""
    if isinstance(base, Seq):
        if len(index_is_slice) == 1 and not index_is_slice[0] and isinstance(index, Scalar) and index.value is not None:
            try:
                return base.items[index.value]
            except (IndexError, TypeError):
                return Unknown("index out of range")
        if len(index_is_slice) == 1 and index_is_slice[0]:
            return Seq(base.kind, ())  # a slice of a display: rarely a batch; element structure unknown
        return element(base)
    if isinstance(base, ListOf):
        if index_is_slice == [True]:
            return base
        return base.elem
    if isinstance(base, Unknown):
        return base  # what the indexed value is not known for is the obstacle
    if not isinstance(base, Array):
        return Unknown("indexing a value that is not an array")
    if base.shape is None:
        return Array(base.dtype, None, base.why)
    parts = index.items if isinstance(index, Seq) and index.kind == "tuple" and len(index_is_slice) > 1 else (index,)
    dims: List[Optional[int]] = []
    rest = list(base.shape)
    for part, is_slice in zip(parts, index_is_slice):
        if not rest:
            return Array(base.dtype, None)
        if is_slice:
            rest.pop(0)
            dims.append(None)
        elif isinstance(part, Scalar) and part.kind == "int":
            rest.pop(0)
        elif isinstance(part, Array) and part.shape is not None:
            rest.pop(0)
            if part.dtype == "bool":
                dims.append(None)
            else:
                dims.extend(part.shape)
        elif isinstance(part, (Seq, ListOf)):
            rest.pop(0)
            dims.append(len(part.items) if isinstance(part, Seq) else None)
        elif isinstance(part, Scalar) and part.kind == "none":
            dims.append(1)
        else:
            return Array(base.dtype, None)
    return Array(base.dtype, tuple(dims) + tuple(rest))
