"""Static hazards: the classic "fit_generator gives 0 accuracy" causes, found where the code proves
them, without running anything. Read-only; each finding is a ``Note`` with a rule code (FM3xx).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import libcst as cst

from fitmigrate.analysis import dialect, walk
from fitmigrate.analysis.arguments import LEGACY_METHODS
from fitmigrate.analysis.calls import Planner, find_calls
from fitmigrate.analysis.plans import CallSite, Note, code
from fitmigrate.analysis.evaluate import Frame, _is_while_true, contains_yield
from fitmigrate.analysis.numpy_model import dtype_name
from fitmigrate.near_miss import KERAS1_CALL_ARGS, KERAS3_REJECTED_ARGS
from fitmigrate.analysis.values import (
    Array,
    Dataset,
    Flow,
    GeneratorCall,
    Mapping,
    Scalar,
    Seq,
    SequenceInstance,
    Value,
    Zip,
)

MODERN_METHODS = {"fit": "steps_per_epoch", "evaluate": "steps", "predict": "steps"}
STEPS_KEYWORD = {"fit_generator": "steps_per_epoch", "evaluate_generator": "steps", "predict_generator": "steps",
                 **MODERN_METHODS}
WATCHED = frozenset(set(LEGACY_METHODS) | set(MODERN_METHODS) | {"compile", "from_generator"})


def loss_kind(value: cst.BaseExpression) -> Optional[str]:
    """``categorical``, ``sparse`` or ``binary`` for the losses whose label encoding we can check."""
    text = code(value).lower().replace("_", "")
    if "sparsecategoricalcrossentropy" in text:
        return "sparse"
    if "categoricalcrossentropy" in text:
        return "categorical"
    if "binarycrossentropy" in text:
        return "binary"
    return None


class HazardFinder:
    """Runs the FM3xx rules over one module, reusing the planner's frames at each call."""

    def __init__(self, planner: Planner, module: cst.Module, sites: Optional[List[CallSite]] = None) -> None:
        """``sites``: ``find_calls(module, WATCHED)``, the planner already prepared for them (``check``
        finds and prepares them once for its own rules and these)."""
        self.planner = planner
        self.interpreter = planner.interpreter
        self.module = module
        if sites is None:
            sites = find_calls(module, WATCHED)
            self.planner.prepare([s for s in sites if s.method != "from_generator"])
        self.sites = sites
        self._compiles = [s for s in self.sites if s.method == "compile"]

    def notes(self) -> List[Note]:
        found: List[Note] = []
        for site in self.sites:
            if site.method == "from_generator":
                found.extend(self._declared_signature(site))
            elif site.method in LEGACY_METHODS or site.method in MODERN_METHODS:
                found.extend(self._training_call(site))
        return found

    # ---- one training call ----------------------------------------------------------------

    def _arguments(self, site: CallSite) -> Tuple[Optional[cst.Arg], Dict[str, cst.Arg], bool]:
        """The data argument, the arguments by their Keras 2 keyword, and whether a step count is given
        at all (a Keras 1 sample count, or a positional count of unknown unit, is one)."""
        call = site.call
        keywords = {a.keyword.value: a for a in call.args if a.keyword is not None}
        positional = [a for a in call.args if a.keyword is None and not a.star]
        data = keywords.get("generator" if site.method in LEGACY_METHODS else "x") or (positional[0] if positional else None)
        counted = len(positional) > 1 or STEPS_KEYWORD[site.method] in keywords or \
            bool({"samples_per_epoch", "val_samples"} & keywords.keys())
        if site.method in LEGACY_METHODS and len(positional) > 1:
            verdict = dialect.decide(call, positional[1].value, self.planner.source, False, False)
            names = ["generator", STEPS_KEYWORD[site.method], "epochs", "verbose", "callbacks", "validation_data",
                     "validation_steps"]
            for index, (arg, name) in enumerate(zip(positional[1:], names[1:]), start=1):
                if index in (1, 6) and verdict.dialect != "keras2":
                    continue  # a sample count, or a count of unknown unit: not a step count to compare with
                keywords.setdefault(name, arg)
        if "nb_epoch" in keywords:
            keywords.setdefault("epochs", keywords["nb_epoch"])
        return data, keywords, counted

    def _training_call(self, site: CallSite) -> List[Note]:
        notes: List[Note] = []
        data_arg, keywords, counted = self._arguments(site)
        modern = site.method in MODERN_METHODS
        if modern:
            notes.extend(self._argument_names(site, keywords))
        if data_arg is None:
            return notes
        frame = self.planner.frame_for(site)
        steps_keyword = STEPS_KEYWORD[site.method]
        notes.extend(self._feed(site, frame, data_arg, keywords, steps_keyword, counted, modern))
        validation = keywords.get("validation_data")
        if validation is not None and site.method in ("fit", "fit_generator"):
            validation_counted = "validation_steps" in keywords or "nb_val_samples" in keywords
            notes.extend(self._feed(site, frame, validation, keywords, "validation_steps", validation_counted, True))
        return notes

    def _feed(self, site: CallSite, frame: Frame, data_arg: cst.Arg, keywords: Dict[str, cst.Arg],
              steps_keyword: str, counted: bool, must_be_generator: bool) -> List[Note]:
        """The hazards of one data argument: training data, or validation data against validation_steps."""
        notes: List[Note] = []
        value = self.interpreter.eval(data_arg.value, frame)
        if must_be_generator and not isinstance(value, (Dataset, GeneratorCall, Zip)):
            return notes  # arrays, or not Keras at all (sklearn's fit): nothing here is ours to judge
        element, yields, infinite, generator = self._element(value)
        if infinite and not counted:
            never = {"steps_per_epoch": "one epoch never ends either", "validation_steps": "one validation pass "
                     "never ends either"}.get(steps_keyword, "the call never ends either")
            unit = "steps per epoch" if steps_keyword == "steps_per_epoch" else "batches to read"
            notes.append(Note("FM305", f"`{code(data_arg.value)}` never ends, and without {steps_keyword}= "
                                       f"{never}: give {steps_keyword}= ({unit})", data_arg))
        if generator is not None and not infinite:
            notes.extend(self._too_short(site, frame, data_arg, keywords, generator, steps_keyword))
        notes.extend(self._misaligned(data_arg, yields))
        if site.method in ("fit", "fit_generator", "evaluate", "evaluate_generator") and element is not None:
            notes.extend(self._encoding(site, data_arg, element))
        return notes

    def _argument_names(self, site: CallSite, keywords: Dict[str, cst.Arg]) -> List[Note]:
        notes = []
        for name, arg in keywords.items():
            if name in KERAS1_CALL_ARGS:
                modern = KERAS1_CALL_ARGS[name]
                fix = f"rename it {modern}=" if modern else "remove it"
                notes.append(Note("FM306", f"{name}= is a Keras 1 argument that {site.method}() no longer takes: {fix}", arg))
            elif name in KERAS3_REJECTED_ARGS:
                notes.append(Note("FM307", f"Keras 3's {site.method}() rejects {name}=: pass it to your "
                                           "keras.utils.PyDataset's __init__, or remove it for a tf.data pipeline", arg))
        return notes

    def _element(self, value: Value) -> Tuple[Optional[Value], list, bool, Optional[GeneratorCall]]:
        """What one batch is, each yield's value, whether the feed never ends, and its generator function."""
        repeats = False
        if isinstance(value, Dataset):
            repeats = value.repeats
            value = self.interpreter.call_value(value.source, [], {}, Frame(self.planner.info))
        if isinstance(value, GeneratorCall):
            element, yields = self.interpreter.generator_element(value)
            infinite = repeats or endless(value.function.node)
            return element, [v for _, v, is_from in yields if not is_from], infinite, value
        if isinstance(value, (Flow, SequenceInstance)):
            return (value.element if isinstance(value, Flow) else None), [], False, None
        if isinstance(value, Zip):
            return None, [], False, None
        return None, [], repeats, None

    def _too_short(self, site: CallSite, frame: Frame, data_arg: cst.Arg, keywords: Dict[str, cst.Arg],
                   generator: GeneratorCall, steps_keyword: str) -> List[Note]:
        steps = self._int(keywords.get(steps_keyword), frame)
        epochs = self._int(keywords["epochs"], frame) if "epochs" in keywords else 1
        fn = generator.function
        count = yield_count(fn.node, self.interpreter, Frame(fn.module, dict(generator.bindings)))
        if steps is None or epochs is None or count is None or count >= steps * epochs:
            return []
        what = "validation " if steps_keyword == "validation_steps" else ""
        needed = f"{steps} {what}steps x {epochs} epochs" if epochs != 1 else f"{steps_keyword}={steps}"
        return [Note("FM303", f"{fn.name}() yields {count} batches and stops, but this call needs "
                              f"{steps * epochs} ({needed}): loop forever (while True:) in the generator, add .repeat() "
                              "to the dataset, or ask for fewer steps", data_arg)]

    def _int(self, arg: Optional[cst.Arg], frame: Frame) -> Optional[int]:
        if arg is None:
            return None
        value = self.interpreter.eval(arg.value, frame)
        return value.value if isinstance(value, Scalar) and value.kind == "int" and value.value is not None else None

    def _misaligned(self, data_arg: cst.Arg, yields: List[Value]) -> List[Note]:
        for value in yields:
            dims = {}
            for path, leaf in leaves(value):
                if isinstance(leaf, Array) and leaf.shape and isinstance(leaf.shape[0], int):
                    dims[path] = leaf.shape[0]
            if len(set(dims.values())) > 1:
                listed = ", ".join(f"{path or 'batch'} has {n}" for path, n in dims.items())
                return [Note("FM302", f"one batch of `{code(data_arg.value)}` mixes leading dimensions ({listed}): "
                                      "inputs, labels and sample weights must hold the same number of samples", data_arg)]
        return []

    def _encoding(self, site: CallSite, data_arg: cst.Arg, element: Value) -> List[Note]:
        if not isinstance(element, Seq) or len(element.items) < 2:
            return []
        labels = element.items[1]
        if not isinstance(labels, Array) or labels.shape is None or labels.dtype is None:
            return []
        kind, compiled = self._loss_of(site)
        integer = labels.dtype.startswith(("int", "uint"))
        where = self._compile_where(compiled)
        if kind == "categorical" and (integer or len(labels.shape) == 1):
            what = "integer class ids" if integer else "one value per sample"
            return [Note("FM301", f"the labels are {what} (dtype {labels.dtype}, shape {shape_text(labels.shape)}) but "
                                  f"the model is compiled with categorical_crossentropy{where}, which needs one-hot rows: "
                                  "wrap them in keras.utils.to_categorical(y, num_classes), or compile with "
                                  "sparse_categorical_crossentropy", data_arg)]
        if kind == "sparse" and len(labels.shape) >= 2 and isinstance(labels.shape[-1], int) and labels.shape[-1] > 1 \
                and not integer:
            return [Note("FM301", f"the labels look one-hot (dtype {labels.dtype}, shape {shape_text(labels.shape)}) but the "
                                  f"model is compiled with sparse_categorical_crossentropy{where}, which needs integer "
                                  "class ids: pass y.argmax(-1), or compile with categorical_crossentropy", data_arg)]
        return []

    def _compile_where(self, compiled: Optional[CallSite]) -> str:
        """" (`model.compile(...)`, line 30)": which compile the loss was read from, since it may be another
        receiver's (the module's only one)."""
        if compiled is None:
            return ""
        try:
            line = self.planner.positions[compiled.call].start.line
        except KeyError:
            return ""
        return f" (`{code(compiled.call.func)}(...)`, line {line})"

    def _loss_of(self, site: CallSite) -> Tuple[Optional[str], Optional[CallSite]]:
        """The loss of the receiver's ``compile(...)`` (the last one of the same receiver text, or else the
        module's only one), and that compile."""
        receiver = code(site.call.func.value)  # type: ignore[attr-defined]
        best: Optional[CallSite] = None
        for candidate in self._compiles:
            if code(candidate.call.func.value) != receiver:  # type: ignore[attr-defined]
                continue
            best = candidate
        if best is None:
            same_module = [c for c in self._compiles]
            if len(same_module) != 1:
                return None, None
            best = same_module[0]
        args = best.call.args
        for index, arg in enumerate(args):
            if (arg.keyword is not None and arg.keyword.value == "loss") or (arg.keyword is None and index == 1):
                return loss_kind(arg.value), best
        return None, best

    # ---- already migrated code ------------------------------------------------------------

    def _declared_signature(self, site: CallSite) -> List[Note]:
        frame = self.planner.frame_for(site) if id(site.statement) in self.planner._frames else Frame(self.planner.info)
        dataset = self.interpreter.eval(site.call, frame)
        if not isinstance(dataset, Dataset) or dataset.signature is None:
            return []
        element = self.interpreter.dataset_element(dataset)
        declared = declared_leaves(dataset.signature, self.interpreter, frame)
        if declared is None:
            return []
        proven = dict(leaves(element))
        notes = []
        for path, (node, dtype) in declared.items():
            actual = proven.get(path)
            if not isinstance(actual, Array) or actual.dtype is None or dtype is None or actual.dtype == dtype:
                continue
            lossy = kind_of(actual.dtype) != kind_of(dtype) or narrower(dtype, actual.dtype)
            consequence = ("from_generator casts silently and the values are lost (0.7 becomes 0)" if lossy
                           else "from_generator casts silently")
            notes.append(Note("FM304", f"output_signature declares {dtype} for {path or 'the batch'} but the generator "
                                       f"yields {actual.dtype}: {consequence}; declare tf.{actual.dtype}, or cast in the "
                                       "generator", node))
        return notes


def endless(fn: cst.FunctionDef) -> bool:
    """A ``while True:`` loop that yields: the generator never ends on its own."""

    class Finder(walk.Visitor):
        found = False

        def visit_While(self, node: cst.While) -> None:
            if _is_while_true(node) and contains_yield(cst.FunctionDef(cst.Name("f"), cst.Parameters(), node.body)) \
                    and not exits(node.body):
                self.found = True

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is fn

    finder = Finder()
    walk.visit(fn, finder)
    if finder.found:
        return True
    text = code(fn)
    return "itertools.cycle(" in text or "cycle(" in text


def exits(body: cst.CSTNode) -> bool:
    """A ``break`` or ``return`` that leaves this loop (not one of a loop or function nested in it)."""

    class Finder(walk.Visitor):
        found = False

        def visit_Break(self, node: cst.Break) -> None:
            self.found = True

        def visit_Return(self, node: cst.Return) -> None:
            self.found = True

        def visit_For(self, node: cst.For) -> bool:
            return False

        def visit_While(self, node: cst.While) -> bool:
            return False

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

    finder = Finder()
    walk.visit(body, finder)
    return finder.found


def yield_count(fn: cst.FunctionDef, interpreter, frame: Frame) -> Optional[int]:
    """How many times a generator without ``while True`` yields, when loops run over ``range(N)``."""

    def count(body) -> Optional[int]:
        total = 0
        for stmt in body:
            if isinstance(stmt, cst.SimpleStatementLine):
                total += sum(1 for small in stmt.body if isinstance(small, cst.Expr) and isinstance(small.value, cst.Yield))
            elif isinstance(stmt, cst.For):
                inner = count(stmt.body.body)
                if inner is None:
                    return None
                if inner == 0:
                    continue
                trips = range_length(stmt.iter)
                if trips is None:
                    return None
                total += trips * inner
            elif isinstance(stmt, (cst.If, cst.While, cst.Try, cst.With)):
                if contains_yield(cst.FunctionDef(cst.Name("f"), cst.Parameters(), cst.IndentedBlock([stmt]))):
                    return None
        return total

    def range_length(node: cst.BaseExpression) -> Optional[int]:
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "range"):
            return None
        values = [interpreter.eval(a.value, frame) for a in node.args]
        numbers = [v.value for v in values if isinstance(v, Scalar) and v.kind == "int" and v.value is not None]
        if len(numbers) != len(values) or not numbers:
            return None
        return len(range(*numbers))

    if not isinstance(fn.body, cst.IndentedBlock):
        return None
    return count(fn.body.body)


def leaves(value: Value, path: str = "") -> List[Tuple[str, Value]]:
    if isinstance(value, Seq):
        out: List[Tuple[str, Value]] = []
        for i, item in enumerate(value.items):
            out.extend(leaves(item, f"{path}[{i}]"))
        return out
    if isinstance(value, Mapping):
        out = []
        for key, item in value.items:
            out.extend(leaves(item, f"{path}[{key!r}]"))
        return out
    return [(path, value)]


def declared_leaves(node: cst.BaseExpression, interpreter, frame: Frame) -> Optional[Dict[str, Tuple[cst.CSTNode, Optional[str]]]]:
    """The dtype each ``tf.TensorSpec`` of an ``output_signature`` declares, by the same paths as ``leaves``."""
    found: Dict[str, Tuple[cst.CSTNode, Optional[str]]] = {}

    def walk(expr: cst.BaseExpression, path: str) -> bool:
        if isinstance(expr, (cst.Tuple, cst.List)):
            return all(walk(el.value, f"{path}[{i}]") for i, el in enumerate(expr.elements))
        if isinstance(expr, cst.Dict):
            for el in expr.elements:
                if not isinstance(el, cst.DictElement) or not isinstance(el.key, cst.SimpleString):
                    return False
                if not walk(el.value, f"{path}[{el.key.evaluated_value!r}]"):
                    return False
            return True
        if isinstance(expr, cst.Call) and code(expr.func).endswith("TensorSpec"):
            dtype_node = None
            for index, arg in enumerate(expr.args):
                if (arg.keyword is not None and arg.keyword.value == "dtype") or (arg.keyword is None and index == 1):
                    dtype_node = arg.value
            dtype = "float32" if dtype_node is None else dtype_name(interpreter.eval(dtype_node, frame))
            found[path] = (dtype_node or expr, dtype)
            return True
        return False

    return found if walk(node, "") else None


def kind_of(dtype: str) -> str:
    return "float" if dtype.startswith(("float", "complex")) else "bool" if dtype == "bool" else (
        "uint" if dtype.startswith("uint") else "int")


def narrower(declared: str, actual: str) -> bool:
    """float64 declared float16: a narrowing that loses values, not just precision."""
    return (actual, declared) in {("float64", "float16"), ("float32", "float16")}


def shape_text(shape) -> str:
    return "(" + ", ".join("batch" if i == 0 else ("?" if d is None else str(d)) for i, d in enumerate(shape)) + \
        ("," if len(shape) == 1 else "") + ")"
