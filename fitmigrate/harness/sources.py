"""Reading sample batches from, and counting the batches of, each kind of input ``fit`` accepts.

Runs in the child only. TensorFlow is touched only when the input is a ``tf.data.Dataset``, which means the
script has imported it already.
"""

from __future__ import annotations

import math
import random
import re
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional, Tuple

import numpy as np

from fitmigrate.harness.checks import StepCount, split_batch

Batch = Tuple[Any, Any, Any]  # (x, y, sample_weight), numpy leaves
ORIGIN_ATTRIBUTE = "_fitmigrate_origin"


@dataclass
class GeneratorOrigin:
    """What ``Dataset.from_generator`` was given, recorded on the dataset it returned."""

    generator: Callable
    args: tuple
    spec: Any  # plain signature: nested tuples/dicts of (shape, dtype name)
    file: str
    line: int
    seen: list = field(default_factory=list)  # the first raw values that went through the dataset
    keep: int = 3

    def call(self):
        """The generator's iterator, called as from_generator calls it (arguments as numpy values)."""
        args = []
        for arg in self.args:
            try:
                import tensorflow as tf

                args.append(tf.convert_to_tensor(arg).numpy())
            except Exception:
                args.append(arg)
        return self.generator(*args)

    def shares_one_iterator(self) -> bool:
        """``lambda: gen`` hands every pass the same generator object, so a second pass finds it used up."""
        try:
            return self.call() is self.call()
        except Exception:
            return False

    def recording(self, generator: Callable) -> Callable:
        """``generator`` wrapped to keep copies of the first raw values it yields, before from_generator casts."""

        def generator_with_record(*args):
            for value in generator(*args):
                if len(self.seen) < self.keep:
                    self.seen.append(_copy_arrays(value))
                yield value

        return generator_with_record


def _copy_arrays(value: Any) -> Any:
    """A generator may refill one buffer for every batch: keep what it yielded then, not what it holds later."""
    if isinstance(value, dict):
        return {key: _copy_arrays(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(_copy_arrays(item) for item in value)
    return value.copy() if isinstance(value, np.ndarray) else value


@dataclass
class Budget:
    max_batches: int
    seconds: float

    def describe_stop(self, hit_time: bool) -> str:
        return f"--time-budget of {self.seconds:g} s" if hit_time else f"--max-batches limit of {self.max_batches}"


def seed_everything(seed: int = 0) -> None:
    random.seed(seed)
    np.random.seed(seed)
    tf = sys.modules.get("tensorflow")
    if tf is not None and hasattr(tf, "random"):
        tf.random.set_seed(seed)


def to_numpy(value: Any) -> Any:
    """Tensors to numpy, keeping the structure's own container types (a list stays a list)."""
    if isinstance(value, dict):
        return {key: to_numpy(item) for key, item in value.items()}
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(to_numpy(item) for item in value)
    if isinstance(value, list):
        return [to_numpy(item) for item in value]
    numpy = getattr(value, "numpy", None)
    if callable(numpy) and not isinstance(value, np.ndarray):
        try:
            return numpy()
        except Exception:
            return value
    return value


def _is_dataset(value: Any) -> bool:
    tf = sys.modules.get("tensorflow")
    return tf is not None and isinstance(value, tf.data.Dataset)


def _array_like(value: Any) -> bool:
    if isinstance(value, np.ndarray) or (hasattr(value, "__array__") and not _is_dataset(value)):
        return True
    if isinstance(value, dict):
        return bool(value) and all(_array_like(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return bool(value) and all(_array_like(v) for v in value)
    return False


def _first_leaf(value: Any) -> Any:
    while isinstance(value, (dict, list, tuple)):
        value = next(iter(value.values())) if isinstance(value, dict) else value[0]
    return value


def _rows(value: Any, start: int, stop: int) -> Any:
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: _rows(v, start, stop) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_rows(v, start, stop) for v in value)
    return np.asarray(value)[start:stop]


_ERROR_LINE = re.compile(r"^\s*[A-Z]\w*(Error|Exception): \S")


def short_error(exc: BaseException) -> str:
    """``Type: message`` in one line, without TensorFlow's graph-node and stack-frame noise.

    tf_keras wraps errors raised while tracing as "in user code: <frames> ValueError: ..."; the innermost
    error line is the one that says what is wrong.
    """
    raw = str(exc).splitlines()
    nested = [line.strip() for line in raw if _ERROR_LINE.match(line)]
    if nested:
        text = nested[-1]
    else:
        noise = ("Graph execution error", "Detected at node", "Traceback", "Stack trace", "[[", "File ")
        lines = [line.strip() for line in raw
                 if line.strip() and not line.startswith((" ", "\t")) and not line.strip().startswith(noise)]
        text = f"{type(exc).__name__}: " + (" ".join(lines) or repr(exc))
    return text[:400] + ("..." if len(text) > 400 else "")


class Source:
    kind = "the data"
    rows: Optional[int] = None

    def sample(self, count: int) -> List[Batch]:
        raise NotImplementedError

    def sample_and_count(self, count: int, what: str, steps: Optional[int], epochs: int, argument: str,
                         budget: Budget) -> Tuple[List[Batch], StepCount]:
        """``count`` sample batches and the step count; raises what reading the first batches raised."""
        return self.sample(count), self.count(what, steps, epochs, argument, budget)

    def count(self, what: str, steps: Optional[int], epochs: int, argument: str, budget: Budget) -> StepCount:
        return StepCount(what, steps, not_counted=f"{self.kind} cannot be counted")

    def origins(self) -> List[GeneratorOrigin]:
        return []


def _need_text(argument: str, steps: Optional[int], epochs: int) -> str:
    return f"{argument}={steps}" + (f" x epochs={epochs}" if epochs != 1 else "")


class DatasetSource(Source):
    kind = "a tf.data.Dataset"

    def __init__(self, dataset):
        self.dataset = dataset

    def sample(self, count: int) -> List[Batch]:
        return [split_batch(to_numpy(element)) for element in self.dataset.take(count)]

    def _known_length(self, what, steps, epochs, argument) -> Optional[StepCount]:
        """The count from the dataset's cardinality, when tf.data knows it without iterating."""
        import tensorflow as tf

        cardinality = int(tf.data.experimental.cardinality(self.dataset).numpy())
        if cardinality == tf.data.experimental.INFINITE_CARDINALITY:
            total = steps * epochs if steps else None
            return StepCount(what, total, _need_text(argument, steps, epochs), argument, epochs,
                             delivered=total or 0, endless=True)
        if cardinality >= 0:  # a known length: Keras starts it again every epoch
            return StepCount(what, steps, f"{argument}={steps} per epoch", argument, 1, delivered=cardinality,
                             ended=True)
        return None

    def _walk(self, keep: int, what, steps, epochs, argument, budget) -> Tuple[List[Batch], StepCount]:
        """One pass: keep the first ``keep`` batches, count on up to the need or the budget."""
        total = steps * epochs if steps else None
        limit = min(total or budget.max_batches, budget.max_batches)
        deadline = time.monotonic() + budget.seconds
        kept: List[Batch] = []
        delivered, hit_time = 0, False
        try:
            for element in self.dataset.take(max(limit, keep)):
                if len(kept) < keep:
                    kept.append(split_batch(to_numpy(element)))
                delivered += 1
                if time.monotonic() > deadline and delivered < limit and len(kept) >= keep:
                    hit_time = True
                    break
        except Exception as exc:
            if keep and not kept:
                raise
            return kept, StepCount(what, total, delivered=delivered,
                                   raised=f"reading batch {delivered + 1} raised {short_error(exc)}")
        ended = not hit_time and delivered < max(limit, keep)
        stopped = "" if ended or (total is not None and delivered >= total) else budget.describe_stop(hit_time)
        return kept, StepCount(what, total, _need_text(argument, steps, epochs), argument, epochs,
                               delivered=delivered, ended=ended, stopped_by=stopped)

    def count(self, what, steps, epochs, argument, budget):
        return self._known_length(what, steps, epochs, argument) or self._walk(0, what, steps, epochs, argument,
                                                                               budget)[1]

    def sample_and_count(self, count, what, steps, epochs, argument, budget):
        if not any(origin.shares_one_iterator() for origin in self.origins()):
            return super().sample_and_count(count, what, steps, epochs, argument, budget)
        known = self._known_length(what, steps, epochs, argument)
        if known is not None:
            return self.sample(count), known
        return self._walk(count, what, steps, epochs, argument, budget)

    def origins(self) -> List[GeneratorOrigin]:
        found, stack, seen = [], [self.dataset], set()
        while stack:
            dataset = stack.pop()
            if id(dataset) in seen:
                continue
            seen.add(id(dataset))
            origin = getattr(dataset, ORIGIN_ATTRIBUTE, None)
            if origin is not None:
                found.append(origin)
            try:
                stack.extend(dataset._inputs())
            except Exception:
                pass
        return found[::-1]


class ArraySource(Source):
    kind = "in-memory arrays"

    def __init__(self, x, y, sample_weight, batch_size: Optional[int]):
        self.x, self.y, self.sample_weight = x, y, sample_weight
        self.batch_size = batch_size or 32
        leaf = _first_leaf(x)
        self.rows = int(np.shape(leaf)[0]) if np.ndim(leaf) else 1

    def sample(self, count: int) -> List[Batch]:
        batches = []
        for index in range(count):
            start = index * self.batch_size
            if start >= self.rows:
                break
            stop = start + self.batch_size
            batches.append(tuple(_rows(part, start, stop) for part in (self.x, self.y, self.sample_weight)))
        return batches

    def count(self, what, steps, epochs, argument, budget):
        per_epoch = math.ceil(self.rows / self.batch_size)
        return StepCount(what, steps, f"{argument}={steps} per epoch", argument, 1, delivered=per_epoch, ended=True)


class SequenceSource(Source):
    kind = "a keras.utils.PyDataset / Sequence"

    def __init__(self, sequence):
        self.sequence = sequence

    def _length(self) -> Optional[int]:
        length = getattr(self.sequence, "num_batches", None)
        if length is None:
            try:
                length = len(self.sequence)
            except TypeError:
                return None
        return length

    def sample(self, count: int) -> List[Batch]:
        length = self._length()
        upto = count if length is None else min(count, length)
        return [split_batch(to_numpy(self.sequence[index])) for index in range(upto)]

    def count(self, what, steps, epochs, argument, budget):
        length = self._length()
        need = f"{argument}={steps} per epoch"
        if length is None:
            return StepCount(what, steps, need, argument, 1, delivered=steps or 0, endless=True)
        return StepCount(what, steps, need, argument, 1, delivered=length, ended=True)


class IteratorSource(Source):
    kind = "a plain Python generator"

    def __init__(self, iterator):
        self.iterator = iterator
        self.raw: List[Any] = []  # the batches as the generator yielded them (Keras 3 reads them so)

    def sample(self, count: int) -> List[Batch]:
        batches = []
        for _ in range(count):
            try:
                element = next(self.iterator)
            except StopIteration:
                break
            self.raw.append(element)
            batches.append(split_batch(to_numpy(element)))
        return batches

    def count(self, what, steps, epochs, argument, budget):
        return StepCount(what, steps, not_counted=(
            "a plain Python generator cannot be counted without using it up; wrap it in "
            "tf.data.Dataset.from_generator to have its length checked"))


class Unsupported(Source):
    def __init__(self, value):
        self.kind = f"a {type(value).__name__}"

    def sample(self, count: int) -> List[Batch]:
        return []


def source_for(x: Any, y: Any = None, sample_weight: Any = None, batch_size: Optional[int] = None) -> Source:
    if _is_dataset(x):
        return DatasetSource(x)
    if x is not None and _array_like(x):
        return ArraySource(x, y, sample_weight, batch_size)
    if hasattr(x, "__getitem__") and hasattr(x, "__len__") and not isinstance(x, (str, bytes, dict)):
        return SequenceSource(x)
    if hasattr(x, "__next__"):
        return IteratorSource(x)
    return Unsupported(x)


def validation_source(data: Any, batch_size: Optional[int]) -> Optional[Source]:
    if data is None:
        return None
    if isinstance(data, (tuple, list)) and 2 <= len(data) <= 3 and _array_like(data[0]):
        x, y, sample_weight = (tuple(data) + (None,))[:3]
        return ArraySource(x, y, sample_weight, batch_size)
    return source_for(data, batch_size=batch_size)


def raw_generator_values(origin: GeneratorOrigin, count: int) -> list:
    """What the recorded generator yields when called as from_generator calls it, seeded, before any cast.

    A generator object shared by every pass (``lambda: gen``) is not pulled again: the values recorded while
    the dataset was read stand in, so the script's own data is not used up by the check.
    """
    if origin.shares_one_iterator():
        return [to_numpy(value) for value in origin.seen[:count]]
    seed_everything()
    iterator = iter(origin.call())
    values = []
    try:
        for _ in range(count):
            try:
                values.append(to_numpy(next(iterator)))
            except StopIteration:
                break
    finally:
        close = getattr(iterator, "close", None)
        if callable(close):
            close()
    return values
