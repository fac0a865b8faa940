"""From the value a generator yields to the ``output_signature`` that describes it exactly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple, Union

from fitmigrate.analysis.values import Array, ListOf, Mapping, Seq, Unknown, Value, describe

TF_DTYPES = {
    "float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
    "uint64", "bool", "complex64", "complex128", "string",
}


@dataclass(frozen=True)
class TensorSpec:
    shape: Tuple[Optional[int], ...]
    dtype: str

    def code(self, tf: str) -> str:
        dims = ", ".join("None" if d is None else str(d) for d in self.shape)
        if len(self.shape) == 1:
            dims += ","
        return f"{tf}.TensorSpec(shape=({dims}), dtype={tf}.{self.dtype})"


@dataclass(frozen=True)
class SpecTuple:
    items: Tuple["Spec", ...]
    was_list: bool = False


@dataclass(frozen=True)
class SpecDict:
    items: Tuple[Tuple[str, "Spec"], ...]


Spec = Union[TensorSpec, SpecTuple, SpecDict]
Path = Tuple[Union[int, str], ...]


class NotProven(Exception):
    """The structure or a dtype of what is yielded cannot be proven; the message says what. ``kind`` says
    which (``dtype``, ``rank``, ``list``: a list of unknown length, ``structure``, ``value``: a value the
    analyzer cannot see at all), for the remedy the diagnostic suggests."""

    def __init__(self, message: str, kind: str = "structure") -> None:
        super().__init__(message)
        self.kind = kind


def spec_for(value: Value, path: Path = ()) -> Spec:
    where = "".join(f"[{p!r}]" for p in path) or "the yielded value"
    if isinstance(value, Seq):
        if not value.items:
            raise NotProven(f"{where} is an empty sequence")
        return SpecTuple(tuple(spec_for(item, path + (i,)) for i, item in enumerate(value.items)),
                         was_list=value.kind == "list")
    if isinstance(value, Mapping):
        return SpecDict(tuple((k, spec_for(v, path + (k,))) for k, v in value.items))
    if isinstance(value, Array):
        why = f" ({value.why})" if value.why else ""
        if value.dtype is None:
            raise NotProven(f"the dtype of {where} cannot be proven{why}", "dtype")
        if value.dtype not in TF_DTYPES:
            raise NotProven(f"{where} has dtype {value.dtype}, which has no TensorFlow equivalent", "dtype")
        if value.shape is None:
            raise NotProven(f"the rank of {where} ({value.dtype}) cannot be proven{why}", "rank")
        if len(value.shape) == 0:
            raise NotProven(f"{where} is a single value, not a batch")
        return TensorSpec((None,) + tuple(value.shape[1:]), value.dtype)
    if isinstance(value, ListOf):
        raise NotProven(f"{where} is a list of unknown length", "list")
    if isinstance(value, Unknown):
        raise NotProven(f"{where}: {value.reason}", value.kind)
    raise NotProven(f"{where} is a {describe(value)}, not an array")


def spec_from_sample(structure, path: Path = ()) -> Spec:
    """A signature from a sampled batch: nested tuples, lists and dicts of ``(shape, dtype name)``."""
    where = "".join(f"[{p!r}]" for p in path) or "the sampled batch"
    if isinstance(structure, dict):
        return SpecDict(tuple((k, spec_from_sample(v, path + (k,))) for k, v in structure.items()))
    if isinstance(structure, tuple) and len(structure) == 2 and isinstance(structure[1], str):
        shape, dtype = structure
        if dtype not in TF_DTYPES:
            raise NotProven(f"{where} has dtype {dtype}, which has no TensorFlow equivalent")
        if not shape:
            raise NotProven(f"{where} is a single value, not a batch")
        return TensorSpec((None,) + tuple(shape[1:]), dtype)
    if isinstance(structure, (tuple, list)) and structure:
        return SpecTuple(tuple(spec_from_sample(v, path + (i,)) for i, v in enumerate(structure)),
                         was_list=isinstance(structure, list))
    raise NotProven(f"{where} is empty")


def list_paths(spec: Spec, path: Path = ()) -> List[Path]:
    """Where the yielded structure holds a list, which ``from_generator`` rejects."""
    found: List[Path] = []
    if isinstance(spec, SpecTuple):
        if spec.was_list:
            found.append(path)
        for i, item in enumerate(spec.items):
            found.extend(list_paths(item, path + (i,)))
    elif isinstance(spec, SpecDict):
        for key, item in spec.items:
            found.extend(list_paths(item, path + (key,)))
    return found


def render(spec: Spec, tf: str, indent: str, step: str) -> str:
    """The signature as code, one spec a line, indented under ``indent``."""
    if isinstance(spec, TensorSpec):
        return spec.code(tf)
    inner = indent + step
    if isinstance(spec, SpecTuple):
        lines = [f"{inner}{render(item, tf, inner, step)}," for item in spec.items]
        return "(\n" + "\n".join(lines) + f"\n{indent})"
    lines = [f"{inner}{key!r}: {render(item, tf, inner, step)}," for key, item in spec.items]
    return "{\n" + "\n".join(lines) + f"\n{indent}}}"
