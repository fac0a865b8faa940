"""Find every ``fit_generator``-family call in a module and decide, for each, exactly how it is
migrated, or why it is not. Read-only: the decisions are plans that ``fitmigrate.rewrite`` applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

import libcst as cst

from fitmigrate.analysis import dialect, layout, walk
from fitmigrate.analysis.counts import atom as _atom, ceiling, is_float, whole_count
from fitmigrate.analysis.evaluate import (
    Frame,
    Hooks,
    ModuleInfo,
    class_member,
    dotted_name,
)
from fitmigrate.analysis.model_inputs import ModelReader
from fitmigrate.analysis.positions import Positions
from fitmigrate.analysis.sequences import prove_batches
from fitmigrate.analysis.signature import (
    NotProven,
    Spec,
    SpecDict,
    SpecTuple,
    TensorSpec,
    list_paths,
    render,
    spec_for,
    spec_from_sample,
)
from fitmigrate.rules.fm206_image_data_generator import MESSAGE as FM206_MESSAGE
from fitmigrate.rules.fm206_image_data_generator import ZIP_MESSAGE as FM206_ZIP_MESSAGE
from fitmigrate.analysis.values import (
    Array,
    Flow,
    GeneratorCall,
    Instance,
    ListOf,
    Mapping,
    Scalar,
    Seq,
    SequenceInstance,
    Unknown,
    Value,
    Zip,
)

LEGACY_METHODS = {"fit_generator": "fit", "evaluate_generator": "evaluate", "predict_generator": "predict"}

# The legacy signatures, positional order, as far as they agree across releases of each major version.
POSITIONAL_NAMES = {
    "fit_generator": {
        "keras2": ["generator", "steps_per_epoch", "epochs", "verbose", "callbacks", "validation_data",
                   "validation_steps"],
        "keras1": ["generator", "samples_per_epoch", "nb_epoch", "verbose", "callbacks", "validation_data",
                   "nb_val_samples"],
    },
    "evaluate_generator": {"keras2": ["generator", "steps"], "keras1": ["generator", "val_samples"]},
    "predict_generator": {"keras2": ["generator", "steps"], "keras1": ["generator", "val_samples"]},
}
# Positions whose meaning (samples or steps) depends on the Keras version.
COUNT_POSITIONS = {1, 6}
RENAMED = {"nb_epoch": "epochs", "generator": "x"}
SAMPLE_COUNTS = {"samples_per_epoch": ("steps_per_epoch", "x"), "nb_val_samples": ("validation_steps", "validation_data"),
                 "val_samples": ("steps", "x")}
# Step counts: the legacy loops ran ``while steps_done < count``, so a float count meant its ceiling.
STEP_COUNTS = {"steps_per_epoch", "validation_steps", "steps"}
QUEUE_ARGS = {"max_queue_size", "max_q_size"}
WORKER_ARGS = {"workers", "use_multiprocessing"}
KERAS1_WORKER_ARGS = {"nb_worker", "pickle_safe"}
# What fit_generator / evaluate_generator / predict_generator read a Sequence with when not told otherwise
# (Keras 2; Keras 1's nb_worker, pickle_safe and max_q_size had the same defaults).
LEGACY_PYDATASET_DEFAULTS = (("workers", "1"), ("use_multiprocessing", "False"), ("max_queue_size", "10"))
# The PyDataset attribute (and ``__init__`` keyword) each legacy worker or queue argument became in Keras 3.
PYDATASET_ARGS = {"workers": "workers", "use_multiprocessing": "use_multiprocessing", "max_queue_size": "max_queue_size",
                  "max_q_size": "max_queue_size", "nb_worker": "workers", "pickle_safe": "use_multiprocessing"}
BATCH_PARAM_NAMES = ("batch_size", "batchsize", "bs", "batch", "b_size", "n_batch", "size_batch", "batch_sz")


@dataclass
class Note:
    code: str
    message: str
    node: cst.CSTNode


@dataclass
class CallSite:
    call: cst.Call
    method: str
    statement: cst.CSTNode
    scopes: Tuple[cst.CSTNode, ...]  # enclosing FunctionDef / ClassDef nodes, outermost first


@dataclass
class Feed:
    """What feeds one data argument after migration."""

    kind: str  # "dataset": wrapped in from_generator; "as_is": a Sequence, flow or arrays, left alone
    expr: cst.BaseExpression
    value: Value
    callable_code: str = ""
    spec: Optional[Spec] = None
    # Lists to make tuples: a display (``cst.List``), a comprehension (``cst.ListComp``), or any other
    # expression to wrap in ``tuple(...)`` (see analysis.sequences).
    list_rewrites: List[cst.CSTNode] = field(default_factory=list)
    batch_size_code: Optional[str] = None


@dataclass
class ArgEdit:
    action: str  # "keep" | "drop"
    keyword: Optional[str] = None  # new keyword; None keeps the argument as written
    value_code: Optional[str] = None  # replacement value
    # A dataset: the same code indented for a statement of its own (``name = <dataset>``, see
    # analysis.layout), and what it feeds ("x" or "validation_data").
    dataset: Optional[str] = None
    role: Optional[str] = None


@dataclass
class CallPlan:
    site: CallSite
    new_method: str
    edits: List[ArgEdit]
    list_rewrites: List[cst.CSTNode]
    notes: List[Note]
    datasets: List[layout.Dataset] = field(default_factory=list)  # assigned just before the statement
    setup: List[str] = field(default_factory=list)  # statements written just before the statement, after datasets
    realign: Optional[layout.Realign] = None
    join: Optional[layout.Join] = None
    tf_local: bool = False  # the code names TensorFlow as the enclosing function's own import does
    math_import: bool = False  # a count calls math.ceil, and the module has no name for math: import it


@dataclass
class Refusal:
    site: CallSite
    notes: List[Note]


Decision = Union[CallPlan, Refusal]


class CallFinder(walk.Visitor):
    """Collects calls of the named methods with the statement and scopes they sit in."""

    def __init__(self, methods=frozenset(LEGACY_METHODS)) -> None:
        self.methods = methods
        self.sites: List[CallSite] = []
        self._scopes: List[cst.CSTNode] = []
        self._statements: List[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            self._statements.append(node)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
                node.func.attr.value in self.methods and self._statements:
            self.sites.append(CallSite(node, node.func.attr.value, self._statements[-1], tuple(self._scopes)))
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            self._scopes.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if isinstance(original_node, (cst.FunctionDef, cst.ClassDef)):
            self._scopes.pop()
        if isinstance(original_node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            self._statements.pop()


def find_calls(module: cst.Module, methods=frozenset(LEGACY_METHODS)) -> List[CallSite]:
    finder = CallFinder(methods)
    walk.visit(module, finder)
    return finder.sites


def code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


# TensorFlow, or its v1 / v2 API: ``tf.data.Dataset.from_generator(..., output_signature=...)``,
# ``tf.TensorSpec`` and ``tf.data.AUTOTUNE`` are in all three.
TENSORFLOW_MODULES = {"tensorflow", "tensorflow.compat.v1", "tensorflow.compat.v2"}


def _tensorflow_binding(alias: cst.ImportAlias) -> Optional[str]:
    """The name ``import ...`` binds to TensorFlow, if it does (``import tensorflow.keras`` binds
    ``tensorflow`` to the package itself)."""
    name = dotted_name(alias.name) or ""
    if alias.asname is not None:
        target = alias.asname.name
        return target.value if name in TENSORFLOW_MODULES and isinstance(target, cst.Name) else None
    return "tensorflow" if name.split(".")[0] == "tensorflow" else None


class _ModuleBindings(walk.Visitor):
    """Imports and assignments that run at module level, in ``try`` / ``if`` / ``with`` blocks too (but
    not under ``if TYPE_CHECKING:``, and not inside functions or classes)."""

    def __init__(self) -> None:
        self.tensorflow: Optional[str] = None
        self.bound: set = set()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.bound.add(node.name.value)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.bound.add(node.name.value)
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_If(self, node: cst.If) -> bool:
        return "TYPE_CHECKING" not in code(node.test)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            found = _tensorflow_binding(alias)
            if found is not None and self.tensorflow is None:
                self.tensorflow = found
            name = dotted_name(alias.name) or ""
            self.bound.add(alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name)
                           else name.split(".")[0])

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                self.bound.add(alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name)
                               else dotted_name(alias.name) or "")

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        if isinstance(node.target, cst.Name):
            self.bound.add(node.target.value)


def tensorflow_alias(module: cst.Module) -> Tuple[str, bool]:
    """The module-level name TensorFlow is imported as (``import tensorflow as T``, ``import
    tensorflow.compat.v2 as tf``, ``import tensorflow``), and whether an import must be added."""
    bindings = _ModuleBindings()
    walk.visit(module, bindings)
    if bindings.tensorflow is not None:
        return bindings.tensorflow, False
    return ("tensorflow" if "tf" in bindings.bound else "tf"), True


def local_tensorflow_alias(site: "CallSite", positions) -> Optional[str]:
    """The name a function holding the call imports TensorFlow as, in its own body before the call
    (``def main(): import tensorflow as tf``): a script that imports TensorFlow late keeps doing so."""
    line = positions[site.call].start.line
    for scope in reversed(site.scopes):
        if not isinstance(scope, cst.FunctionDef) or not isinstance(scope.body, cst.IndentedBlock):
            continue
        for stmt in scope.body.body:
            if positions[stmt].start.line >= line:
                break
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.Import):
                        for alias in small.names:
                            found = _tensorflow_binding(alias)
                            if found is not None:
                                return found
    return None


class Planner:
    """Decides each call of one module. ``lines`` and ``positions`` let it indent what it writes."""

    def __init__(self, info: ModuleInfo, source: str, positions, tf: str, indent_step: str,
                 sampler: Optional[Callable[[str], object]] = None) -> None:
        self.info = info
        # ``--infer sample``: reads one real batch (in a child process) when a signature is not proven.
        self.sampler = sampler
        self.source = source
        self.lines = source.splitlines()
        self.positions = positions
        self.tf = tf
        self.step = indent_step
        self.interpreter = info.interpreter
        self._frames: Dict[int, Frame] = {}
        self._needs_math = False  # set while deciding a call: one of its counts calls math.ceil, to import
        self._other_positions: Dict[int, Positions] = {}  # positions in other modules, for messages
        self._models: Optional[ModelReader] = None
        self._keras2: Optional[Tuple[Optional[str]]] = None

    # ---- frames at call sites -----------------------------------------------------------------

    def prepare(self, sites: Sequence[CallSite]) -> None:
        """Evaluates each enclosing scope once, capturing the environment at every call statement."""
        by_scope: Dict[int, List[CallSite]] = {}
        scope_nodes: Dict[int, Tuple[cst.CSTNode, ...]] = {}
        for site in sites:
            key = id(site.scopes[-1]) if site.scopes else 0
            by_scope.setdefault(key, []).append(site)
            scope_nodes[key] = site.scopes
        for key, group in by_scope.items():
            statements = [s.statement for s in group]
            scopes = scope_nodes[key]
            if not scopes:
                hooks = self.info.run_module(statements)
            else:
                hooks = Hooks(statements)
                self._run_scope(scopes, hooks)
            for stmt in statements:
                if id(stmt) in hooks.captured:
                    self._frames[id(stmt)] = hooks.captured[id(stmt)]

    def _run_scope(self, scopes: Tuple[cst.CSTNode, ...], hooks: Hooks) -> Optional[Frame]:
        parent: Optional[Frame] = None
        cls: Optional[cst.ClassDef] = None
        for depth, scope in enumerate(scopes):
            last = depth == len(scopes) - 1
            if isinstance(scope, cst.ClassDef):
                cls = scope
                if last:
                    return None
                continue
            frame = Frame(self.info, parent=parent, cls=cls)
            params = scope.params
            positional = list(params.posonly_params) + list(params.params)
            for index, param in enumerate(positional + list(params.kwonly_params)):
                name = param.name.value
                if index == 0 and cls is not None and param in positional and not _is_static(scope):
                    frame.local[name] = self.interpreter.self_instance(self.info, cls)
                elif param.default is not None:
                    frame.local[name] = self.interpreter.eval(param.default, Frame(self.info, parent=parent))
                else:
                    frame.local[name] = Unknown(f"parameter '{name}' of {scope.name.value}() is given by its callers")
            self.interpreter.run_block(self.interpreter._body(scope), frame, hooks if last else Hooks())
            parent = frame
            cls = None
        return parent

    def frame_for(self, site: CallSite) -> Frame:
        return self._frames.get(id(site.statement)) or Frame(self.info)

    # ---- deciding ---------------------------------------------------------------------------

    def decide(self, site: CallSite) -> Decision:
        frame = self.frame_for(site)
        call = site.call
        notes: List[Note] = []
        self._needs_math = False

        receiver = self._not_keras_receiver(site, frame)
        if receiver is not None:
            return Refusal(site, [Note("FM101", f"`{code(call.func)}` is {receiver}'s own method, not Keras': left as it is", call)])

        if any(arg.star for arg in call.args):
            return Refusal(site, [Note("FM106", "the call passes *args or **kwargs, which cannot be mapped to "
                                                "model.%s(...) argument by argument: migrate it by hand" % LEGACY_METHODS[site.method], call)])
        positional = [a for a in call.args if a.keyword is None]
        table = POSITIONAL_NAMES[site.method]
        if len(positional) > len(table["keras2"]):
            extra = positional[len(table["keras2"])]
            return Refusal(site, [Note("FM106", f"positional argument {len(table['keras2']) + 1} (`{code(extra.value)}`) means "
                                                "different things in different Keras releases: pass it by keyword", extra)])

        counted = [i for i in range(len(positional)) if i in COUNT_POSITIONS]
        verdict: Optional[dialect.Verdict] = None
        if counted:
            count_expr = positional[1].value
            counts_steps, counts_samples = self._len_kind(count_expr, frame)
            verdict = dialect.decide(call, count_expr, self.source, counts_steps, counts_samples,
                                     keras2=self._keras2_marker())
            if verdict.dialect is None and self._yields_one_sample(positional[0].value, frame):
                verdict = dialect.Verdict("keras2", "the generator's batches hold one sample each, so the count is the "
                                                    "same in samples and in steps")
            if verdict.dialect is None:
                steps, samples = ("steps_per_epoch", "samples_per_epoch") if site.method == "fit_generator" else (
                    "steps", "val_samples")
                return Refusal(site, [Note("FM104", f"the positional count `{code(count_expr)}` may be samples (Keras 1) or "
                                                    f"steps (Keras 2), and {verdict.evidence}: pass it as "
                                                    f"{steps}= (steps) or {samples}= (samples)", positional[1])])
        names = table[verdict.dialect if verdict and verdict.dialect else "keras2"]

        legacy: List[str] = []
        index = 0
        for arg in call.args:
            if arg.keyword is not None:
                legacy.append(arg.keyword.value)
            else:
                legacy.append(names[index])
                index += 1
        if "generator" not in legacy:
            return Refusal(site, [Note("FM102", "the call gives no generator to migrate", call)])

        # What feeds the model, and what feeds validation.
        feed_arg = call.args[legacy.index("generator")]
        feed = self._feed(feed_arg.value, frame, site, "the generator", notes, training=True)
        if isinstance(feed, Refusal):
            return feed
        validation: Optional[Feed] = None
        if "validation_data" in legacy:
            val_arg = call.args[legacy.index("validation_data")]
            validation = self._feed(val_arg.value, frame, site, "validation_data", notes, training=False)
            if isinstance(validation, Refusal):
                return validation

        for arg, name in zip(call.args, legacy):
            is_validation = name == "validation_steps"
            counted_feed = validation if is_validation else feed if name in ("steps_per_epoch", "steps") else None
            problem = self._pass_length_problem(site, name, arg, counted_feed, frame)
            if problem is None:
                continue
            assert counted_feed is not None
            endless = self._endless_flow(counted_feed, name, arg, not is_validation, notes)
            if endless is None:
                return Refusal(site, [problem])
            if is_validation:
                validation = endless
            else:
                feed = endless

        # Keras 1 keywords in a file that ran on Keras 2: Keras 2 converted them its own way.
        keras2_marker = self._keras2_marker()
        keras2_counts: Dict[int, str] = {}
        keras2_converted: Dict[int, str] = {}  # what Keras 2's converter wrote, before any rounding
        if keras2_marker is not None:
            for index, (arg, name) in enumerate(zip(call.args, legacy)):
                if name not in SAMPLE_COUNTS or (name == "nb_val_samples" and _in_memory(validation)):
                    continue
                target, feed_name = SAMPLE_COUNTS[name]
                counted = feed if feed_name == "x" else validation
                converted = self._keras2_conversion(name, arg, counted, keras2_marker)
                if isinstance(converted, Note):
                    return Refusal(site, [converted])
                steps, problem_feed = converted
                keras2_converted[index] = steps
                whole = self._rounded(target, cst.parse_expression(steps), frame, arg, notes)
                if isinstance(whole, Note):
                    return Refusal(site, [whole])
                keras2_counts[index] = whole or steps
                if problem_feed is not None:  # a flow given another count than one pass: read it endlessly
                    endless = self._endless_flow(problem_feed, name, arg, feed_name == "x", notes)
                    if endless is None:
                        return Refusal(site, [Note("FM107", f"{name}=`{code(arg.value)}` ran on Keras 2 (the file uses "
                                                            f"`{keras2_marker}`) as {target}={steps}, which is not "
                                                            f"provably one pass of `{code(problem_feed.expr)}`, and its "
                                                            "batches are not proven, so it cannot be read as the endless "
                                                            "iterator Keras 2 read it as: migrate by hand", arg)])
                    if feed_name == "x":
                        feed = endless
                    else:
                        validation = endless

        if verdict is not None:
            unit = "samples (Keras 1)" if verdict.dialect == "keras1" else "steps (Keras 2)"
            notes.append(Note("FM200", f"the positional count `{code(positional[1].value)}` read as {unit}; "
                                       f"evidence: {verdict.evidence}", positional[1]))

        local_tf = local_tensorflow_alias(site, self.positions)
        tf = local_tf or self.tf
        prefetch = f"{tf}.data.AUTOTUNE"
        edits: List[ArgEdit] = []
        dropped_workers: List[str] = []
        worker_values: Dict[str, cst.BaseExpression] = {}  # PyDataset attribute -> the legacy argument's value
        for arg, name in zip(call.args, legacy):
            is_positional = arg.keyword is None
            rounded = None
            if name in STEP_COUNTS and not (name == "validation_steps" and _in_memory(validation)):
                rounded = self._rounded(name, arg.value, frame, arg, notes)
                if isinstance(rounded, Note):
                    return Refusal(site, [rounded])
            if name == "generator":
                new_keyword = "x" if not is_positional else None
                if feed.kind == "dataset":
                    edits.append(ArgEdit("keep", new_keyword, self._feed_code(feed, arg, site, tf=tf),
                                         self._feed_code(feed, arg, site, tf=tf, own_statement=True), "x"))
                else:
                    edits.append(ArgEdit("keep", new_keyword))
            elif name == "validation_data":
                new_keyword = "validation_data" if is_positional else None
                if validation and validation.kind == "dataset":
                    prefetched = site.method != "fit_generator"
                    edits.append(ArgEdit("keep", new_keyword, self._feed_code(validation, arg, site, prefetched, tf),
                                         self._feed_code(validation, arg, site, prefetched, tf, own_statement=True),
                                         "validation_data"))
                else:
                    edits.append(ArgEdit("keep", new_keyword))
            elif name in ("validation_steps", "nb_val_samples") and _in_memory(validation):
                edits.append(ArgEdit("drop"))
                notes.append(Note("FM209", f"{name}=`{code(arg.value)}` removed: validation_data holds arrays, which "
                                           "Keras 1, 2 and 3 validate in full whatever the count, so it never "
                                           "did anything there", arg))
            elif name == "class_weight" and _is_string(arg.value, "auto"):
                edits.append(ArgEdit("drop"))
                notes.append(Note("FM208", "class_weight='auto' removed: Keras 1 and 2 accepted it and weighted nothing; "
                                           "Keras 3 rejects it", arg))
            elif name in SAMPLE_COUNTS and len(edits) in keras2_counts:
                target = SAMPLE_COUNTS[name][0]
                converter_wrote = keras2_converted[len(edits)]
                edits.append(ArgEdit("keep", target, keras2_counts[len(edits)]))
                notes.append(Note("FM201", f"{name}=`{code(arg.value)}` ran on Keras 2 (the file uses `{keras2_marker}`), "
                                           f"whose converter made it {target}={converter_wrote}", arg))
            elif name in SAMPLE_COUNTS:
                target, feed_name = SAMPLE_COUNTS[name]
                source_feed = feed if feed_name == "x" else validation
                converted = self._samples_to_steps(name, arg, source_feed, target, frame)
                if isinstance(converted, Note):
                    return Refusal(site, [converted])
                edits.append(ArgEdit("keep", target, converted))
                notes.append(Note("FM201", f"{name}=`{code(arg.value)}` counts samples: {target}={converted} (Keras 1 "
                                           "took batches until it had seen at least that many samples)", arg))
            elif rounded is not None:
                edits.append(ArgEdit("keep", name if is_positional else None, rounded))
            elif name in QUEUE_ARGS:
                edits.append(ArgEdit("drop"))
                if feed.kind == "dataset":
                    prefetch = code(arg.value)
                else:
                    dropped_workers.append(name)
                    worker_values[PYDATASET_ARGS[name]] = arg.value
            elif name in WORKER_ARGS or name in KERAS1_WORKER_ARGS:
                edits.append(ArgEdit("drop"))
                dropped_workers.append(name)
                worker_values[PYDATASET_ARGS[name]] = arg.value
            elif name in RENAMED:
                edits.append(ArgEdit("keep", RENAMED[name]))
            else:
                edits.append(ArgEdit("keep", name if is_positional else None))

        setup: List[str] = []
        if dropped_workers and feed.kind == "as_is":
            moved = self._move_worker_args(site, call, legacy, edits, feed, validation, worker_values)
            if moved is not None:
                setup = moved
                dropped_workers = []
                listed = ", ".join(f"{n}=" for n in legacy if n in PYDATASET_ARGS)
                owners = list(dict.fromkeys(line.split(" = ")[0].rsplit(".", 1)[0]
                                            for line in setup))
                where = (f"set on {', '.join(f'`{o}`' for o in owners)} just before the call" if setup
                         else "given to its constructor")
                notes.append(Note("FM203", f"{listed} moved to the PyDataset ({where}), where Keras 3 reads them "
                                           "when the call starts: loading stays parallel, in the same batch order",
                                  call))
        if dropped_workers:
            listed = ", ".join(f"{n}=" for n in dropped_workers)
            if feed.kind == "as_is" and isinstance(feed.value, SequenceInstance):
                notes.append(Note("FM203", f"{listed} removed, so loading is serial: Keras 3 takes them on the "
                                           "PyDataset, and here they could not be set there (a Sequence made in the "
                                           "call whose __init__ does not hand **kwargs straight to PyDataset's, a call "
                                           "inside an expression, or a validation Sequence that cannot take them); "
                                           "name the Sequence and set seq.workers = ... on the line before, or let "
                                           f"{feed.value.cls.name}.__init__ pass **kwargs to super().__init__ of a "
                                           "class derived from keras.utils.PyDataset itself", call))
            elif feed.kind == "as_is":
                notes.append(Note("FM203", f"{listed} removed: Keras 3 takes them on the PyDataset, not on fit()", call))
            else:
                notes.append(Note("FM202", f"{listed} removed: tf.data has no equivalent for a plain Python generator "
                                           "(the dataset prefetches instead); to parallelise, turn the generator into a "
                                           "keras.utils.PyDataset with workers=", call))

        if site.method != "fit_generator" and isinstance(feed.value, Flow) and feed.kind == "dataset":
            # One evaluate/predict pass over a flow the script keeps: a read-ahead buffer would take
            # batches from it that the next call never sees.
            prefetch = "0"
        for i, (arg, edit) in enumerate(zip(call.args, edits)):
            buffer = prefetch if legacy[i] == "generator" else f"{tf}.data.AUTOTUNE"
            if edit.value_code is not None and legacy[i] in ("generator", "validation_data"):
                edit.value_code = edit.value_code.replace("\0PREFETCH\0", buffer)
            if edit.dataset is not None:
                edit.dataset = edit.dataset.replace("\0PREFETCH\0", buffer)

        rewrites = list(feed.list_rewrites) + (list(validation.list_rewrites) if validation else [])
        return CallPlan(site, LEGACY_METHODS[site.method], edits, rewrites, notes, tf_local=local_tf is not None,
                        setup=setup, math_import=self._needs_math)

    def _move_worker_args(self, site: CallSite, call: cst.Call, legacy: List[str], edits: List[ArgEdit], feed: Feed,
                          validation: Optional[Feed], values: Dict[str, cst.BaseExpression]) -> Optional[List[str]]:
        """``workers`` / ``use_multiprocessing`` / ``max_queue_size`` given to the PyDataset itself, which
        is where Keras 3 reads them (each time a call starts, so setting them just before the call is that
        call's setting): ``seq.workers = 4`` on the line before the statement when the Sequence or flow is a
        name, or keywords of its constructor when it is made in the call by a class whose ``__init__``
        takes them. Legacy Keras gave the same arguments to a validation Sequence, so it gets them too.
        ``None`` (the arguments are only removed) when one of them cannot be written either way."""
        # All three, the ones not given at their legacy defaults: the settings stay on the object, and one
        # left from an earlier call (use_multiprocessing=True) would otherwise carry over into this one.
        values = {name: values.get(name) or cst.parse_expression(default) for name, default in LEGACY_PYDATASET_DEFAULTS}
        feeds = [(feed, legacy.index("generator") if "generator" in legacy else 0)]
        if validation is not None and validation.kind == "as_is" and isinstance(validation.value,
                                                                                  (Flow, SequenceInstance)):
            feeds.append((validation, legacy.index("validation_data")))
        in_class_body = bool(site.scopes) and isinstance(site.scopes[-1], cst.ClassDef)
        statement_free = layout.hoisting_statement(call, site.statement) and not in_class_body
        setup: List[str] = []
        constructed: List[Tuple[int, str]] = []
        for one, index in feeds:
            expr = one.expr
            if _plain_reference(expr) and statement_free:
                setup += [f"{code(expr)}.{name} = {code(value)}" for name, value in values.items()]
            elif isinstance(expr, cst.Call) and isinstance(one.value, SequenceInstance) and \
                    _takes_pydataset_keywords(one.value.cls) and \
                    not any(arg.keyword is not None and arg.keyword.value in values for arg in expr.args):
                keywords = [cst.Arg(value, keyword=cst.Name(name),
                                    equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                                          whitespace_after=cst.SimpleWhitespace("")))
                            for name, value in values.items()]
                args = list(expr.args)
                if args and not isinstance(args[-1].comma, cst.Comma):
                    args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                for i, keyword in enumerate(keywords[:-1]):
                    keywords[i] = keyword.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                constructed.append((index, code(expr.with_changes(args=args + keywords))))
            else:
                return None
        for index, value_code in constructed:
            edits[index].value_code = value_code
        return setup

    # ---- helpers ----------------------------------------------------------------------------

    def _not_keras_receiver(self, site: CallSite, frame: Frame) -> Optional[str]:
        receiver = site.call.func.value  # type: ignore[attr-defined]
        value = self.interpreter.eval(receiver, frame)
        if isinstance(value, Instance) and isinstance(class_member(value.cls, site.method), cst.FunctionDef):
            return f"an instance of {value.cls.name}, which defines"
        return None

    def _len_kind(self, expr: cst.BaseExpression, frame: Frame) -> Tuple[bool, bool]:
        """Whether a ``len(x)`` count measures a Keras Sequence (steps) or an array (samples)."""
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.func.value == "len" and expr.args:
            value = self.interpreter.eval(expr.args[0].value, frame)
            if isinstance(value, (Flow, SequenceInstance)):
                return True, False
            if isinstance(value, (Array, ListOf, Seq)):
                return False, True
        return False, False

    def _feed(self, expr: cst.BaseExpression, frame: Frame, site: CallSite, what: str, notes: List[Note],
              training: bool) -> Union[Feed, Refusal]:
        value = self.interpreter.eval(expr, frame)
        if isinstance(value, (Flow, SequenceInstance)):
            feed = Feed("as_is", expr, value)
            if isinstance(value, Flow):
                feed.batch_size_code = f"len({code(expr)})"
                notes.append(Note("FM206", FM206_MESSAGE, expr))
            else:
                feed.batch_size_code = f"len({code(expr)})"
                proof = prove_batches(self.interpreter, value, self.info,
                                      lambda node, module=value.cls.module: self._where(node, module))
                if proof.problem is not None:
                    return Refusal(site, [Note("FM103", f"the batches of {what} `{code(expr)}` are not proven to hold "
                                                        "only tuples, dicts and arrays, and Keras 3 rejects a list "
                                                        f"inside a batch (legacy Keras read it as a tuple): "
                                                        f"{proof.problem}; or migrate by hand", expr)])
                if proof.rewrites:
                    feed.list_rewrites = proof.rewrites
                    made = ", ".join(_tuple_edit(node) for node in proof.rewrites)
                    notes.append(Note("FM205", f"{value.cls.name}.__getitem__ returns lists inside its batches, which "
                                               f"Keras 3 rejects: {made} (Keras reads a tuple of inputs like a list)",
                                      expr))
            return feed
        if not training and (isinstance(expr, cst.Tuple) or isinstance(value, Scalar) and value.kind == "none" or (
                isinstance(value, Seq) and value.kind == "tuple" and all(isinstance(i, Array) for i in value.items))):
            return Feed("as_is", expr, value)  # (x_val, y_val) arrays, or None: fit takes them as they are
        if isinstance(value, GeneratorCall):
            element, yields = self.interpreter.generator_element(value)
        elif isinstance(value, Zip):
            element, yields = self.interpreter.iterate(value).elem, []  # type: ignore[union-attr]
            if any(isinstance(part, Flow) for part in value.parts):
                notes.append(Note("FM206", FM206_ZIP_MESSAGE, expr))
        elif isinstance(value, Instance):
            return Refusal(site, [Note("FM102", f"{what} `{code(expr)}` is an instance of {value.cls.name}, whose batches "
                                                "cannot be proven statically: make it a keras.utils.PyDataset, or "
                                                "migrate by hand", expr)])
        elif isinstance(value, Seq) and not training:
            return Refusal(site, [Note("FM102", f"{what} `{code(expr)}` is a sequence the analyzer cannot tell from "
                                                "(x, y) arrays or a generator: write it as a tuple display, or migrate "
                                                "by hand", expr)])
        else:
            reason = value.reason if isinstance(value, Unknown) else f"it is a {type(value).__name__}"
            return Refusal(site, [Note("FM102", f"cannot tell what {what} `{code(expr)}` is ({reason}): define it in this "
                                                "project as a generator function, a keras.utils.Sequence or an "
                                                "ImageDataGenerator flow, or migrate by hand", expr)])
        try:
            spec = spec_for(element)
        except NotProven as exc:
            fn = value.function.name + "()" if isinstance(value, GeneratorCall) else f"`{code(expr)}`"
            from_model = self._spec_from_model(site, element, expr, fn, exc, notes)
            if from_model is not None:
                spec = from_model
            elif self.sampler is None:
                return Refusal(site, [Note("FM103", f"output_signature of {fn} not proven: {exc}; make the dtype explicit "
                                                    "(e.g. .astype('float32')), or let `fitmigrate migrate --infer sample` "
                                                    "read it from one real batch", expr)])
            else:
                sampled = self._sampled_spec(site, expr, fn, exc, notes)
                if isinstance(sampled, Refusal):
                    return sampled
                spec = sampled
        feed = Feed("dataset", expr, value, spec=spec)
        iterable_code = code(expr)
        lambda_head = "lambda:"
        if not training and isinstance(expr, cst.Call):
            # Legacy Keras drew every validation pass from the one generator the call made; Keras 3
            # starts its validation data again each epoch, so the generator is made once, here.
            lambda_head = f"lambda generator={iterable_code}:"
            iterable_code = "generator"
            notes.append(Note("FM210", f"validation_data `{code(expr)}` is made once and each validation pass goes "
                                       "on where the last stopped, as legacy Keras did (Keras 3 would start it "
                                       "again every epoch); .prefetch(0), so no batch is read ahead and dropped", expr))
        if isinstance(value, GeneratorCall) and isinstance(expr, cst.Call) and not expr.args and training:
            feed.callable_code = code(expr.func)
        else:
            feed.callable_code = f"{lambda_head} {iterable_code}"
        paths = list_paths(spec)
        if paths:
            displays = self._yield_lists(value, yields, paths)
            if displays is not None:
                feed.list_rewrites = displays
                where = value.function.name + "()"  # type: ignore[union-attr]
                notes.append(Note("FM205", f"{where} yields lists, which tf.data rejects: its yield now builds tuples "
                                           "(Keras reads a tuple of inputs like a list)", expr))
            elif all(len(p) <= 1 for p in paths) and isinstance(spec, SpecTuple):
                names = _part_names(len(spec.items))
                converted = ", ".join(f"tuple({n})" if (i,) in paths else n for i, n in enumerate(names))
                feed.callable_code = f"{lambda_head} (({converted}) for {', '.join(names)} in {iterable_code})"
                notes.append(Note("FM205", f"`{iterable_code}` yields lists, which tf.data rejects: the dataset converts "
                                           "each batch to tuples as it reads it", expr))
            else:
                return Refusal(site, [Note("FM103", f"`{iterable_code}` yields a list nested inside its batch, which "
                                                    "tf.data rejects: yield tuples instead", expr)])
        feed.batch_size_code = self._batch_size(value, expr)
        return feed

    def _where(self, node: cst.CSTNode, module: Optional[ModuleInfo] = None) -> str:
        """" (line N)" for a node of this module, " (data.py line N)" for one of ``module``, else ""."""
        try:
            return f" (line {self.positions[node].start.line})"
        except KeyError:
            pass
        if module is None or module is self.info:
            return ""
        if id(module) not in self._other_positions:
            self._other_positions[id(module)] = Positions(module.module)
        try:
            line = self._other_positions[id(module)][node].start.line
        except KeyError:
            return ""
        name = Path(str(module.path)).name if module.path is not None else module.name
        return f" ({name} line {line})"

    def _sampled_spec(self, site: CallSite, expr: cst.BaseExpression, fn: str, exc: NotProven,
                      notes: List[Note]) -> Union[Spec, Refusal]:
        """``--infer sample``: the signature of one real batch, read in a child process."""
        assert self.sampler is not None
        sampled = self.sampler(code(expr))
        if not getattr(sampled, "ok", False):
            return Refusal(site, [Note("FM103", f"output_signature of {fn} not proven ({exc}), and sampling one batch "
                                                f"failed: {getattr(sampled, 'error', sampled)}", expr)])
        try:
            spec = spec_from_sample(sampled.structure)  # type: ignore[attr-defined]
        except NotProven as sample_problem:
            return Refusal(site, [Note("FM103", f"output_signature of {fn} not proven ({exc}), and the sampled batch "
                                                f"cannot be described: {sample_problem}", expr)])
        notes.append(Note("FM207", f"output_signature of {fn} read from one real batch, not proven from the code "
                                   f"({exc}): check that every batch has these dtypes", expr))
        return spec

    def _spec_from_model(self, site: CallSite, element: Value, expr: cst.BaseExpression, fn: str, exc: NotProven,
                         notes: List[Note]) -> Optional[Spec]:
        """The signature with each unproven leaf taken from the model the call trains, when the yield's
        structure is proven and the model is spelled out in this module (see model_inputs)."""
        if not (isinstance(element, Seq) and element.kind == "tuple" and len(element.items) in (2, 3)):
            return None
        if self._models is None:
            self._models = ModelReader(self.info.module)
        facts = self._models.facts(site.call.func.value)  # type: ignore[attr-defined]
        if facts is None:
            return None
        taken: List[str] = []
        x, y, *rest = element.items
        inputs = self._model_leaf_specs(x, facts, taken)
        target = _leaf_or(y, facts.target, "[1]", "its output layer's width and the loss "
                                                  f"{facts.loss}", taken)
        weights = [spec_for(w, (2,)) if _proven(w) else None for w in rest]
        if inputs is None or target is None or None in weights:
            return None
        notes.append(Note("FM212", f"output_signature of {fn}: the data's dtypes are not proven ({exc}); "
                                   f"{'; '.join(taken)}, from the model ({facts.where}): Keras converts its inputs to "
                                   "these dtypes anyway; `fitmigrate verify` confirms them on real batches", expr))
        return SpecTuple((inputs, target) + tuple(weights))  # type: ignore[arg-type]

    def _model_leaf_specs(self, x: Value, facts, taken: List[str]) -> Optional[Spec]:
        if len(facts.inputs) == 1 and not isinstance(x, (Seq, Mapping)):
            return _leaf_or(x, facts.inputs[0][1], "[0]", "the model's input", taken)
        if isinstance(x, Seq) and len(x.items) == len(facts.inputs):
            items = [_leaf_or(item, spec, f"[0][{i}]", f"the model's input {i}", taken)
                     for i, (item, (_, spec)) in enumerate(zip(x.items, facts.inputs))]
            return None if None in items else SpecTuple(tuple(items), was_list=x.kind == "list")  # type: ignore[arg-type]
        if isinstance(x, Mapping) and all(name for name, _ in facts.inputs):
            by_name = dict(facts.inputs)
            if set(k for k, _ in x.items) != set(by_name):
                return None
            entries = [(k, _leaf_or(v, by_name[k], f"[0][{k!r}]", f"the model's input {k!r}", taken)) for k, v in x.items]
            return None if any(v is None for _, v in entries) else SpecDict(tuple(entries))  # type: ignore[arg-type]
        return None

    def _yield_lists(self, value: Value, yields, paths) -> Optional[List[cst.List]]:
        """The list displays to turn into tuples, when every yield of a generator in this file writes them."""
        if not isinstance(value, GeneratorCall) or value.function.module is not self.info or not yields:
            return None
        found: List[cst.List] = []
        for node, _value, is_from in yields:
            if is_from or not isinstance(node, cst.Yield) or node.value is None:
                return None
            for path in paths:
                target: Optional[cst.CSTNode] = node.value
                for step in path:
                    if isinstance(target, (cst.Tuple, cst.List)) and isinstance(step, int) and step < len(target.elements):
                        target = target.elements[step].value
                    else:
                        target = None
                        break
                if not isinstance(target, cst.List):
                    return None
                found.append(target)
        return found

    def _batch_size(self, value: Value, expr: cst.BaseExpression) -> Optional[str]:
        """Code for the generator's batch size at the call site, when it is provable.

        A batch length proven from what is yielded wins over the batch argument: a generator that
        yields three augmented images per sample has batches three times its ``batch_size``.
        """
        if not isinstance(value, GeneratorCall):
            return None
        argument, known = self._batch_argument(value, expr)
        proven = self._yielded_batch_length(value)
        if proven is None or known == proven:
            return argument
        return str(proven)

    def _yielded_batch_length(self, value: GeneratorCall) -> Optional[int]:
        element, _ = self.interpreter.generator_element(value)
        # Every array of a batch has the batch's length (Keras rejects a batch whose parts disagree),
        # so one part whose first dimension is proven proves it for the batch.
        lengths = {leaf.shape[0] for leaf in _leaves(element)
                   if isinstance(leaf, Array) and leaf.shape and isinstance(leaf.shape[0], int)}
        return lengths.pop() if len(lengths) == 1 else None

    def _batch_argument(self, value: GeneratorCall, expr: cst.BaseExpression) -> Tuple[Optional[str], Optional[int]]:
        """The generator's batch argument (or a module constant) as code at the call site, and its value."""
        params = dict(value.bindings)
        for name in BATCH_PARAM_NAMES:
            if name not in params:
                continue
            bound = params[name]
            known = bound.value if isinstance(bound, Scalar) and bound.kind == "int" and bound.value else None
            if isinstance(expr, cst.Call):
                for arg in expr.args:
                    if arg.keyword is not None and arg.keyword.value == name and isinstance(arg.value, (cst.Name, cst.Attribute, cst.Integer)):
                        return code(arg.value), known
                positional = [p.name.value for p in value.function.node.params.params]
                if value.function.cls is not None and positional:
                    positional = positional[1:]
                plain = [a for a in expr.args if a.keyword is None]
                if name in positional and positional.index(name) < len(plain):
                    arg_value = plain[positional.index(name)].value
                    if isinstance(arg_value, (cst.Name, cst.Attribute, cst.Integer)):
                        return code(arg_value), known
            return (str(known), known) if known else (None, None)
        env = value.function.module.env()
        for name, bound in env.items():
            if name.lower() in BATCH_PARAM_NAMES and isinstance(bound, Scalar) and bound.kind == "int" and bound.value:
                return (name if value.function.module is self.info else str(bound.value)), bound.value
        return None, None

    def _rounded(self, name: str, count: cst.BaseExpression, frame: Frame, arg: cst.Arg,
                 notes: List[Note]) -> Union[None, str, Note]:
        """A step count that is provably a float, as the integer the legacy loop ran
        (``while steps_done < count``: its ceiling), with the FM213 note; None when it is kept as it is."""
        ceil = ceiling(frame)
        whole = whole_count(count, self.interpreter, frame, ceil)
        if whole is None:
            return None
        if whole.code is None:
            return Note("FM106", f"{name}=`{code(count)}` is a float, which Keras 3 rejects, and its ceiling (the steps "
                                 f"the legacy loop ran) needs math.ceil, but this module binds `math` to something "
                                 f"else: give {name} as an integer", arg)
        if whole.uses_math and ceil.needs_import:
            self._needs_math = True
        notes.append(Note("FM213", f"{name}=`{code(count)}` is a float, which Keras 3 rejects: {name}={whole.code}, "
                                   f"the steps the legacy loop ran (`while steps_done < {name}`: the count rounded "
                                   "up)", arg))
        return whole.code

    def _samples_to_steps(self, name: str, arg: cst.Arg, feed: Optional[Feed], target: str,
                          frame: Frame) -> Union[str, Note]:
        """A Keras 1 sample count as a step count, or the note that says why it cannot be one.

        Keras 1 took batches until it had seen *at least* that many samples: with batches of exactly
        ``b`` rows that is ``ceil(n / b)`` steps. A Sequence or flow's own sample count is one pass,
        ``len(it)``; any other count of one depends on where its short last batch falls.
        """
        count = arg.value
        what = "the generator's" if target != "validation_steps" else "validation_data's"
        if feed is not None and feed.kind == "as_is":
            if self._is_whole_pass(count, feed):
                return f"len({code(feed.expr)})"
            it = code(feed.expr) if isinstance(feed.expr, (cst.Name, cst.Attribute)) else "it"
            return Note("FM107", f"{name}=`{code(count)}` counts samples of `{code(feed.expr)}` but is not provably its "
                                 f"own sample count ({it}.n, or len() of the array it was made from): Keras 1 took "
                                 f"batches until it had seen that many samples, and the last batch of each pass is "
                                 f"short, so how many steps each epoch took cannot be read from the code: give "
                                 f"{target}=len({it}) for one pass per epoch, or a step count", arg)
        if feed is None or feed.batch_size_code is None:
            return Note("FM105", f"{name} `{code(count)}` counts samples, but {what} batch size is not known: give "
                                 f"{target}= (steps) instead", arg)
        batch = feed.batch_size_code
        if self._yielded_batch_length(feed.value) is None:  # type: ignore[arg-type]
            return Note("FM105", f"{name} `{code(count)}` counts samples, but {what} batches are not proven to hold "
                                 f"{batch} samples each (Keras 1 counted the samples of each batch, so a short batch "
                                 f"changes the step count): give {target}= (steps) instead", arg)
        if isinstance(count, cst.Integer) and batch.isdigit() and int(count.evaluated_value) % int(batch) == 0:
            return f"{count.value} // {batch}"
        if is_float(count, self.interpreter, frame):
            # Keras 1 counted whole samples until it had seen at least a float count: ceil(n / b) steps,
            # which ``(n + b - 1) // b`` is not for a float n.
            ceil = ceiling(frame)
            if ceil.call is None:
                return Note("FM106", f"{name} `{code(count)}` is a float: its step count needs math.ceil, and this "
                                     f"module binds `math` to something else: give {target}= (steps) instead", arg)
            self._needs_math = self._needs_math or ceil.needs_import
            divisor = batch if batch.replace(".", "").replace("_", "").isalnum() else f"({batch})"
            return f"{ceil.call}({_dividend(count)} / {divisor})"
        return f"({_atom(count)} + {batch} - 1) // {batch}"

    def _keras2_marker(self) -> Optional[str]:
        """The Keras 2 name that shows this file ran on Keras 2. Only the file itself counts: the
        project modules it imports are rewritten by the same run (FM415 writes Keras 2 layer calls),
        so reading them would make a second run decide differently from the first."""
        if self._keras2 is None:
            self._keras2 = (dialect.keras2_api(self.source),)
        return self._keras2[0]

    def keras2_marker(self) -> Optional[str]:
        return self._keras2_marker()

    def decide_on_keras2(self, site: CallSite) -> Decision:
        """What ``decide`` would make of the call if the file showed the Keras 2 API: a refusal that this
        turns into a plan rests on the file showing none (see ``analysis.evidence``)."""
        shown = self._keras2
        self._keras2 = (dialect.HYPOTHETICAL_KERAS2,)
        try:
            return self.decide(site)
        finally:
            self._keras2 = shown

    def _keras2_conversion(self, name: str, arg: cst.Arg, feed: Optional[Feed],
                           marker: str) -> Union[Note, Tuple[str, Optional[Feed]]]:
        """What Keras 2 (2.0 to 2.2) made of a Keras 1 count: ``samples_per_epoch // generator.batch_size``
        when the generator has a ``batch_size`` attribute (a flow), else the count itself as steps; and
        ``nb_val_samples`` / ``val_samples`` always as steps, unchanged. With the flow whose pass that
        count does not provably make, for the caller to read endlessly."""
        count = code(arg.value)
        if feed is None:
            return Note("FM105", f"{name}=`{count}` has no data to count", arg)
        if name == "samples_per_epoch" and feed.kind == "as_is" and isinstance(feed.value, SequenceInstance):
            return Note("FM105", f"{name}=`{count}` ran on Keras 2 (the file uses `{marker}`), which divided it by "
                                 f"the Sequence's batch_size attribute if it had one, and `{code(feed.expr)}`'s is not "
                                 f"known: give steps_per_epoch= (steps) instead", arg)
        steps = count
        if name == "samples_per_epoch" and feed.kind == "as_is" and isinstance(feed.value, Flow):
            batch = feed.value.batch_size
            if not (isinstance(batch, Scalar) and batch.kind == "int" and batch.value):
                return Note("FM105", f"{name}=`{count}` ran on Keras 2, which divided it by the flow's batch size, "
                                     "and that is not known: give steps_per_epoch= (steps) instead", arg)
            steps = f"{_atom(arg.value)} // {feed.value.batch_code or batch.value}"
        if feed.kind == "as_is" and isinstance(feed.value, (Flow, SequenceInstance)):
            return steps, feed
        return steps, None

    def _is_whole_pass(self, count: cst.BaseExpression, feed: Feed) -> bool:
        """Whether a sample count is a Sequence or flow's own: ``it.n``, ``it.samples``, or for
        ``datagen.flow(x, ...)`` the length of ``x``."""
        if isinstance(count, cst.Attribute) and count.attr.value in dialect.SAMPLE_ATTRIBUTES:
            return code(count.value) == code(feed.expr)
        source = feed.value.samples_code if isinstance(feed.value, Flow) else None
        if source is None:
            return False
        if isinstance(count, cst.Call) and code(count.func) == "len" and len(count.args) == 1:
            return code(count.args[0].value) == source
        if isinstance(count, cst.Subscript) and isinstance(count.value, cst.Attribute) and \
                count.value.attr.value == "shape" and len(count.slice) == 1:
            index = count.slice[0].slice
            return isinstance(index, cst.Index) and code(index.value) == "0" and code(count.value.value) == source
        return False

    def _pass_length_problem(self, site: CallSite, name: str, arg: cst.Arg, feed: Optional[Feed],
                             frame: Frame) -> Optional[Note]:
        """A step count given with a Sequence or flow that Keras 3 would not honour the legacy way.

        Legacy Keras went round a Sequence without end: every epoch had the steps asked for and the
        next began where it stopped. Keras 3 runs one pass at most and resumes mid-pass, so only a
        count of exactly ``len(it)`` (or, for one evaluate/predict pass, fewer) means the same.
        """
        if feed is None or feed.kind != "as_is" or not isinstance(feed.value, (Flow, SequenceInstance)):
            return None
        count = arg.value
        if isinstance(count, cst.Call) and code(count.func) == "len" and len(count.args) == 1 and \
                code(count.args[0].value) == code(feed.expr):
            return None
        own_length = _literal_length(feed.value.cls) if isinstance(feed.value, SequenceInstance) else None
        if own_length is not None and isinstance(count, cst.Integer) and int(count.evaluated_value) == own_length:
            return None
        if self._one_pass_division(count, feed, frame):
            return None
        if site.method != "fit_generator" and self._at_most_one_pass(count, feed, frame):
            return None
        it = code(feed.expr)
        kind = "flow" if isinstance(feed.value, Flow) else "Sequence"
        if site.method == "fit_generator":
            why = (f"legacy Keras went round the {kind} without end, so every epoch had that many steps and the next "
                   "began where it stopped; Keras 3 runs at most one pass per epoch and resumes mid-pass (short epochs)")
        else:
            why = f"Keras 3 stops at the end of one pass, where legacy Keras went round the {kind} again"
        if isinstance(feed.value, Flow):
            why += ", and the flow's batches are not proven, so it cannot be read as an endless dataset instead"
        return Note("FM107", f"{name}=`{code(count)}` is not provably len({it}): {why}: give {name}=len({it}) for one "
                             f"pass, or migrate by hand", arg)

    def _one_pass_division(self, count: cst.BaseExpression, feed: Feed, frame: Frame) -> bool:
        """``it.n / b`` (``len(x) / b`` for ``flow(x, ...)``) where ``b`` is the flow's own batch size: the
        legacy loop ran its ceiling, ``ceil(n / b)``, which is ``len(it)``: one pass."""
        if not (isinstance(count, cst.BinaryOperation) and isinstance(count.operator, cst.Divide) and
                isinstance(feed.value, Flow) and self._is_whole_pass(count.left, feed)):
            return False
        if isinstance(feed.expr, cst.Call) and feed.value.batch_code is not None and \
                code(count.right) == feed.value.batch_code:  # the flow is made in the call: the same name
            return True
        batch = self.interpreter.eval(count.right, frame)
        own = feed.value.batch_size
        return isinstance(batch, Scalar) and isinstance(own, Scalar) and batch.value is not None and \
            batch.value == own.value

    def _at_most_one_pass(self, count: cst.BaseExpression, feed: Feed, frame: Frame) -> bool:
        """``it.n // b`` (or ``.samples``) where ``b`` is the flow's own batch size: at most ``len(it)``."""
        if not (isinstance(count, cst.BinaryOperation) and isinstance(count.operator, cst.FloorDivide)):
            return False
        left = count.left
        if not (isinstance(left, cst.Attribute) and left.attr.value in dialect.SAMPLE_ATTRIBUTES and
                code(left.value) == code(feed.expr) and isinstance(feed.value, Flow)):
            return False
        batch = self.interpreter.eval(count.right, frame)
        own = feed.value.batch_size
        return isinstance(batch, Scalar) and isinstance(own, Scalar) and batch.value is not None and \
            batch.value == own.value

    def _endless_flow(self, feed: Feed, name: str, arg: cst.Arg, training: bool, notes: List[Note]) -> Optional[Feed]:
        """An ImageDataGenerator flow as the endless dataset legacy Keras read it as.

        A flow's ``__iter__`` is itself and its ``__next__`` goes round without end, reshuffling at
        each pass: ``from_generator(lambda: flow)`` gives ``steps_per_epoch`` batches every epoch,
        each epoch going on where the last stopped, as Keras 2's ``fit_generator`` did. Only when
        the batches' signature is proven (a flow's images are float32; its labels follow ``class_mode``).
        """
        if not isinstance(feed.value, Flow):
            return None
        try:
            spec = spec_for(feed.value.element)
        except NotProven:
            return None
        flow_code = code(feed.expr)
        dataset = Feed("dataset", feed.expr, feed.value, spec=spec)
        if not training and isinstance(feed.expr, cst.Call):
            dataset.callable_code = f"lambda generator={flow_code}: generator"
        else:
            dataset.callable_code = f"lambda: {flow_code}"
        notes.append(Note("FM211", f"{name}=`{code(arg.value)}` is not one pass of the flow `{flow_code}`: it is read "
                                   "as the endless iterator legacy Keras read it as (every epoch takes that many "
                                   "batches and goes on where the last stopped, reshuffling at each pass); tf.keras "
                                   "2.x restarted the flow every epoch instead", arg))
        return dataset

    def _yields_one_sample(self, expr: cst.BaseExpression, frame: Frame) -> bool:
        value = self.interpreter.eval(expr, frame)
        return isinstance(value, GeneratorCall) and self._yielded_batch_length(value) == 1

    def _feed_code(self, feed: Optional[Feed], arg: cst.Arg, site: CallSite, prefetch: bool = True,
                   tf: Optional[str] = None, own_statement: bool = False) -> str:
        """The dataset for one feed. Validation data is not prefetched: Keras 3 drops the iterator after
        each validation pass, and with it whatever batches a prefetch buffer had drawn. ``.prefetch(0)``
        says so, and stops tf.data from injecting a prefetch of its own (``inject_prefetch``, on by
        default: measured, it lost one batch a pass)."""
        assert feed is not None and feed.spec is not None
        tf = tf or self.tf
        # Inline, the code is indented as the argument's line; as a statement, as the statement.
        indent = "" if own_statement else self._relative_indent(arg.value, site.statement)
        inner = indent + self.step
        signature = render(feed.spec, tf, inner, self.step)
        keys: List[str] = []
        pending: List[Spec] = [feed.spec]
        while pending:
            spec = pending.pop()
            if isinstance(spec, SpecDict):
                keys.extend(key for key, _ in spec.items)
                pending.extend(item for _, item in spec.items)
            elif isinstance(spec, SpecTuple):
                pending.extend(spec.items)
        signature = layout.requote_keys(signature, keys, self.source)
        return (f"{tf}.data.Dataset.from_generator(\n{inner}{feed.callable_code},\n"
                f"{inner}output_signature={signature},\n{indent})" + (".prefetch(\0PREFETCH\0)" if prefetch else ".prefetch(0)"))

    def _relative_indent(self, node: cst.CSTNode, statement: cst.CSTNode) -> str:
        """Indentation of ``node``'s line beyond its block's: LibCST adds the block's own when it prints."""
        line = self._indent_of(self.positions[node].start.line)
        block = self._indent_of(self.positions[statement].start.line)
        return line[len(block):] if line.startswith(block) else ""

    def _indent_of(self, line: int) -> str:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return text[: len(text) - len(text.lstrip(" \t"))]


def _plain_reference(node: cst.BaseExpression) -> bool:
    """A name or a chain of attributes of one (``train``, ``self.train_seq``): evaluating it twice is
    reading the same object, with no side effect."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name)


def _takes_pydataset_keywords(cls) -> bool:
    """Whether ``Cls(..., workers=...)`` reaches ``PyDataset.__init__``: the class derives from
    ``Sequence``/``PyDataset`` with no ``__init__`` of its own, or it (or a base in its module) defines
    ``__init__(self, ..., **kwargs)``, passes ``**kwargs`` on to ``super().__init__`` and names none of
    the three itself."""
    def direct(node: cst.ClassDef) -> bool:  # derives from Sequence / PyDataset itself, nothing between
        bases = [dotted_name(base.value) or "" for base in node.bases]
        return bool(bases) and all(base.rsplit(".", 1)[-1] in ("Sequence", "PyDataset") for base in bases)

    init = class_member(cls, "__init__")
    if init is None:  # PyDataset.__init__ itself, when the class derives from it directly
        return direct(cls.node)
    if not isinstance(init, cst.FunctionDef) or not isinstance(init.params.star_kwarg, cst.Param):
        return False
    # The class whose __init__ this is must hand **kwargs straight to PyDataset's: a project base class
    # in between may take none of them (TypeError at the call).
    owner = next((c for c in _class_chain(cls) if isinstance(c.node.body, cst.IndentedBlock)
                  and any(stmt is init for stmt in c.node.body.body)), None)
    if owner is None or not direct(owner.node):
        return False
    params = init.params
    named = {p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)}
    if named & set(PYDATASET_ARGS.values()):
        return False
    kwargs = params.star_kwarg.name.value
    found = []

    class _Forward(walk.Visitor):
        def visit_Call(self, node: cst.Call) -> None:
            func = node.func
            if isinstance(func, cst.Attribute) and func.attr.value == "__init__" and \
                    isinstance(func.value, cst.Call) and code(func.value.func) == "super" and \
                    any(arg.star == "**" and isinstance(arg.value, cst.Name) and arg.value.value == kwargs
                        for arg in node.args):
                found.append(node)

    walk.visit(init.body, _Forward())
    return bool(found)


def _class_chain(cls):
    """The class and its bases in the module, nearest first (as ``class_member`` follows them)."""
    from fitmigrate.analysis.evaluate import _local_base

    seen, current = set(), cls
    while current is not None and current.ident not in seen:
        seen.add(current.ident)
        yield current
        current = _local_base(current)


def _part_names(count: int) -> List[str]:
    return ["inputs", "targets", "weights"][:count] if count <= 3 else [f"part{i}" for i in range(count)]


def _is_static(fn: cst.FunctionDef) -> bool:
    return any(dotted_name(d.decorator) in ("staticmethod",) for d in fn.decorators)


def _in_memory(feed: Optional[Feed]) -> bool:
    """Validation data that is arrays (``(x_val, y_val)``): Keras validates all of it, whatever the count."""
    if feed is None or feed.kind != "as_is" or isinstance(feed.value, (Flow, SequenceInstance)):
        return False
    return isinstance(feed.expr, cst.Tuple) or isinstance(feed.value, Seq)


def _is_string(node: cst.BaseExpression, text: str) -> bool:
    return isinstance(node, cst.SimpleString) and node.evaluated_value == text


class _Returns(walk.Visitor):
    """The ``return`` values of one function, not of functions nested in it."""

    def __init__(self) -> None:
        self.values: List[cst.BaseExpression] = []
        self._depth = 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self._depth += 1
        return self._depth == 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._depth -= 1

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self.values.append(node.value)


def _dividend(node: cst.BaseExpression) -> str:
    """The node's code as the left operand of ``/``: parenthesized only when it binds less tightly."""
    tight = (cst.Multiply, cst.Divide, cst.FloorDivide, cst.Modulo, cst.MatrixMultiply, cst.Power)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, tight) or isinstance(node, cst.UnaryOperation):
        return code(node)
    return _atom(node)


def _tuple_edit(node: cst.CSTNode) -> str:
    """What the rewriter makes of a list, in words, for FM205."""
    if isinstance(node, cst.List):
        return f"`{_short(node)}` becomes a tuple display"
    if isinstance(node, cst.ListComp):
        return f"`{_short(node)}` becomes tuple(...) of the same comprehension"
    return f"`{_short(node)}` is returned as tuple({_short(node)})"


def _short(node: cst.CSTNode, limit: int = 50) -> str:
    text = " ".join(code(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _literal_length(cls) -> Optional[int]:
    """What a Sequence's ``__len__`` returns when its only ``return`` is an integer literal."""
    length = class_member(cls, "__len__")
    if not isinstance(length, cst.FunctionDef):
        return None
    returns = _Returns()
    walk.visit(length, returns)
    if len(returns.values) == 1 and isinstance(returns.values[0], cst.Integer):
        return int(returns.values[0].evaluated_value)
    return None


def _leaves(value: Value) -> List[Value]:
    if isinstance(value, Seq):
        return [leaf for item in value.items for leaf in _leaves(item)]
    if isinstance(value, Mapping):
        return [leaf for _, item in value.items for leaf in _leaves(item)]
    return [value]


def _proven(value: Value) -> bool:
    try:
        spec_for(value)
    except NotProven:
        return False
    return True


def _leaf_or(value: Value, model_spec, where: str, source: str, taken: List[str]):
    """A leaf's own spec when proven; else the model's, keeping a proven dtype (never a narrower one)
    and refusing a proven rank that disagrees with the model's."""
    if _proven(value):
        return spec_for(value)
    if model_spec is None or isinstance(value, (Seq, Mapping, ListOf)):
        return None
    spec = model_spec
    if isinstance(value, Array):
        if value.shape is not None and len(value.shape) != len(spec.shape):
            return None
        if value.dtype is not None:
            spec = TensorSpec(spec.shape, value.dtype)
    taken.append(f"{where} is declared {spec.code('tf')} from {source}")
    return spec
