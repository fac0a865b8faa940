"""Abstract values: what the analyzer can prove about a Python value without running it.

Every value is immutable and hashable so that two evaluations can be compared and joined.
``Unknown`` carries the reason, which ends up in the diagnostic the user reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Tuple, Union

import libcst as cst

Dim = Optional[int]
Shape = Optional[Tuple[Dim, ...]]


@dataclass(frozen=True)
class Unknown:
    reason: str = "not statically known"
    # What is not known, for the remedy a diagnostic suggests: "value" (what it is at all), "dtype" (an
    # array whose dtype differs between code paths).
    kind: str = field(default="value", compare=False, hash=False)


@dataclass(frozen=True)
class Array:
    """A numpy array (or array-like) with a known or unknown dtype and shape.

    ``shape`` None means the rank itself is unknown; a None inside means that dimension is.
    """

    dtype: Optional[str]
    shape: Shape
    # Why the dtype or the rank is not known, when one is not: what the diagnostic names.
    why: Optional[str] = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class Scalar:
    """A Python scalar: ``kind`` is int, float, bool, str or none; ``value`` is None when unknown."""

    kind: str
    value: Any = None
    # The value is a parameter's default (or derived from one) where a caller may give another: true of
    # the code, but not of every run, so no branch is pruned on it.
    assumed: bool = field(default=False, compare=False, hash=False)


@dataclass(frozen=True)
class Seq:
    """A tuple or list display whose items are known one by one."""

    kind: str  # "tuple" | "list"
    items: Tuple["Value", ...]
    # The display node when the value was written literally; used to rewrite ``[a, b]`` to ``(a, b)``.
    node: Optional[cst.CSTNode] = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class ListOf:
    """A list grown with ``append`` (or built by a comprehension): every element is ``elem``."""

    elem: "Value"
    # The list comprehension that built it, when one did; used to rewrite it to ``tuple(...)``.
    node: Optional[cst.CSTNode] = field(default=None, compare=False, hash=False)
    # Its length where a test proves it (inside ``if len(batch) == batch_size:``), else None.
    length: Optional[int] = None


@dataclass(frozen=True)
class Mapping:
    items: Tuple[Tuple[str, "Value"], ...]
    node: Optional[cst.CSTNode] = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class DType:
    name: str


@dataclass(frozen=True)
class Ref:
    """A name bound by an import, by its qualified name (``numpy.random.rand``)."""

    qualname: str
    # The module whose import made this name; used to resolve project-local imports.
    origin: Any = field(default=None, compare=False, hash=False)
    level: int = 0


@dataclass(frozen=True)
class Builtin:
    name: str


@dataclass(frozen=True)
class Rng:
    """``np.random.default_rng(...)`` or ``np.random.RandomState(...)``."""


@dataclass(frozen=True)
class FunctionRef:
    module: Any = field(compare=False, hash=False)
    node: cst.FunctionDef = field(compare=False, hash=False)
    cls: Optional[cst.ClassDef] = field(default=None, compare=False, hash=False)
    ident: int = 0  # id(node): what equality really compares

    @property
    def name(self) -> str:
        return self.node.name.value


@dataclass(frozen=True)
class BoundMethod:
    function: FunctionRef
    instance: "Instance"


@dataclass(frozen=True)
class ClassRef:
    module: Any = field(compare=False, hash=False)
    node: cst.ClassDef = field(compare=False, hash=False)
    ident: int = 0

    @property
    def name(self) -> str:
        return self.node.name.value


@dataclass(frozen=True)
class Instance:
    cls: ClassRef
    # Attributes proven from literal assignments in ``__init__`` (name, value).
    attrs: Tuple[Tuple[str, "Value"], ...] = ()


@dataclass(frozen=True)
class LibraryInstance:
    """An object a modelled library class made (``LabelEncoder()``): its methods are looked up as
    ``<qualname>.<method>``."""

    qualname: str


@dataclass(frozen=True)
class GeneratorCall:
    """The generator object made by calling a generator function with these arguments."""

    function: FunctionRef
    bindings: Tuple[Tuple[str, "Value"], ...]


@dataclass(frozen=True)
class ImageGen:
    """An ``ImageDataGenerator(...)`` instance."""

    dtype: str = "float32"


@dataclass(frozen=True)
class Flow:
    """The iterator an ImageDataGenerator ``flow*`` method returns (a Keras ``Sequence``)."""

    method: str
    element: "Value"
    batch_size: "Value"
    # ``flow(x, ...)``: the code of ``x``, so that ``len(x)`` at a call site is known to be the flow's sample count.
    samples_code: Optional[str] = field(default=None, compare=False, hash=False)
    # The code of its ``batch_size`` argument when that is a name or a literal, to write it as the code does.
    batch_code: Optional[str] = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class SequenceInstance:
    cls: ClassRef
    # The object its constructor call made (attributes from ``__init__`` run with the call's arguments),
    # when the call was seen; what its ``__getitem__`` reads through ``self``.
    instance: Optional["Instance"] = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class Zip:
    parts: Tuple["Value", ...]


@dataclass(frozen=True)
class LambdaValue:
    node: cst.Lambda = field(compare=False, hash=False)
    frame: Any = field(compare=False, hash=False)
    ident: int = 0


@dataclass(frozen=True)
class Dataset:
    """``tf.data.Dataset.from_generator(source, output_signature=...)`` and what was chained on it."""

    source: "Value"
    signature: Optional[cst.BaseExpression] = field(default=None, compare=False, hash=False)
    repeats: bool = False
    call: Optional[cst.Call] = field(default=None, compare=False, hash=False)


Value = Union[
    Unknown,
    Array,
    Scalar,
    Seq,
    ListOf,
    Mapping,
    DType,
    Ref,
    Builtin,
    Rng,
    FunctionRef,
    BoundMethod,
    ClassRef,
    Instance,
    LibraryInstance,
    GeneratorCall,
    ImageGen,
    Flow,
    SequenceInstance,
    Zip,
    LambdaValue,
    Dataset,
]


def function_ref(module: Any, node: cst.FunctionDef, cls: Optional[cst.ClassDef] = None) -> FunctionRef:
    return FunctionRef(module, node, cls, id(node))


def class_ref(module: Any, node: cst.ClassDef) -> ClassRef:
    return ClassRef(module, node, id(node))


def join(a: Value, b: Value) -> Value:
    """The least value both ``a`` and ``b`` fit: what is true on either branch of an ``if``."""
    if a == b:
        if isinstance(a, Scalar) and isinstance(b, Scalar) and b.assumed and not a.assumed:
            return b
        if isinstance(a, Seq) and isinstance(b, Seq) and a.node is not b.node:
            return Seq(a.kind, a.items, None)
        if isinstance(a, ListOf) and isinstance(b, ListOf) and a.node is not b.node:
            return ListOf(a.elem, None, a.length)
        return a
    if isinstance(a, Unknown):
        return a
    if isinstance(b, Unknown):
        return b
    if isinstance(a, Array) and isinstance(b, Array):
        if a.dtype != b.dtype:
            return Unknown(f"dtype is {a.dtype} on one path and {b.dtype} on another", "dtype")
        if a.shape is None or b.shape is None:
            return Array(a.dtype, None, a.why if a.shape is None else b.why)
        if len(a.shape) != len(b.shape):
            return Array(a.dtype, None, f"its rank is {len(a.shape)} on one path and {len(b.shape)} on another")
        return Array(a.dtype, tuple(x if x == y else None for x, y in zip(a.shape, b.shape)))
    if isinstance(a, Scalar) and isinstance(b, Scalar) and a.kind == b.kind:
        return Scalar(a.kind, None, a.assumed or b.assumed)
    if isinstance(a, Seq) and isinstance(b, Seq) and a.kind == b.kind and len(a.items) == len(b.items):
        return Seq(a.kind, tuple(join(x, y) for x, y in zip(a.items, b.items)))
    if isinstance(a, Seq) and a.kind == "list" and not a.items and isinstance(b, ListOf):
        return b
    if isinstance(b, Seq) and b.kind == "list" and not b.items and isinstance(a, ListOf):
        return a
    if isinstance(a, ListOf) and isinstance(b, ListOf):
        return ListOf(join(a.elem, b.elem), None, a.length if a.length == b.length else None)
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        ka, kb = dict(a.items), dict(b.items)
        if ka.keys() == kb.keys():
            return Mapping(tuple((k, join(ka[k], kb[k])) for k, _ in a.items))
    if isinstance(a, Instance) and isinstance(b, Instance) and a.cls == b.cls:
        # The same object whose attributes differ by path: each attribute is what both paths agree on; one
        # set on a single path is not known after the branch (the class's own value, or none, is looked up).
        ka, kb = dict(a.attrs), dict(b.attrs)
        return Instance(a.cls, tuple((k, join(v, kb[k])) for k, v in a.attrs if k in kb))
    return Unknown(f"it is {_kind(a)} on one code path and {_kind(b)} on another")


def _kind(value: Value) -> str:
    """What a value is, in a few words, for saying how two code paths disagree."""
    if isinstance(value, Array):
        return "an array" if value.dtype is None else f"a {value.dtype} array"
    if isinstance(value, Scalar):
        return "None" if value.kind == "none" else f"a Python {value.kind}"
    if isinstance(value, Seq):
        return f"a {value.kind} of {len(value.items)} item{'s' if len(value.items) != 1 else ''}"
    if isinstance(value, ListOf):
        return "a list"
    if isinstance(value, Mapping):
        return "a dict with keys " + ", ".join(repr(k) for k, _ in value.items) if value.items else "an empty dict"
    if isinstance(value, Instance):
        return f"an instance of {value.cls.name}"
    if isinstance(value, GeneratorCall):
        return f"the generator {value.function.name}() makes"
    if isinstance(value, Ref):
        return f"`{value.qualname}`"
    if isinstance(value, (FunctionRef, ClassRef)):
        return f"`{value.name}`"
    return f"a {type(value).__name__}"


def describe(value: Value) -> str:
    """A short human description, for diagnostics."""
    if isinstance(value, Unknown):
        return value.reason
    if isinstance(value, Array):
        shape = "?" if value.shape is None else "(" + ", ".join("?" if d is None else str(d) for d in value.shape) + ")"
        return f"array {value.dtype or '?'} {shape}"
    if isinstance(value, Scalar):
        return f"python {value.kind}"
    return type(value).__name__
