"""The five ``verify`` checks as pure functions of numpy values.

They never import TensorFlow: the child process gathers the facts (sample batches, the compiled loss,
output shapes, batch counts, the smoke step's outcome) and these functions judge them, so every verdict
and message can be unit-tested without a model. Each returns a :class:`CheckResult` whose message says
what is wrong and what to change.
"""

from __future__ import annotations

import collections.abc
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

import numpy as np

PASS, FAIL, SKIP = "pass", "fail", "skip"
CHECK_IDS = ("signature", "encoding", "alignment", "steps", "smoke")
ROLES = ("x", "y", "sample_weight")


@dataclass(frozen=True)
class CheckResult:
    id: str
    status: str
    message: str

    def as_dict(self) -> Dict[str, str]:
        return asdict(self)


def skip(check_id: str, message: str) -> CheckResult:
    return CheckResult(check_id, SKIP, message)


def combine(check_id: str, results: Sequence[CheckResult]) -> CheckResult:
    """One verdict from several parts: any failure fails, all skips skip; messages of the deciding parts."""
    for status in (FAIL, PASS, SKIP):
        deciding = [r.message for r in results if r.status == status]
        if deciding:
            return CheckResult(check_id, status, "; ".join(deciding))
    return skip(check_id, "nothing to check")


# --- structure -------------------------------------------------------------------------------------

Path = Tuple[Any, ...]


def split_batch(element: Any) -> Tuple[Any, Any, Any]:
    """(x, y, sample_weight) of one batch, unpacked the way Keras does (a list counts as a tuple)."""
    if isinstance(element, list):
        element = tuple(element)
    if not isinstance(element, tuple):
        return element, None, None
    if len(element) == 1:
        return element[0], None, None
    if len(element) == 2:
        return element[0], element[1], None
    if len(element) == 3:
        return element
    return element, None, None


def leaves(structure: Any, path: Path = ()) -> Iterator[Tuple[Path, Any]]:
    """(path, leaf) pairs of nested dicts, lists and tuples, in a stable order."""
    if isinstance(structure, Mapping):
        for key in sorted(structure, key=str):
            yield from leaves(structure[key], path + (key,))
    elif isinstance(structure, (list, tuple)):
        for index, item in enumerate(structure):
            yield from leaves(item, path + (index,))
    elif structure is not None:
        yield path, structure


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "es" if word.endswith("ch") else "s")


def name_of(root: str, path: Path) -> str:
    return root + "".join(f"[{key!r}]" if isinstance(key, str) else f"[{key}]" for key in path)


def shape_text(shape: Optional[Sequence[Optional[int]]]) -> str:
    if shape is None:
        return "(any shape)"
    inner = ", ".join("None" if d is None else str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def _array(value: Any) -> Optional[np.ndarray]:
    try:
        array = np.asarray(value)
    except Exception:
        return None
    return None if array.dtype == object and not _all_strings(array) else array


def _all_strings(array: np.ndarray) -> bool:
    return all(isinstance(item, (str, bytes)) for item in array.ravel()[:100])


def _example(values: np.ndarray) -> str:
    value = values.ravel()[0].item() if values.size else None
    return f"{value:.4g}" if isinstance(value, float) else repr(value)


# --- signature -------------------------------------------------------------------------------------

def is_spec_leaf(node: Any) -> bool:
    """A declared tensor: (shape, dtype name), shape a tuple of int/None or None for any rank."""
    return (isinstance(node, tuple) and len(node) == 2 and isinstance(node[1], str)
            and (node[0] is None or isinstance(node[0], tuple)))


def describe_spec(spec: Any) -> str:
    if is_spec_leaf(spec):
        return f"{shape_text(spec[0])} {spec[1]}"
    if isinstance(spec, Mapping):
        return "{" + ", ".join(f"{k!r}: {describe_spec(v)}" for k, v in spec.items()) + "}"
    if isinstance(spec, (tuple, list)):
        return "(" + ", ".join(describe_spec(v) for v in spec) + ("," if len(spec) == 1 else "") + ")"
    return repr(spec)


def _role_name(path: Path, top_level_tuple: int) -> str:
    if path and 2 <= top_level_tuple <= 3 and isinstance(path[0], int):
        return name_of(ROLES[path[0]], path[1:])
    return name_of("element", path)


_FLOAT_BITS = {"float16": 16, "bfloat16": 16, "half": 16, "float32": 32, "float64": 64, "double": 64}


def lossy_cast(values: np.ndarray, target: str) -> Optional[str]:
    """Why casting ``values`` to the dtype named ``target`` (as from_generator does, silently) loses information."""
    source = values.dtype
    if target in ("string", "variant", "resource", "any"):
        if target == "string" and source.kind not in "USO":
            return f"{source.name} values declared {target}"
        return None
    if source.kind in "USO":
        return f"{'text' if source.kind != 'O' else 'object'} values declared {target}: they cannot become numbers"
    if values.size == 0 or source.kind == "b":
        return None
    if target == "bool":
        if np.all((values == 0) | (values == 1)):
            return None
        example = _example(values[(values != 0) & (values != 1)])
        return f"values other than 0 and 1 (e.g. {example}) declared bool: they all become True"
    if target in _FLOAT_BITS:
        return _lossy_to_float(values, target)
    try:
        target_dtype = np.dtype(target)
    except TypeError:
        return None
    if target_dtype.kind in "iu":
        return _lossy_to_integer(values, target_dtype)
    if target_dtype.kind == "c":
        return None
    return None


def _lossy_to_float(values: np.ndarray, target: str) -> Optional[str]:
    source = values.dtype
    bits = _FLOAT_BITS[target]
    if source.kind == "c":
        if np.any(values.imag != 0):
            return f"complex values declared {target}: the imaginary part is dropped"
        values = values.real
        source = values.dtype
    if source.kind == "f":
        if bits == 16 and source.itemsize * 8 > 16:
            finite = values[np.isfinite(values)]
            with np.errstate(over="ignore", invalid="ignore"):
                changed = finite[finite.astype(np.float16).astype(source) != finite]
            if changed.size:
                return (f"{source.name} values (e.g. {_example(changed)}) declared {target}: {target} keeps about "
                        f"3 significant digits and tops out near 65504, so the values are rounded; declare tf.float32")
            return None
        if bits < source.itemsize * 8:
            limit = np.finfo(np.float32).max
            finite = values[np.isfinite(values)]
            if finite.size and np.max(np.abs(finite)) > limit:
                return f"{source.name} values up to {np.max(np.abs(finite)):.4g} declared {target} overflow to inf"
        return None
    # integers into a float: exact only below 2**mantissa
    mantissa = {16: 11, 32: 24, 64: 53}[bits] if target != "bfloat16" else 8
    largest = int(np.max(np.abs(values.astype(np.float64)))) if values.size else 0
    if largest > 2 ** mantissa:
        return (f"{source.name} values up to {largest} declared {target}: integers above {2 ** mantissa} "
                f"are rounded; declare tf.{'int64' if source.itemsize == 8 else 'int32'} or a wider float")
    return None


def _lossy_to_integer(values: np.ndarray, target: np.dtype) -> Optional[str]:
    source = values.dtype
    info = np.iinfo(target)
    if source.kind == "f":
        if not np.all(np.isfinite(values)):
            return f"{source.name} values with NaN or inf declared {target.name}: they become arbitrary integers"
        fractional = values[values != np.round(values)]
        if fractional.size:
            example = float(fractional.ravel()[0])
            declare = source.name if source.itemsize > 2 else "float32"
            return (f"float values (e.g. {example:.4g}) declared {target.name}: from_generator truncates them "
                    f"silently ({example:.4g} becomes {int(example)}); declare tf.{declare}, or convert the values "
                    f"yourself")
    low, high = values.min(), values.max()
    if low < info.min:
        if info.min == 0:
            return (f"negative values (e.g. {_example(values[values < 0])}) declared {target.name}: they wrap "
                    f"around to large positive numbers; declare a signed type such as tf.int32")
        return f"{source.name} values down to {low} do not fit {target.name} (min {info.min}); declare tf.int64"
    if high > info.max:
        wider = "tf.int64" if target.kind == "i" else "a wider type"
        return f"{source.name} values up to {high} do not fit {target.name} (max {info.max}); declare {wider}"
    return None


def _compare(value: Any, spec: Any, path: Path, top: int) -> List[str]:
    name = _role_name(path, top)
    if is_spec_leaf(spec):
        return _compare_leaf(value, spec, name)
    if isinstance(spec, Mapping):
        if not isinstance(value, Mapping):
            return [f"{name} is a {type(value).__name__} but output_signature declares a dict with keys "
                    f"{sorted(spec, key=str)}"]
        missing = sorted(set(spec) - set(value), key=str)
        extra = sorted(set(value) - set(spec), key=str)
        if missing or extra:
            parts = ([f"lacks {missing}"] if missing else []) + ([f"has undeclared {extra}"] if extra else [])
            return [f"{name} has keys {sorted(value, key=str)}, which {' and '.join(parts)}: from_generator "
                    f"needs exactly the declared keys {sorted(spec, key=str)}"]
        return [p for key in spec for p in _compare(value[key], spec[key], path + (key,), top)]
    if isinstance(spec, (tuple, list)):
        if not isinstance(value, tuple):
            kind = "list" if isinstance(value, list) else type(value).__name__
            fix = "; yield a tuple, e.g. `yield x, y`" if isinstance(value, list) else ""
            return [f"{name} is a {kind} but output_signature declares a tuple of {len(spec)}{fix}"]
        if len(value) != len(spec):
            what = " (x, y, sample_weight)" if len(value) == 3 and not path else ""
            return [f"{name} is a tuple of {len(value)}{what} but output_signature declares {len(spec)}: "
                    f"declare one TensorSpec per yielded value"]
        return [p for i, (v, s) in enumerate(zip(value, spec)) for p in _compare(v, s, path + (i,), top)]
    return []


def _compare_leaf(value: Any, spec: Tuple[Any, str], name: str) -> List[str]:
    shape, dtype = spec
    if dtype == "any":
        return []
    array = _array(value)
    if array is None:
        return [f"{name} ({type(value).__name__}) cannot be made into one array (ragged lists?)"]
    problems = []
    if shape is not None:
        if array.ndim != len(shape):
            problems.append(f"{name} has shape {shape_text(array.shape)} (rank {array.ndim}) but output_signature "
                            f"declares {shape_text(shape)} (rank {len(shape)})")
        else:
            wrong = [i for i, (got, want) in enumerate(zip(array.shape, shape)) if want is not None and got != want]
            if wrong:
                i = wrong[0]
                problems.append(f"{name} has shape {shape_text(array.shape)} but output_signature declares "
                                f"{shape_text(shape)}: dimension {i} is {array.shape[i]}, not {shape[i]}")
    reason = lossy_cast(array, dtype)
    if reason:
        problems.append(f"{name}: {reason}")
    return problems


def check_signature(samples: Sequence[Any], spec: Any) -> CheckResult:
    """The raw values a generator yields against its declared output_signature (structure, rank, dims, dtype)."""
    if not samples:
        return skip("signature", "the generator yielded nothing to compare with output_signature")
    top = len(spec) if isinstance(spec, tuple) and not is_spec_leaf(spec) else 0
    for index, element in enumerate(samples):
        problems = _compare(element, spec, (), top)
        if problems:
            where = f"batch {index + 1} of the generator: " if index else ""
            return CheckResult("signature", FAIL, where + "; ".join(problems[:3]))
    count = len(samples)
    return CheckResult("signature", PASS, f"{plural(count, 'batch')} from the generator match "
                                          f"output_signature {describe_spec(spec)}")


def check_generator_batches(samples: Sequence[Any]) -> CheckResult:
    """Raw batches of a generator given to Keras 3 as it is (no output_signature): Keras 3 takes each
    leaf's dtype and every dimension the first two batches agree on from those two, and reads a batch only
    as a tuple of arrays of rank 1 or more (no list inside). The later samples must agree."""
    if not samples:
        return skip("signature", "the generator yielded nothing to compare")

    def structure(value: Any, path: Path, top: int) -> Tuple[List[str], Dict[Path, np.ndarray]]:
        name = _role_name(path, top)
        if isinstance(value, list):
            return [f"{name} is a list, which Keras 3 rejects in a generator's batch: yield a tuple"], {}
        if isinstance(value, tuple):
            found: Dict[Path, np.ndarray] = {}
            problems: List[str] = []
            for i, item in enumerate(value):
                more, arrays = structure(item, path + (i,), top)
                problems += more
                found.update(arrays)
            return problems, found
        if isinstance(value, Mapping):
            found, problems = {}, []
            for key in value:
                more, arrays = structure(value[key], path + (key,), top)
                problems += more
                found.update(arrays)
            return problems, found
        array = _array(value)
        if array is None:
            return [f"{name} ({type(value).__name__}) cannot be made into one array"], {}
        if array.ndim == 0:
            return [f"{name} is a single value, which Keras 3 rejects: a batch's arrays have rank 1 or more"], {}
        return [], {path: array}

    read: List[Dict[Path, np.ndarray]] = []
    for index, element in enumerate(samples):
        where = f"batch {index + 1} of the generator: " if index else ""
        if not isinstance(element, tuple):
            return CheckResult("signature", FAIL, f"{where}it is a {type(element).__name__}: Keras 3 reads a "
                                                  "generator's batch only as a tuple (inputs, targets[, weights])")
        top = len(element)
        problems, arrays = structure(element, (), top)
        if problems:
            return CheckResult("signature", FAIL, where + "; ".join(problems[:3]))
        if read and set(arrays) != set(read[0]):
            return CheckResult("signature", FAIL, f"{where}its structure differs from the first batch's")
        read.append(arrays)
    first, second = read[0], read[min(1, len(read) - 1)]
    for index, arrays in enumerate(read[2:], start=3):
        for path, array in arrays.items():
            name = _role_name(path, len(samples[0]))
            fixed = [a if a == b else None for a, b in zip(first[path].shape, second[path].shape)]
            if array.ndim != len(fixed):
                return CheckResult("signature", FAIL, f"batch {index} of the generator: {name} has rank {array.ndim} "
                                                      f"where the first two batches have {len(fixed)}: Keras 3 stops")
            for dim, (got, want) in enumerate(zip(array.shape, fixed)):
                if dim and want is not None and got != want:
                    return CheckResult("signature", FAIL, f"batch {index} of the generator: dimension {dim} of {name} "
                                                          f"is {got} where the first two batches had {want}: Keras 3 "
                                                          "fixes it from those two and stops with TypeError")
            if array.dtype != first[path].dtype:
                return CheckResult("signature", FAIL, f"batch {index} of the generator: {name} is {array.dtype.name} "
                                                      f"where the first batch's is {first[path].dtype.name}: Keras 3 "
                                                      "converts every batch to the first's dtype")
    described = ", ".join(f"{_role_name(path, len(samples[0]))} {first[path].dtype.name} "
                          f"{shape_text((None,) + tuple(a if a == b else None for a, b in zip(first[path].shape[1:], second[path].shape[1:])))}"
                          for path in first)
    return CheckResult("signature", PASS, f"{plural(len(samples), 'batch')} from the generator, which Keras 3 reads "
                                          f"as it is: tuples of arrays agreeing with the first two ({described})")


# --- encoding --------------------------------------------------------------------------------------

CATEGORICAL = {"categorical_crossentropy", "categorical_focal_crossentropy"}
SPARSE = {"sparse_categorical_crossentropy"}
BINARY = {"binary_crossentropy", "binary_focal_crossentropy"}
ELEMENTWISE = {"mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
               "mean_squared_logarithmic_error", "huber", "log_cosh"}
_ALIASES = {"bce": "binary_crossentropy", "cce": "categorical_crossentropy", "kld": "kl_divergence",
            "mse": "mean_squared_error", "mae": "mean_absolute_error", "categorical_cross_entropy":
            "categorical_crossentropy", "sparse_categorical_cross_entropy": "sparse_categorical_crossentropy",
            "binary_cross_entropy": "binary_crossentropy", "mape": "mean_absolute_percentage_error",
            "msle": "mean_squared_logarithmic_error", "logcosh": "log_cosh", "huber_loss": "huber",
            "kullback_leibler_divergence": "kl_divergence"}


def _snake(name: str) -> str:
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    return _ALIASES.get(name, name)


def is_mapping(value: Any) -> bool:
    """A dict, including TensorFlow's tracking proxy of one (``model.loss`` of a compiled Keras 3 or tf_keras
    model is a ``_DictWrapper``, which ``typing.Mapping`` does not recognise)."""
    return isinstance(value, (dict, collections.abc.Mapping))


def loss_name(loss: Any) -> Any:
    """A compiled loss as plain names: a string for one loss, a dict or list of them for several.

    Accepts what ``compile(loss=...)`` accepts: names ("bce", "CategoricalCrossentropy"), loss functions,
    loss objects (Keras 3 and tf_keras, by duck typing), and dicts or lists of those, nested, including
    the tracking wrappers Keras keeps them in. A loss object that wraps a function is named after the
    function (``LossFunctionWrapper(iou_loss)`` is ``iou_loss``), any other object after its class.
    """
    if loss is None:
        return None
    if isinstance(loss, str):
        return _snake(loss)
    if is_mapping(loss):
        return {key: loss_name(value) for key, value in loss.items()}
    if isinstance(loss, (list, tuple)):
        return [loss_name(value) for value in loss]
    for attribute in ("fn", "func"):  # Keras' LossFunctionWrapper; functools.partial
        function = getattr(loss, attribute, None)
        if callable(function) and function is not loss:
            return loss_name(function)
    if isinstance(getattr(loss, "__name__", None), str):
        return _snake(loss.__name__)
    return _snake(type(loss).__name__)


@dataclass(frozen=True)
class Head:
    """One model output as its compiled loss sees it: what that output's labels are judged against."""

    name: str  # the output's name ("cls"), as Keras names it in the per-output losses it logs
    shape: Tuple[Optional[int], ...]  # the output's shape, batch dimension None
    loss: Optional[str]  # loss_name() of the loss Keras resolved for this output
    activation: Optional[str] = None  # the output layer's activation ("softmax", "linear"); None when unknown
    from_logits: bool = False
    weight: Optional[float] = None  # its loss weight, when one was given


def _integral(values: np.ndarray) -> bool:
    return values.dtype.kind in "iub" or bool(np.all(np.isfinite(values)) and np.all(values == np.round(values)))


def _one_hot_like(values: np.ndarray) -> bool:
    return values.ndim >= 2 and values.shape[-1] > 1 and bool(np.all((values >= 0) & (values <= 1))) and \
        bool(np.allclose(values.sum(axis=-1), 1.0, atol=1e-3))


def describe_labels(values: np.ndarray) -> str:
    """What a label batch looks like, in the words of the encodings."""
    shape = shape_text(values.shape)
    if values.dtype.kind in "USO":
        return f"strings of shape {shape}"
    if values.size == 0:
        return f"an empty array of shape {shape}"
    if _one_hot_like(values):
        kind = "one-hot" if np.all((values == 0) | (values == 1)) else "probability"
        return f"{kind} rows of width {values.shape[-1]}"
    low, high = values.min(), values.max()
    if _integral(values):
        return f"integer class ids in [{low:.0f}, {high:.0f}] of shape {shape}"
    return f"float values in [{low:.4g}, {high:.4g}] of shape {shape}"


def _units(output_shape: Sequence[Optional[int]]) -> Optional[int]:
    return output_shape[-1] if len(output_shape) >= 2 else None


def _class_id_shape(labels: np.ndarray, output_shape: Sequence[Optional[int]]) -> bool:
    """One id per output row: the output shape without its last dim, optionally with a trailing 1."""
    rank = len(output_shape)
    return labels.ndim == rank - 1 or (labels.ndim == rank and labels.shape[-1] == 1)


def _encoding_categorical(labels: np.ndarray, output_shape: Sequence[Optional[int]], loss: str) -> Tuple[str, str]:
    units = _units(output_shape)
    seen = describe_labels(labels)
    if units == 1:
        return FAIL, (f"the model has 1 output unit but {loss} needs one unit per class (with 1 unit the loss is "
                      f"always 0): for two classes use binary_crossentropy with a sigmoid output")
    if _class_id_shape(labels, output_shape) and _integral(labels):
        width = units if units is not None else int(labels.max()) + 1
        return FAIL, (f"labels are integer class ids of shape {shape_text(labels.shape)} but {loss} needs one-hot "
                      f"rows of width {width}: wrap them in keras.utils.to_categorical(y, {width}), or compile with "
                      f"sparse_categorical_crossentropy")
    if labels.ndim != len(output_shape):
        return FAIL, (f"labels have shape {shape_text(labels.shape)} but the model outputs "
                      f"{shape_text(output_shape)}: {loss} needs one row per output row")
    if units is not None and labels.shape[-1] != units:
        return FAIL, (f"labels are rows of width {labels.shape[-1]} but the model outputs {units} units: give the "
                      f"last layer {labels.shape[-1]} units, or encode the labels with {units} classes")
    if labels.dtype.kind in "USO":
        return FAIL, f"labels are {seen}: encode them as one-hot rows first"
    if labels.size and (labels.min() < 0 or labels.max() > 1):
        return FAIL, (f"labels hold values in [{labels.min():.4g}, {labels.max():.4g}] but {loss} needs one-hot or "
                      f"probability rows (each value in [0, 1], each row summing to 1)")
    if labels.size and not np.allclose(labels.sum(axis=-1), 1.0, atol=1e-3):
        sums = labels.sum(axis=-1).ravel()
        bad = sums[~np.isclose(sums, 1.0, atol=1e-3)][0]
        return FAIL, (f"label rows do not sum to 1 (one sums to {bad:.4g}): {loss} needs exactly one class per "
                      f"row; for several labels per sample use binary_crossentropy with a sigmoid output")
    return PASS, f"{seen} match the {units}-unit output of {loss}"


def _encoding_sparse(labels: np.ndarray, output_shape: Sequence[Optional[int]], loss: str) -> Tuple[str, str]:
    units = _units(output_shape)
    seen = describe_labels(labels)
    rows = labels.shape[0] if labels.ndim else 0
    wanted = f"({rows},) or ({rows}, 1)" if len(output_shape) == 2 else shape_text((rows,) + tuple(output_shape[1:-1]))
    if labels.dtype.kind in "USO":
        return FAIL, f"labels are {seen}: map them to integer class ids first (e.g. keras.layers.StringLookup)"
    one_hot_shape = labels.ndim == len(output_shape) and units not in (None, 1) and labels.shape[-1] == units
    if one_hot_shape and _one_hot_like(labels):
        return FAIL, (f"labels are {seen} but {loss} needs integer class ids of shape {wanted}: pass "
                      f"np.argmax(y, axis=-1) instead, or compile with categorical_crossentropy")
    if not _class_id_shape(labels, output_shape):
        return FAIL, (f"labels have shape {shape_text(labels.shape)} but {loss} needs one integer class id per "
                      f"sample, shape {wanted}, for the model's {shape_text(output_shape)} output")
    if not _integral(labels):
        fractional = labels[labels != np.round(labels)]
        example = float(fractional.ravel()[0]) if fractional.size else float("nan")
        return FAIL, (f"labels hold non-integer values (e.g. {example:.4g}) but {loss} needs integer class ids")
    if labels.size and units is not None:
        low, high = int(labels.min()), int(labels.max())
        if low < 0 or high >= units:
            return FAIL, (f"class ids range over [{low}, {high}] but the model outputs {units} units, so ids must lie "
                          f"in [0, {units}): give the last layer {max(high + 1, units)} units, or remap the labels")
    return PASS, f"{seen} match the {units}-unit output of {loss}"


def _encoding_binary(labels: np.ndarray, output_shape: Sequence[Optional[int]], loss: str) -> Tuple[str, str]:
    seen = describe_labels(labels)
    if labels.dtype.kind in "USO":
        return FAIL, f"labels are {seen}: map them to 0 and 1 first"
    if labels.size:
        low, high = labels.min(), labels.max()
        if low < 0 or high > 1:
            classes = int(high) + 1 if _integral(labels) and low >= 0 else None
            fix = (f"for {classes} classes use sparse_categorical_crossentropy with a {classes}-unit softmax output; "
                   f"for two classes map the labels to 0 and 1" if classes else "map the labels into [0, 1]")
            return FAIL, (f"labels take values in [{low:.4g}, {high:.4g}] but {loss} needs values in [0, 1]: {fix}")
    same = tuple(labels.shape[1:]) == tuple(output_shape[1:])
    squeezed = len(output_shape) >= 2 and output_shape[-1] == 1 and tuple(labels.shape[1:]) == tuple(output_shape[1:-1])
    if not (same or squeezed or None in output_shape[1:]):
        return FAIL, (f"labels have shape {shape_text(labels.shape)} but the model outputs "
                      f"{shape_text(output_shape)}: {loss} compares them element by element, so the shapes must match")
    return PASS, f"labels in [0, 1] of shape {shape_text(labels.shape)} match the {shape_text(output_shape)} output"


def _encoding_elementwise(labels: np.ndarray, output_shape: Sequence[Optional[int]], loss: str) -> Tuple[str, str]:
    if labels.dtype.kind in "USO":
        return FAIL, f"labels are {describe_labels(labels)} but {loss} needs numbers"
    got, want = tuple(labels.shape[1:]), tuple(output_shape[1:])
    # Keras adds or drops a trailing dimension of 1 when the ranks differ by one (squeeze_or_expand_to_same_rank)
    if len(got) + 1 == len(want) and want and want[-1] in (1, None):
        got += (1,)
    elif len(got) == len(want) + 1 and got[-1] == 1:
        got = got[:-1]
    if len(got) != len(want) or any(w is not None and g != w for g, w in zip(got, want)):
        rows = labels.shape[0] if labels.ndim else 0
        return FAIL, (f"labels have shape {shape_text(labels.shape)} but the output is {shape_text(output_shape)}: "
                      f"{loss} compares them element by element, and Keras broadcasts shapes that differ "
                      f"(each label against every unit) or fails; yield labels of shape "
                      f"{shape_text((rows,) + want)}")
    return PASS, f"numeric labels of shape {shape_text(labels.shape)} match the {shape_text(output_shape)} output"


_RULES = [(CATEGORICAL, _encoding_categorical), (SPARSE, _encoding_sparse), (BINARY, _encoding_binary),
          (ELEMENTWISE, _encoding_elementwise)]

# Activations whose values can fall below 0, or rise above 1: not probabilities, so a cross-entropy computed
# with from_logits=False clips them into (0, 1) and the clipped values give no gradient.
_CAN_BE_NEGATIVE = {"linear", "tanh", "elu", "selu", "leaky_relu", "gelu", "silu", "swish", "mish", "softsign",
                    "hard_silu", "hard_swish", "log_softmax", "log_sigmoid", "celu", "hard_tanh", "tanh_shrink",
                    "soft_shrink", "hard_shrink", "prelu"}
_CAN_EXCEED_ONE = {"relu", "relu6", "softplus", "exponential", "sparse_plus", "squareplus"}
_LOSS_CLASSES = {"categorical_crossentropy": "CategoricalCrossentropy",
                 "categorical_focal_crossentropy": "CategoricalFocalCrossentropy",
                 "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
                 "binary_crossentropy": "BinaryCrossentropy", "binary_focal_crossentropy": "BinaryFocalCrossentropy"}


def _activation_problem(head: Head, loss: str) -> Optional[str]:
    """Why the output layer's activation does not suit the loss, when it is known and does not."""
    activation = head.activation
    if activation is None:
        return None
    if activation == "softmax" and _units(head.shape) == 1:
        return ("the output applies softmax to 1 unit, so it always outputs 1.0 and cannot learn: use "
                "activation='sigmoid' for one unit")
    if head.from_logits or loss not in _LOSS_CLASSES:
        return None
    binary = loss in BINARY
    if activation in _CAN_BE_NEGATIVE or (binary and activation in _CAN_EXCEED_ONE):
        wanted = "sigmoid" if binary else "softmax"
        return (f"the output layer's activation is {activation}, so its values are not probabilities, but {loss} "
                f"is compiled with from_logits=False: it clips them into (0, 1) and the model stops learning; give "
                f"the last layer activation='{wanted}', or compile with "
                f"keras.losses.{_LOSS_CLASSES[loss]}(from_logits=True)")
    return None


def _shorthand(loss: Optional[str], labels: np.ndarray, shape: Sequence[Optional[int]]) -> Optional[str]:
    """``"crossentropy"`` resolved from the shapes, as Keras 3's ``get_loss`` does."""
    if loss not in ("crossentropy", "ce") or not shape or labels.ndim == 0:
        return loss
    if shape[-1] == 1:
        return "binary_crossentropy"
    if labels.ndim < len(shape) or (labels.shape[-1] == 1 and (shape[-1] or 2) > 1):
        return "sparse_categorical_crossentropy"
    return "categorical_crossentropy"


def head_label(head: Head, weight: bool = True) -> str:
    """``output 'cls'``, with its loss weight when one other than 1 was given."""
    weighted = f" (loss weight {head.weight:g})" if weight and head.weight is not None and head.weight != 1 else ""
    return f"output {head.name!r}{weighted}"


def dict_labels_for_one_output(labels: Any, output: str) -> Optional[str]:
    """Why labels given as a dict fail a model with one output that is not a dict (Keras 3 matches labels to
    outputs by structure: one output takes one array; tf.keras also took a dict keyed by the output's name)."""
    if not is_mapping(labels):
        return None
    keys = list(labels)
    named = ", ".join(repr(key) for key in keys)
    fix = f"yield y[{keys[0]!r}] (an array) as the labels" if len(keys) == 1 else \
        "yield the labels of that output as one array"
    by_name = " (its own name: tf.keras accepted that)" if keys == [output] else ""
    return (f"labels are a dict (key{'s' * (len(keys) != 1)} {named}){by_name}, but the model has one output, "
            f"{output!r}, and Keras 3 matches labels to outputs by structure: one output takes its labels as one "
            f"array, not a dict (a dict only for a model whose outputs are a dict); {fix}")


def _check_head(head: Head, labels: Any, named: bool) -> CheckResult:
    prefix = f"{head_label(head)}: " if named else ""
    array = _array(labels)
    if array is None or array.ndim == 0:
        return CheckResult("encoding", FAIL, f"{prefix}labels are not a batch array ({type(labels).__name__})")
    loss = _shorthand(_ALIASES.get(head.loss, head.loss) if head.loss else head.loss, array, head.shape)
    rule = next((rule for family, rule in _RULES if loss in family), None)
    if rule is None:
        return skip("encoding", f"{prefix}no label rule for the loss {loss!r}")
    status, message = rule(array, head.shape, loss)
    if status == PASS:
        problem = _activation_problem(head, loss)
        if problem:
            status, message = FAIL, problem
    return CheckResult("encoding", status, prefix + message)


def per_output(check_id: str, parts: Sequence[CheckResult]) -> CheckResult:
    """One verdict over a model's outputs: failures alone when one fails, otherwise every output's message."""
    failed = [part.message for part in parts if part.status == FAIL]
    if failed:
        return CheckResult(check_id, FAIL, "; ".join(failed))
    status = PASS if any(part.status == PASS for part in parts) else SKIP
    return CheckResult(check_id, status, "; ".join(part.message for part in parts))


def check_heads(pairs: Sequence[Tuple[Head, Any]]) -> CheckResult:
    """Each output's labels against its own loss and output layer (width, activation), output by output.

    ``pairs`` holds each output that has a loss with the labels that loss receives, as the model's framework
    matches them (see ``intercept.loss_heads``); with several outputs every message names its output.
    """
    if not pairs:
        return skip("encoding", "no output of the model has a loss")
    return per_output("encoding", [_check_head(head, labels, len(pairs) > 1) for head, labels in pairs])


def _pair_outputs(y: Any, loss: Any, outputs: Sequence[Tuple[str, Tuple]]) -> Tuple[List[Tuple[Head, Any]],
                                                                                       Optional[str]]:
    """(head, labels) for each model output, paired by name or position, or why they cannot be paired."""
    names = [name for name, _ in outputs]

    def pick(structure: Any, index: int, name: str, what: str) -> Any:
        if is_mapping(structure):
            if name not in structure:
                raise LookupError(f"{what} has no entry for the output {name!r} (keys: {sorted(structure, key=str)})")
            return structure[name]
        if isinstance(structure, (list, tuple)):
            if len(structure) != len(outputs):
                raise LookupError(f"{what} has {len(structure)} entries but the model has {len(outputs)} "
                                  f"outputs {names}")
            return structure[index]
        return structure

    pairs = []
    try:
        for index, (name, shape) in enumerate(outputs):
            one_loss = loss if isinstance(loss, str) or loss is None else pick(loss, index, name, "the loss")
            if one_loss is None and len(outputs) > 1:
                continue  # an output without a loss takes no labels
            single = len(outputs) == 1 and not (is_mapping(y) or isinstance(y, (list, tuple)))
            labels = y if single else pick(y, index, name, "y")
            pairs.append((Head(str(name), tuple(shape), one_loss), labels))
    except LookupError as exc:
        return [], str(exc)
    return pairs, None


def check_encoding(y: Any, loss: Any, outputs: Sequence[Tuple[str, Tuple]]) -> CheckResult:
    """Labels against the compiled loss and the model's output shape, pairing outputs by name or position.

    ``loss`` is :func:`loss_name`'s result; ``outputs`` is (name, shape) per model output, batch dim None.
    The harness prefers :func:`check_heads` with the framework's own pairing; this is the plain reading.
    """
    if y is None:
        return skip("encoding", "this batch has no labels to check")
    if loss is None:
        return skip("encoding", "the model is not compiled with a loss")
    if not outputs:
        return skip("encoding", "the model's output shape is unknown")
    pairs, problem = _pair_outputs(y, loss, outputs)
    if problem:
        return CheckResult("encoding", FAIL, problem)
    return check_heads(pairs)


# --- alignment -------------------------------------------------------------------------------------

def check_alignment(x: Any, y: Any = None, sample_weight: Any = None, input_names: Sequence[str] = (),
                    output_names: Sequence[str] = (), heads: Optional[Sequence[Tuple[Head, Any]]] = None
                    ) -> CheckResult:
    """Every leaf of x, y and sample_weight has the same number of rows; dict keys match the model's names.

    With ``heads`` (each output that has a loss, with the labels the framework gives it), the labels are
    counted output by output and named after their output, and y's keys need not be checked: the
    framework has matched them already.
    """
    problems: List[str] = []
    notes: List[str] = []
    if isinstance(x, Mapping) and input_names:
        missing = [n for n in input_names if n not in x]
        extra = sorted(set(map(str, x)) - set(input_names))
        if missing:
            problems.append(f"x has no key {missing[0]!r} for the model input {missing[0]!r} (x keys: "
                            f"{sorted(x, key=str)}; model inputs: {list(input_names)}): name the dict keys after "
                            f"the model's inputs (keras.Input(name=...))")
        elif extra:
            notes.append(f"x keys {extra} are not model inputs and are ignored")
    elif isinstance(x, (list, tuple)) and len(input_names) > 1 and len(x) != len(input_names):
        problems.append(f"x holds {len(x)} arrays but the model has {len(input_names)} inputs {list(input_names)}")
    elif x is not None and not isinstance(x, (Mapping, list, tuple)) and len(input_names) > 1:
        problems.append(f"x is one array but the model has {len(input_names)} inputs {list(input_names)}: pass a "
                        f"dict keyed by input name or a tuple with one array per input")
    if is_mapping(y) and output_names and heads is None:
        missing = [n for n in output_names if n not in y]
        if missing:
            problems.append(f"y has no key {missing[0]!r} for the model output {missing[0]!r} (y keys: "
                            f"{sorted(y, key=str)}; model outputs: {list(output_names)})")
    rows: List[Tuple[str, int]] = []
    named: List[Tuple[str, Any]] = [(name_of("x", path), leaf) for path, leaf in leaves(x)]
    if heads is not None and len(heads) > 1:
        named += [(name_of("y", path) + f" of {head_label(head, weight=False)}", leaf)
                  for head, labels in heads for path, leaf in leaves(labels)]
    else:
        named += [(name_of("y", path), leaf) for path, leaf in leaves(y)]
    named += [(name_of("sample_weight", path), leaf) for path, leaf in leaves(sample_weight)]
    for name, leaf in named:
        array = _array(leaf)
        if array is None:
            problems.append(f"{name} ({type(leaf).__name__}) is not an array")
        elif array.ndim == 0:
            problems.append(f"{name} is a scalar, not a batch: every value in a batch needs a leading batch "
                            f"dimension")
        else:
            rows.append((name, array.shape[0]))
    counts = {count for _, count in rows}
    if len(counts) > 1:
        first_name, first = rows[0]
        other_name, other = next((n, c) for n, c in rows if c != first)
        problems.append(f"{first_name} has {first} rows but {other_name} has {other}: each batch must pair every "
                        f"input row with one label (and one weight); check how the generator slices its arrays "
                        f"(use the same [start:stop] for x and y)")
    if problems:
        return CheckResult("alignment", FAIL, "; ".join(problems))
    if not rows:
        return skip("alignment", "the batch holds no arrays")
    present = [root for root, s in zip(ROLES, (x, y, sample_weight)) if s is not None]
    what = " and ".join([", ".join(present[:-1]), present[-1]] if len(present) > 1 else present)
    verb = {1: "has", 2: "both have"}.get(len(present), "all have")
    message = f"{what} {verb} {rows[0][1]} rows"
    if heads is not None and len(heads) > 1:
        message += f" (the labels of every output: {', '.join(repr(head.name) for head, _ in heads)})"
    return CheckResult("alignment", PASS, message + (f" ({'; '.join(notes)})" if notes else ""))


# --- steps -----------------------------------------------------------------------------------------

@dataclass
class StepCount:
    """How many batches one input (training or validation data) must deliver, and how many it did."""

    what: str  # "training data", "validation data", "the data"
    needed: Optional[int]  # None: the call gives no step count, so each epoch runs to the end of the data
    need_text: str = ""  # how `needed` was computed: "steps_per_epoch=100 x epochs=10"
    count_argument: str = "steps_per_epoch"
    epochs: int = 1
    delivered: int = 0
    ended: bool = False  # the data ran out while counting
    endless: bool = False  # known to repeat forever (dataset cardinality)
    stopped_by: str = ""  # the budget that stopped the count early, if one did
    not_counted: str = ""  # why it was not counted at all
    raised: str = ""  # the data raised while it was being counted: the call would crash there
    invalid: str = ""  # the step count itself is one Keras 3 rejects: the call crashes before any batch


def float_step_count(argument: str, steps: Any) -> str:
    """Why a float step count fails the call (Keras 3 raises TypeError before the first batch); '' for any
    other count."""
    if isinstance(steps, bool) or not isinstance(steps, (float, np.floating)):
        return ""
    return (f"{argument}={steps!r} is a float, and Keras 3 raises TypeError on a float step count (\"'float' object "
            f"cannot be interpreted as an integer\") before the first batch: pass an integer, such as math.ceil(...) "
            f"of it (the steps legacy Keras ran for a float count: `while steps_done < {argument}`)")


def _one_step_count(count: StepCount) -> CheckResult:
    if count.invalid:
        return CheckResult("steps", FAIL, f"{count.what}: {count.invalid}")
    if count.raised:
        return CheckResult("steps", FAIL, (
            f"{count.what} raised after {plural(count.delivered, 'batch')}: {count.raised}; the call would stop there "
            f"with this error: fix the generator"))
    if count.not_counted:
        return skip("steps", f"{count.what}: {count.not_counted}")
    if count.needed is not None:
        if count.ended and count.delivered < count.needed:
            per_epoch = count.delivered // max(count.epochs, 1)
            if per_epoch:
                smaller = f", or set {count.count_argument}={per_epoch}"
            elif count.delivered and count.epochs > 1:
                smaller = f", or ask for at most {count.delivered} in all ({count.count_argument} x epochs)"
            else:
                smaller = ""
            return CheckResult("steps", FAIL, (
                f"{count.what} ends after {plural(count.delivered, 'batch')} but the call needs "
                f"{count.needed} ({count.need_text}): Keras stops early with only a warning; add .repeat() to the "
                f"dataset (or loop `while True` in the generator){smaller}"))
        if count.delivered >= count.needed:
            return CheckResult("steps", PASS, f"{count.what} delivers the {count.needed} batches needed "
                                              f"({count.need_text})")
        return CheckResult("steps", PASS, (
            f"{count.what} delivers at least {count.delivered} of the {count.needed} batches needed "
            f"({count.need_text}); counting stopped at the {count.stopped_by or 'budget'}"))
    if count.endless:
        return CheckResult("steps", FAIL, (
            f"{count.what} repeats forever and the call has no {count.count_argument}, so the first epoch never "
            f"ends: pass {count.count_argument}=<batches per epoch>"))
    if count.ended:
        if count.delivered == 0:
            return CheckResult("steps", FAIL, f"{count.what} yields no batch at all")
        unit = "the call runs" if count.count_argument == "steps" else "each epoch is"
        return CheckResult("steps", PASS, f"{count.what} ends after {plural(count.delivered, 'batch')}, so {unit} "
                                          f"{plural(count.delivered, 'step')} (no {count.count_argument} needed)")
    return CheckResult("steps", FAIL, (
        f"{count.what} was still yielding after {count.delivered} batches (the {count.stopped_by or 'budget'}) and the "
        f"call has no {count.count_argument}: an endless generator makes the first epoch last forever; pass "
        f"{count.count_argument}=<batches per epoch> (if the data is merely long, raise --max-batches or "
        f"--time-budget)"))


def check_steps(counts: Sequence[StepCount]) -> CheckResult:
    """Each input can deliver the batches the call will ask for (steps_per_epoch * epochs, and validation)."""
    if not counts:
        return skip("steps", "no data to count")
    return combine("steps", [_one_step_count(count) for count in counts])


# --- smoke -----------------------------------------------------------------------------------------

@dataclass
class SmokeOutcome:
    """What happened when the real compiled model ran on the sample batches."""

    kind: str  # "train step", "test step", "predict step"
    requested: int
    ran: int = 0
    error: str = ""  # "ValueError: ..." from the model, if a step raised
    losses: List[float] = field(default_factory=list)
    not_run: str = ""  # why no step was attempted


def check_smoke(outcome: SmokeOutcome) -> CheckResult:
    """The real model took real steps on the real batches, and the loss stayed finite."""
    if outcome.not_run:
        return skip("smoke", outcome.not_run)
    if outcome.requested == 0:
        return skip("smoke", "no smoke step asked for (--smoke-steps 0)")
    if outcome.error:
        return CheckResult("smoke", FAIL, (
            f"{outcome.kind} {outcome.ran + 1} on the sample batches raised {outcome.error} (the call would fail "
            f"the same way)"))
    bad = [i for i, loss in enumerate(outcome.losses) if not np.isfinite(loss)]
    if bad:
        return CheckResult("smoke", FAIL, (
            f"the loss is {outcome.losses[bad[0]]} after {outcome.kind} {bad[0] + 1}: look for NaN or inf in the "
            f"inputs, or labels outside what the loss accepts"))
    trend = ""
    if outcome.losses:
        last = f" -> {outcome.losses[-1]:.4g}" if len(outcome.losses) > 1 else ""
        trend = f" (loss {outcome.losses[0]:.4g}{last})"
    return CheckResult("smoke", PASS, f"{outcome.ran} real {outcome.kind}{'s' * (outcome.ran != 1)} ran{trend}")
