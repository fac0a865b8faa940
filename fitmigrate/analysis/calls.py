"""Find every ``fit_generator``-family call in a module and decide, for each, exactly how it is
migrated, or why it is not. Read-only: the decisions are plans that ``fitmigrate.rewrite`` applies.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Sequence, Tuple

import libcst as cst

from fitmigrate.analysis import dialect, walk
from fitmigrate.analysis.arguments import (
    ArgumentPlanning,
    COUNT_POSITIONS,
    KERAS1_WORKER_ARGS,
    LEGACY_METHODS,
    POSITIONAL_NAMES,
    PYDATASET_ARGS,
    QUEUE_ARGS,
    RENAMED,
    SAMPLE_COUNTS,
    STEP_COUNTS,
    WORKER_ARGS,
    _in_memory,
    _is_string,
)
from fitmigrate.analysis.counts import CountPlanning
from fitmigrate.analysis.callers import ScopeRunner
from fitmigrate.analysis.evaluate import Frame, Hooks, ModuleInfo, dotted_name
from fitmigrate.analysis.feeds import FeedPlanning
from fitmigrate.analysis.model_inputs import ModelReader
from fitmigrate.analysis.passes import PassPlanning
from fitmigrate.analysis.plans import (EVALUATION, TRAIN, VALIDATION, ArgEdit, CallPlan, CallSite, Decision, Feed, Note,
                                       Refusal, code)
from fitmigrate.analysis.positions import Positions
from fitmigrate.analysis.values import Array, Flow, ListOf, Seq, SequenceInstance


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


class Planner(FeedPlanning, CountPlanning, PassPlanning, ArgumentPlanning):
    """Decides each call of one module. ``lines`` and ``positions`` let it indent what it writes."""

    def __init__(self, info: ModuleInfo, source: str, positions, tf: str, indent_step: str,
                 sampler: Optional[Callable[[str], object]] = None, inline: bool = False) -> None:
        self.info = info
        self.inline = inline  # ``--inline-datasets``: nothing is written before the call's statement
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
        self._needs_random = False  # likewise: a helper calls random.sample, to import
        self._other_positions: Dict[int, Positions] = {}  # positions in other modules, for messages
        self._models: Optional[ModelReader] = None
        self._model_readers: Dict[int, ModelReader] = {}  # other modules' readers, by ModuleInfo id
        self._keras2: Optional[Tuple[Optional[str]]] = None
        self.scopes = ScopeRunner(info, positions)  # runs scopes; reads parameters from their callers
        self._legacy_args: Dict[str, cst.Arg] = {}  # the call being decided, its arguments by legacy name

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
                self.run_scope(scopes, hooks)
            for stmt in statements:
                if id(stmt) in hooks.captured:
                    self._frames[id(stmt)] = hooks.captured[id(stmt)]

    def run_scope(self, scopes: Tuple[cst.CSTNode, ...], hooks: Hooks, depth: int = 0) -> Optional[Frame]:
        return self.scopes.run_scope(scopes, hooks, depth)

    def _note_callers(self, site: CallSite, expr: cst.BaseExpression, notes: List[Note]) -> None:
        """FM219 when what feeds the call is a parameter read from the calls that give it."""
        if not isinstance(expr, cst.Name):
            return
        for scope in site.scopes:
            places = self.scopes.caller_notes.get((id(scope), expr.value))
            if places is not None:
                function = scope.name.value  # type: ignore[attr-defined]
                notes.append(Note("FM219", f"`{expr.value}` is a parameter of {function}(): every call of "
                                           f"{function}() in this project ({', '.join(places)}) gives it the same "
                                           "kind of value, and it is migrated as that; a caller outside the project "
                                           "(a user of a library) that gives something else is not covered", expr))
                return

    def frame_for(self, site: CallSite) -> Frame:
        return self._frames.get(id(site.statement)) or Frame(self.info)

    # ---- deciding ---------------------------------------------------------------------------

    def decide(self, site: CallSite) -> Decision:
        frame = self.frame_for(site)
        call = site.call
        notes: List[Note] = []
        self._needs_math = False
        self._needs_random = False

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
            later = ("fit_generator's 12th was initial_epoch in Keras 1 and early Keras 2, shuffle in later releases" if site.method ==
                     "fit_generator" else f"{site.method}'s third was the queue size in Keras 1, callbacks in tf.keras")
            return Refusal(site, [Note("FM106", f"positional argument {len(table['keras2']) + 1} (`{code(extra.value)}`) "
                                                f"is past the positions fitmigrate maps ({table['keras2'][-1]} is the "
                                                f"last): later ones differ between Keras releases ({later}): pass it by "
                                                "keyword", extra)])

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
        for fed in (feed, validation):
            if fed is not None:
                self._note_callers(site, fed.expr, notes)

        self._legacy_args = {name: arg for arg, name in zip(call.args, legacy)}
        x_role = TRAIN if site.method == "fit_generator" else EVALUATION
        for arg, name in zip(call.args, legacy):
            is_validation = name == "validation_steps"
            counted_feed = validation if is_validation else feed if name in ("steps_per_epoch", "steps") else None
            problem = self._pass_length_problem(site, name, arg, counted_feed, frame)
            if problem is None:
                continue
            assert counted_feed is not None
            endless = self._endless_feed(site, counted_feed, name, arg, VALIDATION if is_validation else x_role,
                                         problem, notes)
            if isinstance(endless, Note):
                return Refusal(site, [endless])
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
                    problem = Note("FM107", f"{name}=`{code(arg.value)}` ran on Keras 2 (the file uses "
                                            f"`{keras2_marker}`) as {target}={steps}, which is not provably one pass "
                                            f"of `{code(problem_feed.expr)}`", arg)
                    endless = self._endless_feed(site, problem_feed, name, arg,
                                                 x_role if feed_name == "x" else VALIDATION, problem, notes, target)
                    if isinstance(endless, Note):
                        return Refusal(site, [endless])
                    if feed_name == "x":
                        feed = endless
                    else:
                        validation = endless

        # Keras 1 sample counts: a whole number of steps, or counted in the dataset (analysis.passes).
        keras1_counts: Dict[int, Optional[str]] = {}  # None: the count went into the dataset
        if keras2_marker is None:
            for index, (arg, name) in enumerate(zip(call.args, legacy)):
                if name not in SAMPLE_COUNTS or (name == "nb_val_samples" and _in_memory(validation)):
                    continue
                target, feed_name = SAMPLE_COUNTS[name]
                source_feed = feed if feed_name == "x" else validation
                converted = self._samples_to_steps(name, arg, source_feed, target, frame)
                if isinstance(converted, str):
                    keras1_counts[index] = converted
                    continue
                counted_by = None
                if converted.code in ("FM105", "FM107") and source_feed is not None:
                    counted_by = self._samples_by_epoch(site, name, arg, source_feed,
                                                        x_role if feed_name == "x" else VALIDATION, converted, notes)
                if counted_by is None:
                    return Refusal(site, [converted])
                if isinstance(counted_by, Note):
                    return Refusal(site, [counted_by])
                keras1_counts[index] = None
                if feed_name == "x":
                    feed = counted_by
                else:
                    validation = counted_by

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
                                         self._feed_code(feed, arg, site, tf=tf, own_statement=True), "x",
                                         feed.helper))
                elif feed.kind == "generator" and (feed.callable_code or feed.helper):
                    # a helper's generator (shapes), or the generator itself with its batches converted to tuples
                    edits.append(ArgEdit("keep", new_keyword, feed.callable_code, role="x", helper=feed.helper))
                else:
                    edits.append(ArgEdit("keep", new_keyword))
            elif name == "validation_data":
                new_keyword = "validation_data" if is_positional else None
                if validation and validation.kind == "dataset":
                    prefetched = site.method != "fit_generator"
                    edits.append(ArgEdit("keep", new_keyword, self._feed_code(validation, arg, site, prefetched, tf),
                                         self._feed_code(validation, arg, site, prefetched, tf, own_statement=True),
                                         "validation_data", validation.helper))
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
            elif name == "class_weight" and isinstance(self.interpreter.eval(arg.value, frame), (Array, Seq, ListOf)):
                edits.append(ArgEdit("drop"))
                notes.append(Note("FM208", f"class_weight=`{code(arg.value)}` removed: it is an array, not a dict, which "
                                           "Keras 1 and 2 accepted and weighted nothing with (only a dict of class "
                                           "weights was read); Keras 3 raises on it", arg))
            elif name in SAMPLE_COUNTS and len(edits) in keras2_counts:
                target = SAMPLE_COUNTS[name][0]
                converter_wrote = keras2_converted[len(edits)]
                edits.append(ArgEdit("keep", target, keras2_counts[len(edits)]))
                notes.append(Note("FM201", f"{name}=`{code(arg.value)}` ran on Keras 2 (the file uses `{keras2_marker}`), "
                                           f"whose converter made it {target}={converter_wrote}", arg))
            elif name in SAMPLE_COUNTS and len(edits) in keras1_counts:
                target = SAMPLE_COUNTS[name][0]
                converted = keras1_counts[len(edits)]
                if converted is None:  # counted by the dataset itself (FM215)
                    edits.append(ArgEdit("drop"))
                    continue
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
            elif isinstance(feed.value, (Flow, SequenceInstance)):
                kind = "flow" if isinstance(feed.value, Flow) else "Sequence"
                notes.append(Note("FM202", f"{listed} removed: the {kind} is read by a Python generator, in the order "
                                           "legacy Keras read it, on one thread (Keras 3 reads a PyDataset's workers "
                                           "only when it is given to fit as it is)", call))
            elif feed.kind == "generator":
                notes.append(Note("FM202", f"{listed} removed: Keras 3 reads a generator on one thread and prefetches "
                                           "its batches itself; to parallelise, turn the generator into a "
                                           "keras.utils.PyDataset with workers=", call))
            else:
                notes.append(Note("FM202", f"{listed} removed: tf.data has no equivalent for a plain Python generator "
                                           "(the dataset prefetches instead); to parallelise, turn the generator into a "
                                           "keras.utils.PyDataset with workers=", call))

        if site.method != "fit_generator" and feed.kind == "dataset" and (
                isinstance(feed.value, Flow) and feed.helper is None or isinstance(feed.value, SequenceInstance)):
            # One evaluate/predict pass over a flow the script keeps: a read-ahead buffer would take
            # batches from it that the next call never sees. A Sequence read by a helper would have its
            # next pass begun (on_epoch_end()) by a read-ahead past the last step.
            prefetch = "0"
        for i, (arg, edit) in enumerate(zip(call.args, edits)):
            buffer = prefetch if legacy[i] == "generator" else f"{tf}.data.AUTOTUNE"
            if edit.value_code is not None and legacy[i] in ("generator", "validation_data"):
                edit.value_code = edit.value_code.replace("\0PREFETCH\0", buffer)
            if edit.dataset is not None:
                edit.dataset = edit.dataset.replace("\0PREFETCH\0", buffer)

        rewrites = list(feed.list_rewrites) + (list(validation.list_rewrites) if validation else [])
        elsewhere = list(feed.elsewhere) + (list(validation.elsewhere) if validation else [])
        return CallPlan(site, LEGACY_METHODS[site.method], edits, rewrites, notes, tf_local=local_tf is not None,
                        setup=setup, math_import=self._needs_math, random_import=self._needs_random,
                        elsewhere=elsewhere)


    # ---- helpers ----------------------------------------------------------------------------


