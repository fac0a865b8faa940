"""What the child does at each intercepted ``fit`` / ``evaluate`` / ``predict``: sample, check, smoke, answer.

The patched methods never train for real: after a few real steps on sample batches they hand back a
``History``-like result (or loss values, or predictions) at once, so the script goes on to its next call.
"""

from __future__ import annotations

import functools
import inspect
import traceback
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np

from fitmigrate.harness import checks
from fitmigrate.harness.checks import CHECK_IDS, CheckResult, SmokeOutcome, StepCount
from fitmigrate.harness.hooks import display_site, user_frame
from fitmigrate.harness.sources import (ORIGIN_ATTRIBUTE, Budget, DatasetSource, GeneratorOrigin, IteratorSource,
                                        Source, raw_generator_values, short_error, source_for, validation_source)

#: Model methods to intercept, and the method name they report as.
MODEL_METHODS = {"fit": "fit", "evaluate": "evaluate", "predict": "predict",
                 "fit_generator": "fit", "evaluate_generator": "evaluate", "predict_generator": "predict"}
STEP_KIND = {"fit": "train step", "evaluate": "test step", "predict": "predict step"}


@dataclass
class Settings:
    batches: int = 3
    smoke_steps: int = 2
    max_batches: int = 10000
    time_budget: float = 30.0


@dataclass
class CallFacts:
    """The arguments of one intercepted call that matter to the checks, whatever the method's spelling."""

    method: str
    x: Any = None
    y: Any = None
    sample_weight: Any = None
    batch_size: Optional[int] = None
    epochs: int = 1
    initial_epoch: int = 0
    steps: Optional[int] = None
    steps_argument: str = "steps"
    validation_data: Any = None
    validation_steps: Optional[int] = None
    validation_batch_size: Optional[int] = None
    class_weight: Any = None
    return_dict: bool = False

    @classmethod
    def from_arguments(cls, method: str, arguments: Dict[str, Any]) -> "CallFacts":
        get = arguments.get
        facts = cls(method, x=get("x", get("generator")), y=get("y"), sample_weight=get("sample_weight"),
                    batch_size=get("batch_size"), return_dict=bool(get("return_dict", False)))
        if method == "fit":
            facts.epochs = int(get("epochs") or 1)
            facts.initial_epoch = int(get("initial_epoch") or 0)
            facts.steps, facts.steps_argument = get("steps_per_epoch"), "steps_per_epoch"
            facts.validation_data = get("validation_data")
            facts.validation_steps = get("validation_steps")
            facts.validation_batch_size = get("validation_batch_size") or facts.batch_size
            facts.class_weight = get("class_weight")
        else:
            facts.steps = get("steps")
        return facts

    @property
    def epochs_to_run(self) -> int:
        return max(self.epochs - self.initial_epoch, 1)


class _Metrics(dict):
    """``History.history`` that answers any metric name (NaN per epoch) so plotting code after fit still runs."""

    def __init__(self, values: Dict[str, list], epochs: int):
        super().__init__(values)
        self._epochs = epochs

    def __missing__(self, key):
        return [float("nan")] * self._epochs


def plain_spec(spec: Any) -> Any:
    """A dataset's element_spec as nested tuples/dicts of (shape, dtype name); other TypeSpecs as (None, "any")."""
    if isinstance(spec, dict):
        return {key: plain_spec(value) for key, value in spec.items()}
    if isinstance(spec, (tuple, list)):
        return tuple(plain_spec(value) for value in spec)
    if type(spec).__name__ == "TensorSpec":
        shape = None if spec.shape.rank is None else tuple(spec.shape.as_list())
        return shape, spec.dtype.name
    return None, "any"


def _shape(tensor: Any) -> Tuple:
    shape = getattr(tensor, "shape", ())
    as_list = getattr(shape, "as_list", None)
    return tuple(as_list()) if callable(as_list) else tuple(shape)


def model_input_names(model) -> List[str]:
    struct = getattr(model, "_inputs_struct", None)
    if isinstance(struct, dict):
        return [str(key) for key in struct]
    names = getattr(model, "input_names", None)
    if names:
        return list(names)
    try:
        return [tensor.name for tensor in model.inputs or []]
    except Exception:
        return []


def model_outputs(model, sample_x: Any) -> List[Tuple[str, Tuple]]:
    """(name, shape) per model output, batch dim None; runs the model once on ``sample_x`` if it is not built."""
    try:
        outputs = list(model.outputs or [])
        names = list(getattr(model, "output_names", None) or [])
        if outputs:
            names = names if len(names) == len(outputs) else [f"output_{i}" for i in range(len(outputs))]
            return [(name, _shape(tensor)) for name, tensor in zip(names, outputs)]
    except Exception:
        pass
    if sample_x is None:
        return []
    try:
        result = model(sample_x, training=False)
    except Exception:
        return []
    if isinstance(result, dict):
        pairs = list(result.items())
    elif isinstance(result, (list, tuple)):
        pairs = [(f"output_{i}", tensor) for i, tensor in enumerate(result)]
    else:
        pairs = [(getattr(model, "output_names", None) or ["output_0"])[0], result]
        pairs = [tuple(pairs)]
    return [(str(name), (None,) + _shape(tensor)[1:]) for name, tensor in pairs]


# --- the compiled losses, output by output ------------------------------------------------------------

class _Matched(Exception):
    """Raised from inside the framework's loss once it has matched losses and labels to outputs."""


_ACTIVATION_CLASSES = {"Softmax": "softmax", "Sigmoid": "sigmoid", "ReLU": "relu", "Relu": "relu", "Tanh": "tanh",
                       "LeakyReLU": "leaky_relu", "ELU": "elu", "PReLU": "prelu"}


def output_activation(tensor: Any) -> Optional[str]:
    """The activation of the layer (or Keras 3 op) that produces a symbolic output; None when unknown."""
    history = getattr(tensor, "_keras_history", None)
    layer = getattr(history, "operation", None) or getattr(history, "layer", None)
    if layer is None:
        return None
    activation = getattr(layer, "activation", None)
    if callable(activation):
        name = getattr(activation, "__name__", None) or type(activation).__name__
        return _ACTIVATION_CLASSES.get(name, name)
    return _ACTIVATION_CLASSES.get(type(layer).__name__)


def _from_logits(loss: Any) -> bool:
    value = getattr(loss, "from_logits", None)
    if value is None:
        value = (getattr(loss, "_fn_kwargs", None) or {}).get("from_logits")
    return bool(value)


def _head(name: Any, output: Any, loss: Any, weight: Any) -> checks.Head:
    shape = _shape(output)
    return checks.Head(str(name), (None,) + tuple(shape[1:]) if shape else (), checks.loss_name(loss),
                       output_activation(output), _from_logits(loss),
                       None if weight is None else float(weight))


def _prediction_structure(model, sample_x: Any) -> Any:
    """What ``model(x)`` returns in a train step, symbolic when the model is functional (so each output's layer,
    and its activation, is known); otherwise the real outputs on ``sample_x``."""
    for owner in (model, getattr(model, "_functional", None)):  # Keras 3 Functional; the one inside a Sequential
        structure = getattr(owner, "_outputs_struct", None) if owner is not None else None
        if structure is not None:
            return structure
    structure = getattr(model, "_nested_outputs", None)  # tf_keras Functional and Sequential
    if structure is not None:
        return structure
    return model(sample_x, training=False)


def _keras3_heads(model, sample_x: Any, ys: List[Any]) -> Optional[List[List[Tuple[checks.Head, Any]]]]:
    """Keras 3: a copy of the model's own ``CompileLoss`` is called on each batch's labels and stopped as soon as
    it has built, so every form ``compile`` accepts (a string, a function, a ``Loss``, a dict by output name, a
    list in output order, nested structures, ``loss_weights``, labels given as a dict for list outputs) is
    resolved by Keras itself, before any loss value is computed."""
    compile_loss = getattr(model, "_compile_loss", None)
    if compile_loss is None or not hasattr(compile_loss, "_user_loss") or not hasattr(compile_loss, "build"):
        return None
    y_pred = _prediction_structure(model, sample_x)

    class Probe(type(compile_loss)):
        full = True
        seen: Tuple[Any, Any] = (None, None)

        def build(self, y_true, y_pred):
            self.seen = (y_true, y_pred)
            if self.full:
                super().build(y_true, y_pred)
            raise _Matched

    def probe(y: Any, full: bool):
        instance = Probe(compile_loss._user_loss, compile_loss._user_loss_weights, reduction=compile_loss.reduction,
                         output_names=compile_loss.output_names)
        instance.full = full
        try:
            instance(y, y_pred)
        except _Matched:
            return instance
        raise RuntimeError("the compiled loss did not build")

    def resolve(structure: Any, path: Tuple) -> Any:
        for key in path:
            structure = structure[key]
        return structure

    resolved = probe(ys[0], full=True)
    losses = list(resolved._flat_losses or [])
    found = []
    for index, y in enumerate(ys):
        y_true, predicted = (resolved if index == 0 else probe(y, full=False)).seen
        found.append([(_head(name, resolve(predicted, path), loss, weight), resolve(y_true, path))
                      for path, loss, weight, name in losses])
    return found


def _tf_keras_heads(model, sample_x: Any, ys: List[Any]) -> Optional[List[List[Tuple[checks.Head, Any]]]]:
    """tf_keras: a copy of the model's ``LossesContainer`` is built on the outputs and conforms each batch's labels
    to them, as its ``__call__`` does in a train step (then outputs, labels, losses and weights are zipped flat)."""
    container = getattr(model, "compiled_loss", None)
    if container is None or not hasattr(container, "_user_losses") or not hasattr(container, "_conform_to_outputs"):
        return None
    import tensorflow as tf

    y_pred = _prediction_structure(model, sample_x)
    fresh = type(container)(container._user_losses, container._user_loss_weights,
                            output_names=container._output_names)
    fresh.build(y_pred)
    outputs = tf.nest.flatten(y_pred)
    names = list(fresh._output_names or [])
    if checks.is_mapping(y_pred) or len(names) != len(outputs):  # dict outputs flatten in sorted key order
        paths = ["/".join(map(str, path)) for path, _ in checks.leaves(y_pred)]
        names = paths if len(paths) == len(outputs) and tf.nest.is_nested(y_pred) else names[:1] or ["output_1"]
    found = []
    for y in ys:
        labels = tf.nest.flatten(fresh._conform_to_outputs(y_pred, y))
        if len(labels) != len(outputs):
            raise ValueError(f"{len(labels)} label arrays for {len(outputs)} outputs")
        found.append([(_head(name, output, loss, weight), label) for name, output, label, loss, weight in
                      zip(names, outputs, labels, fresh._losses, fresh._loss_weights)
                      if loss is not None and label is not None])
    return found


def loss_heads(model, sample_x: Any, ys: List[Any]) -> Optional[List[List[Tuple[checks.Head, Any]]]]:
    """For each label batch in ``ys``: every model output that has a compiled loss (as a ``checks.Head``: name,
    shape, resolved loss, output activation, from_logits, loss weight) with the labels that loss receives,
    matched the way the model's framework matches them in a train step.

    None when the model has no compiled loss this can read, or the framework cannot match these labels to
    the outputs; the caller then pairs them by name or position itself (``checks.check_encoding``).
    """
    if not ys or any(y is None for y in ys):
        return None
    for reader in (_keras3_heads, _tf_keras_heads):
        try:
            found = reader(model, sample_x, ys)
        except Exception:
            return None
        if found is not None:
            return found
    return None


class Recorder:
    """Patches the frameworks, checks each intercepted call and keeps the per-call reports."""

    def __init__(self, settings: Settings, on_call: Callable[[dict], None]):
        self.settings = settings
        self.on_call = on_call
        self.calls: List[dict] = []
        self.notes: List[str] = []
        self._busy = False

    # --- patching ----------------------------------------------------------------------------------

    def patch_tensorflow(self, tf: ModuleType) -> None:
        tf.random.set_seed(0)
        dataset_class = tf.data.Dataset
        original = dataset_class.from_generator

        @functools.wraps(original)
        def from_generator(*args, **kwargs):
            try:
                bound = inspect.signature(original).bind(*args, **kwargs)
                generator = bound.arguments["generator"]
            except (TypeError, KeyError):
                return original(*args, **kwargs)  # TensorFlow says what is wrong with the call
            origin = GeneratorOrigin(generator, tuple(bound.arguments.get("args") or ()), None,
                                     *_site(user_frame()), keep=self.settings.batches)
            if callable(generator):
                bound.arguments["generator"] = origin.recording(generator)
            dataset = original(*bound.args, **bound.kwargs)
            try:
                origin.spec = plain_spec(dataset.element_spec)
                setattr(dataset, ORIGIN_ATTRIBUTE, origin)
            except Exception as exc:  # never break the user's pipeline over bookkeeping
                self.notes.append(f"could not record a from_generator call: {short_error(exc)}")
            return dataset

        dataset_class.from_generator = staticmethod(from_generator)

    def patch_models(self, framework: ModuleType) -> None:
        model_class = getattr(framework, "Model", None)
        if model_class is None:
            return
        for name, method in MODEL_METHODS.items():
            original = getattr(model_class, name, None)
            if original is not None:
                setattr(model_class, name, self._wrap(original, method, framework))

    def _wrap(self, original: Callable, method: str, framework: ModuleType) -> Callable:
        @functools.wraps(original)
        def intercepted(model, *args, **kwargs):
            if self._busy:
                return original(model, *args, **kwargs)
            self._busy = True
            try:
                return self.intercept(model, original, method, framework, args, kwargs)
            finally:
                self._busy = False

        return intercepted

    # --- one call ----------------------------------------------------------------------------------

    def intercept(self, model, original, method, framework, args, kwargs):
        file, line = _site(user_frame())
        record = {"file": file, "line": line, "method": method, "checks": []}
        arguments = inspect.signature(original).bind(model, *args, **kwargs).arguments  # a bad call raises here
        facts = CallFacts.from_arguments(method, arguments)
        try:
            results, answer = self._check(model, facts, framework)
        except Exception as exc:  # a harness bug must cost this call's verdict, never the script
            record["internal_error"] = traceback.format_exc()
            results = [checks.skip(check_id, f"not checked: fitmigrate verify failed here ({short_error(exc)})")
                       for check_id in CHECK_IDS]
            answer = self._answer(model, facts, framework, {}, [], None)
        record["checks"] = [result.as_dict() for result in results]
        self.calls.append(record)
        self.on_call(record)
        return answer

    def _check(self, model, facts: CallFacts, framework) -> Tuple[List[CheckResult], Any]:
        settings = self.settings
        budget = Budget(settings.max_batches, settings.time_budget)
        train = source_for(facts.x, facts.y, facts.sample_weight, facts.batch_size)
        validation = validation_source(facts.validation_data, facts.validation_batch_size)
        epochs = facts.epochs_to_run if facts.method == "fit" else 1
        what = "training data" if facts.method == "fit" else "the data"
        batches, counts, sample_error = self._read(train, "the first batches", what, facts.steps, epochs,
                                                   facts.steps_argument, budget)
        validation_batches: list = []
        if validation is not None:
            validation_batches, validation_counts, validation_error = self._read(
                validation, "the validation batches", "validation data", facts.validation_steps, epochs,
                "validation_steps", budget)
            counts += validation_counts
            sample_error = sample_error or validation_error
        labelled = [("", b) for b in batches] + [("validation ", b) for b in validation_batches]

        signature = self._signature(train, validation)
        heads = None if facts.method == "predict" or not labelled else \
            loss_heads(model, labelled[0][1][0], [y for _, (_, y, _) in labelled])
        encoding = self._encoding(model, facts, labelled, sample_error, heads, framework)
        alignment = self._alignment(model, labelled, sample_error, train, heads)
        steps = checks.check_steps(counts)
        smoke, logs, predictions = self._smoke(model, facts, batches, sample_error)
        answer = self._answer(model, facts, framework, logs, predictions, train)
        return [signature, encoding, alignment, steps, smoke], answer

    def _signature(self, train: Source, validation: Optional[Source]) -> CheckResult:
        origins = train.origins() + (validation.origins() if validation is not None else [])
        if not origins and isinstance(train, IteratorSource) and train.raw:
            return checks.check_generator_batches(train.raw)  # a generator Keras 3 reads itself (FM216)
        if not origins:
            what = ("this tf.data.Dataset is not built with" if isinstance(train, DatasetSource)
                    else f"the data is {train.kind}, not")
            return checks.skip("signature", f"{what} Dataset.from_generator: no output_signature to compare")
        results = []
        for origin in origins:
            prefix = f"from_generator at {display_site(origin.file, origin.line)}: " if len(origins) > 1 else ""
            try:
                values = raw_generator_values(origin, self.settings.batches)
            except Exception as exc:
                results.append(CheckResult("signature", checks.FAIL, f"{prefix}calling the generator as "
                                                                     f"from_generator does raised {short_error(exc)}"))
                continue
            result = checks.check_signature(values, origin.spec)
            results.append(CheckResult("signature", result.status, prefix + result.message))
        return checks.combine("signature", results)

    def _encoding(self, model, facts: CallFacts, labelled, sample_error: str, heads=None,
                  framework: Optional[ModuleType] = None) -> CheckResult:
        """Labels against the loss of each output; ``heads`` from :func:`loss_heads`, one list per batch."""
        if facts.method == "predict":
            return checks.skip("encoding", "predict takes no labels")
        if not labelled:
            return checks.skip("encoding", sample_error or "no batch to check")
        if getattr(framework, "__name__", "") != "tf_keras":
            problem = _dict_labels_problem(model, labelled)
            if problem is not None:
                return CheckResult("encoding", checks.FAIL, problem)
        if heads is None:
            loss = checks.loss_name(getattr(model, "loss", None))
            outputs = model_outputs(model, labelled[0][1][0])
        results = []
        for index, (label, (x, y, _)) in enumerate(labelled):
            if heads is not None:
                result = checks.check_heads(heads[index])
            else:
                result = checks.check_encoding(y, loss, outputs)
            if result.status == checks.FAIL:
                return CheckResult("encoding", checks.FAIL, self._where(labelled, index) + result.message)
            results.append(result)
        return results[0] if results else checks.skip("encoding", "no batch to check")

    @staticmethod
    def _where(labelled, index: int) -> str:
        """'validation batch 2: ' and the like; nothing for the first training batch, where most problems show."""
        label = labelled[index][0]
        nth = sum(1 for other, _ in labelled[: index + 1] if other == label)
        return "" if (nth == 1 and not label) else f"{label}batch {nth}: "

    def _alignment(self, model, labelled, sample_error: str, train: Source, heads=None) -> CheckResult:
        if not labelled:
            return checks.skip("alignment", sample_error or f"{train.kind}: no batch to check")
        inputs = model_input_names(model)
        outputs = list(getattr(model, "output_names", None) or [])
        first = None
        for index, (label, (x, y, weights)) in enumerate(labelled):
            result = checks.check_alignment(x, y, weights, inputs, outputs,
                                            heads=heads[index] if heads is not None else None)
            if result.status == checks.FAIL:
                return CheckResult("alignment", checks.FAIL, self._where(labelled, index) + result.message)
            first = first or result
        count = len(labelled)
        return CheckResult("alignment", first.status, f"{first.message} in each of the {count} sample batches"
                           if count > 1 and first.status == checks.PASS else first.message)

    def _read(self, source: Source, label: str, what: str, steps, epochs: int, argument: str, budget: Budget):
        """(sample batches, [step count], error reading the samples or '') for one input."""
        invalid = checks.float_step_count(argument, steps)
        if invalid:  # the call fails on the count itself: the batches are still worth checking
            try:
                batches = source.sample(self.settings.batches)
            except Exception as exc:
                error = f"reading {label} raised {short_error(exc)}"
                return [], [StepCount(what, None, invalid=invalid)], error
            return batches, [StepCount(what, None, invalid=invalid)], ""
        try:
            batches, count = source.sample_and_count(self.settings.batches, what, steps, epochs, argument, budget)
            return batches, [count], ""
        except Exception as exc:
            error = f"reading {label} raised {short_error(exc)}"
            return [], [StepCount(what, steps, not_counted=error)], error

    def _smoke(self, model, facts: CallFacts, batches, sample_error: str):
        outcome = SmokeOutcome(STEP_KIND[facts.method], self.settings.smoke_steps)
        logs: Dict[str, float] = {}
        predictions: list = []
        if sample_error:
            failed = CheckResult("smoke", checks.FAIL, f"{sample_error} (the call would fail the same way)")
            return failed, logs, predictions
        if not batches:
            outcome.not_run = "no sample batch to run the model on"
        for step in range(self.settings.smoke_steps if batches else 0):
            x, y, weights = batches[step % len(batches)]
            try:
                if facts.method == "fit":
                    result = model.train_on_batch(x, y, sample_weight=weights, class_weight=facts.class_weight,
                                                  return_dict=True)
                elif facts.method == "evaluate":
                    result = model.test_on_batch(x, y, sample_weight=weights, return_dict=True)
                else:
                    predictions.append(model.predict_on_batch(x))
                    result = {}
            except Exception as exc:
                outcome.error = short_error(exc)
                _forget_traced_functions(model)
                break
            outcome.ran += 1
            logs = {key: float(np.asarray(value)) for key, value in dict(result).items() if np.size(value) == 1}
            if "loss" in logs:
                outcome.losses.append(logs["loss"])
        return checks.check_smoke(outcome), logs, predictions

    # --- the value the script gets back ------------------------------------------------------------

    def _answer(self, model, facts: CallFacts, framework, logs: Dict[str, float], predictions: list,
                train: Optional[Source]):
        if facts.method == "fit":
            return self._history(model, facts, framework, logs)
        if facts.method == "evaluate":
            values = logs or {name: float("nan") for name in _compiled_names(model)}
            if facts.return_dict:
                return dict(values)
            listed = list(values.values())
            return listed[0] if len(listed) == 1 else listed
        if not predictions:
            return None
        return _stack_predictions(predictions, getattr(train, "rows", None))

    def _history(self, model, facts: CallFacts, framework, logs: Dict[str, float]):
        epochs = facts.epochs_to_run
        try:
            history = framework.callbacks.History()
        except Exception:
            history = type("History", (), {})()
        try:
            history.set_model(model)
        except Exception:
            history.model = model
        history.epoch = list(range(facts.initial_epoch, facts.initial_epoch + epochs))
        history.history = _Metrics({key: [value] * epochs for key, value in logs.items()}, epochs)
        history.params = {"epochs": facts.epochs, "steps": facts.steps, "verbose": 0}
        try:
            model.history = history
        except Exception:
            pass
        return history


def _dict_labels_problem(model, labelled) -> Optional[str]:
    """Keras 3 on a model with one output that is not a dict, fed labels as a dict: what to do instead."""
    x, y, _ = labelled[0][1]
    if not checks.is_mapping(y):
        return None
    try:
        structure = _prediction_structure(model, x)
    except Exception:
        return None
    if isinstance(structure, (dict, list, tuple)) or checks.is_mapping(structure):
        return None
    history = getattr(structure, "_keras_history", None)
    layer = getattr(history, "operation", None) or getattr(history, "layer", None)
    name = getattr(layer, "name", None)
    if not name:
        outputs = model_outputs(model, x)
        name = outputs[0][0] if len(outputs) == 1 else "output_0"
    return checks.dict_labels_for_one_output(y, str(name))


def _site(frame) -> Tuple[str, int]:
    return (frame.f_code.co_filename, frame.f_lineno) if frame is not None else ("<unknown>", 0)


def _forget_traced_functions(model) -> None:
    """A step that failed while tracing leaves a tf.function that refuses to trace again ("Creating variables on
    a non-first call"); drop it so the script's next call on this model gets a fair step."""
    for name in ("train_function", "test_function", "predict_function"):
        try:
            setattr(model, name, None)
        except Exception:
            pass


def _stack_predictions(predictions: list, rows: Optional[int]) -> Any:
    """The sample batches' predictions, stacked; for array inputs cycled to one row per input row."""
    first = predictions[0]
    if isinstance(first, dict):
        return {key: _stack_predictions([p[key] for p in predictions], rows) for key in first}
    if isinstance(first, (list, tuple)):
        return type(first)(_stack_predictions([p[i] for p in predictions], rows) for i in range(len(first)))
    stacked = np.concatenate([np.asarray(p) for p in predictions], axis=0)
    if rows and len(stacked) and rows != len(stacked):
        stacked = np.take(stacked, np.arange(rows) % len(stacked), axis=0)
    return stacked


def install(recorder: Recorder) -> None:
    """Patch tensorflow, keras and tf_keras as the script imports them (never before)."""
    from fitmigrate.harness.hooks import PatchOnImport

    PatchOnImport({"tensorflow": recorder.patch_tensorflow, "keras": recorder.patch_models,
                   "tf_keras": recorder.patch_models}).install()


def _compiled_names(model) -> List[str]:
    """``loss`` and the compiled metrics' names: when no step ran, evaluate still returns one value per
    metric, so ``loss, accuracy = model.evaluate(...)`` in the script keeps working."""
    names = ["loss"]
    try:
        metrics = (model.get_compile_config() or {}).get("metrics") or []
    except Exception:
        metrics = []
    if isinstance(metrics, dict):
        metrics = list(metrics.values())
    for metric in metrics if isinstance(metrics, (list, tuple)) else [metrics]:
        if isinstance(metric, str):
            names.append(metric)
        elif isinstance(metric, dict):
            names.append(str((metric.get("config") or {}).get("name") or metric.get("class_name") or "metric"))
        else:
            names.append(str(getattr(metric, "name", "metric")))
    return names
