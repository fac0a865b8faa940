"""The feed of a legacy call: what its generator (or validation data) is, the ``output_signature`` its
batches prove, and the dataset code that wraps it. Part of the call planner (``calls.Planner``)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Tuple, Union

import libcst as cst

from fitmigrate.analysis import layout, walk
from fitmigrate.analysis.evaluate import Frame, ModuleInfo, dotted_name
from fitmigrate.analysis.model_inputs import ModelReader
from fitmigrate.analysis.plans import CallSite, Feed, Note, Refusal, code, short
from fitmigrate.analysis.positions import Positions
from fitmigrate.analysis.elsewhere import edits_elsewhere
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
from fitmigrate.analysis.values import (
    Array,
    Flow,
    FunctionRef,
    GeneratorCall,
    Instance,
    ListOf,
    Mapping,
    Ref,
    Scalar,
    Seq,
    SequenceInstance,
    Unknown,
    Value,
    Zip,
)
from fitmigrate.rules.fm206_image_data_generator import MESSAGE as FM206_MESSAGE, ZIP_MESSAGE as FM206_ZIP_MESSAGE


BATCH_PARAM_NAMES = ("batch_size", "batchsize", "bs", "batch", "b_size", "n_batch", "size_batch", "batch_sz")


class FeedPlanning:
    """Methods of ``calls.Planner``, which supplies ``interpreter``, ``info``, ``source`` and the rest."""

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
                                      lambda node, module=value.cls.module: self._where(node, module),
                                      edit_elsewhere=True)
                if proof.elsewhere:
                    line = self.positions[site.call].start.line
                    caller = f"{Path(str(self.info.path)).name if self.info.path is not None else '<source>'}:{line}"
                    edits = edits_elsewhere(self.info.project, self.info.path, value.cls.module, [proof.owner],
                                            proof.rewrites, caller)
                    if isinstance(edits, str):
                        first = proof.rewrites[0]
                        proof.problem = (f"{proof.label} returns a list inside its batch (`{short(first)}`), and the "
                                         f"class is in another module, {edits}")
                    else:
                        feed.elsewhere = [edits]
                        made = ", ".join(_tuple_edit(node) + self._where(node, value.cls.module)
                                         for node in proof.rewrites)
                        notes.append(Note("FM205", f"{proof.label} returns lists inside its batches, which Keras 3 "
                                                   f"rejects: in {edits.label}, the module that defines it, {made} "
                                                   "(Keras reads a tuple of inputs like a list); this run writes "
                                                   f"{edits.label} too, for this call, and writes neither if "
                                                   f"{edits.label} changes meanwhile", expr))
                        proof.rewrites = []
                if proof.problem is not None and proof.unread:
                    return Refusal(site, [Note("FM103", f"the batches of {what} `{code(expr)}` cannot be read the way "
                                                        f"legacy Keras read them: {proof.problem}; or migrate by hand",
                                               expr)])
                if proof.problem is not None:
                    return Refusal(site, [Note("FM103", f"the batches of {what} `{code(expr)}` are not proven to hold "
                                                        "only tuples, dicts and arrays, and Keras 3 rejects a list "
                                                        f"inside a batch (legacy Keras read it as a tuple): "
                                                        f"{proof.problem}; or migrate by hand", expr)])
                if proof.rewrites:
                    feed.list_rewrites = proof.rewrites
                    made = ", ".join(_tuple_edit(node) for node in proof.rewrites)
                    notes.append(Note("FM205", f"{proof.label} returns lists inside its batches, which "
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
            if reason == PATHS_DIFFER or PATHS_GIVE in reason:
                detail = "; ".join(part for part in (self._paths(expr, site), reason if reason != PATHS_DIFFER else "")
                                   if part)
                return Refusal(site, [Note("FM102", f"cannot tell what {what} `{code(expr)}` is: it differs between "
                                                    f"code paths{f' ({detail})' if detail else ''}: give it one kind of "
                                                    "value on every path (one generator function, Sequence class or "
                                                    "flow), or migrate by hand", expr)])
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
            else:
                as_is = self._generator_as_is(value, element, yields, expr, site, training, frame)
                if isinstance(as_is, Feed):
                    problem = self._next_calls(as_is, value, expr, notes)
                    if problem is not None:
                        return Refusal(site, [problem])
                    notes.extend(as_is.notes_to_add)
                    reads = ("goes on through it from epoch to epoch, as legacy Keras did" if site.method == "fit_generator"
                             else "reads the steps from it once, as legacy Keras did")
                    notes.append(Note(GENERATOR_AS_IS, f"`{code(expr)}` is passed to {_METHODS[site.method]}() as the "
                                                       f"generator it is{as_is.detail}: {exc}, so Keras 3 reads the dtypes and "
                                                       f"shapes from its first two batches and {reads}" +
                                                       ("" if as_is.fixed_dims else " (a dimension other than the "
                                                        "batch's that those two agree on is fixed for the run)") +
                                                       "; `fitmigrate verify` confirms them on real batches", expr))
                    return as_is
                if self.sampler is None:
                    subject = fn if training else f"validation_data {fn}"
                    return Refusal(site, [Note("FM103", _not_proven(subject, exc, as_is, training), expr)])
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
        problem = self._next_calls(feed, value, expr, notes)
        if problem is not None:
            return Refusal(site, [problem])
        return feed

    def _next_calls(self, feed: Feed, value: Value, expr: cst.BaseExpression, notes: List[Note]) -> Optional[Note]:
        """``flow.next()`` in the generator: legacy Keras's iterators had ``next()`` (their ``__next__`` called
        it), Keras 3's have only ``__next__``, so each becomes ``next(flow)``, the same batch in both. None
        when done; the refusal when one is in a module this run does not edit."""
        if not isinstance(value, GeneratorCall):
            return None
        found = self.interpreter.next_calls(value)
        for module, call in found:
            if module is not self.info:
                return Note("FM103", f"`{code(call)}`{self._where(call, module)} reads a batch with next(), which "
                                     "Keras 3's iterators do not have, in a module this run does not edit: write "
                                     f"next({code(call.func.value)}) there", expr)  # type: ignore[attr-defined]
        if found:
            feed.list_rewrites = list(feed.list_rewrites) + [call for _, call in found]
            made = ", ".join(f"`{code(call)}` becomes `next({code(call.func.value)})`" for _, call in found)  # type: ignore[attr-defined]
            notes.append(Note(NEXT_METHOD, f"{made}: Keras 3's iterators have no next() method (legacy Keras's "
                                           "__next__ called it, so the batch is the same)", expr))
        return None

    def _generator_as_is(self, value: Value, element: Value, yields, expr: cst.BaseExpression, site: CallSite,
                         training: bool, frame: Frame) -> Union[Feed, "Blocked", None]:
        """The generator object itself as the call's data, Keras 3's own pipeline (GeneratorDataAdapter):
        it peeks the first two batches for their dtypes and shapes and replays them, then goes on through
        the generator, across epochs. Exact for the training data of fit (and evaluate / predict) when the
        batches are proven tuples and dicts of arrays all the way down; else the reason it is not."""
        if not training:
            return Blocked("validation data needs a dataset with a written signature: Keras 3 replays a validation "
                           "generator's first two batches at the start of every validation pass")
        if not isinstance(value, GeneratorCall):
            return None
        fn = value.function
        # A decorator (``@threadsafe_generator``) may return another iterator, which Keras 3 does not read:
        # a generator expression over it is a generator, and reads what the dataset path would read.
        decorated = any(dotted_name(d.decorator) not in ("staticmethod", "classmethod") for d in fn.node.decorators)
        method = site.method
        if method == "fit_generator":
            weights = next((a for a in site.call.args if a.keyword is not None and a.keyword.value == "class_weight"), None)
            # (class_weight='auto' or an array is removed, FM208: Keras 1 and 2 weighted nothing with either.)
            if weights is not None and not (isinstance(weights.value, cst.Name) and weights.value.value == "None") and \
                    not (isinstance(weights.value, cst.SimpleString) and weights.value.evaluated_value == "auto") and \
                    not isinstance(self.interpreter.eval(weights.value, frame), (Array, Seq, ListOf)):
                return Blocked("Keras 3 takes no class_weight with a generator")
            endless = _endless(fn.node)
            if endless is not None:
                return Blocked(f"{fn.name}() {endless}, and Keras 3 would replay its first two batches once it ran "
                               "out, where legacy Keras stopped")
        if not _readable_batch(element):
            return None
        feed = Feed("generator", expr, value)
        feed.batch_size_code = self._batch_size(value, expr)
        paths = _structure_lists(element)
        if paths:
            displays = self._yield_lists(value, yields, paths)
            if displays is not None:
                feed.list_rewrites = displays
                feed.notes_to_add.append(Note("FM205", f"{fn.name}() yields lists, which Keras 3 rejects inside a batch: "
                                                       "its yield now builds tuples (Keras reads a tuple of inputs "
                                                       "like a list)", expr))
            elif all(len(p) <= 1 for p in paths) and isinstance(element, Seq):
                names = _part_names(len(element.items))
                converted = ", ".join(f"tuple({n})" if (i,) in paths else n for i, n in enumerate(names))
                feed.callable_code = f"(({converted}) for {', '.join(names)} in {code(expr)})"
                feed.notes_to_add.append(Note("FM205", f"`{code(expr)}` yields lists, which Keras 3 rejects inside a "
                                                       "batch: each batch is converted to tuples as it is read (a "
                                                       "generator expression, itself a generator)", expr))
            else:
                return None  # a list nested deeper: FM103 names it
        if decorated and not feed.callable_code:
            feed.callable_code = f"(batch for batch in {code(expr)})"
        if decorated:
            feed.detail = (f" (through a generator expression: {fn.name}() is decorated, and what the decorator "
                           "returns may be an iterator Keras 3 does not read)")
        feed.fixed_dims = all(isinstance(leaf, Array) and leaf.shape is not None and
                              all(d is not None for d in leaf.shape[1:]) for leaf in _leaves(element))
        return feed

    def _paths(self, expr: cst.BaseExpression, site: CallSite) -> str:
        """The code paths a feed's value differs between, by line: the statements of the call's scope that bind
        the name, the ``return``s of the function called, or the arms of a conditional expression."""
        nodes: List[cst.CSTNode] = []
        if isinstance(expr, cst.Name):
            scope = site.scopes[-1] if site.scopes else self.info.module
            nodes = [node for node in _bindings(scope, expr.value)
                     if node in self.positions and self.positions[node].start.line < self.positions[site.statement].start.line]
            what = f"`{expr.value}` is bound on lines"
        elif isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name):
            function = next((stmt for stmt in self.info.module.body
                             if isinstance(stmt, cst.FunctionDef) and stmt.name.value == expr.func.value), None)
            nodes = _returns(function) if function is not None else []
            what = f"{expr.func.value}() returns on lines"
        elif isinstance(expr, cst.IfExp):
            if self.positions[expr.body].start.line == self.positions[expr.orelse].start.line:
                return f"the two arms of the conditional expression on line {self.positions[expr].start.line}"
            nodes, what = [expr.body, expr.orelse], "the arms of the conditional expression, on lines"
        lines = sorted({self.positions[node].start.line for node in nodes if node in self.positions})
        if len(lines) < 2:
            return ""
        return f"{what} {', '.join(map(str, lines[:-1]))} and {lines[-1]}"

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
            self._models = ModelReader(self.info.module, follow=self._model_module)
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

    def _model_module(self, function: str) -> Optional[ModelReader]:
        """The reader of the project module that defines ``function``, which this module imports."""
        found = self.info.env().get(function)
        if isinstance(found, Ref):
            found = self.interpreter.resolve_ref(found)
        if not isinstance(found, FunctionRef) or found.module is self.info:
            return None
        key = id(found.module)
        if key not in self._model_readers:
            self._model_readers[key] = ModelReader(found.module.module, follow=None)
        return self._model_readers[key]

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

    def _yield_lists(self, value: Value, yields, paths) -> Optional[List[cst.CSTNode]]:
        """The list displays to turn into tuples, when every yield of a generator in this file writes them."""
        if not isinstance(value, GeneratorCall) or value.function.module is not self.info or not yields:
            return None
        found: List[cst.CSTNode] = []
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
                if not isinstance(target, (cst.List, cst.ListComp)):
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


GENERATOR_AS_IS = "FM216"
NEXT_METHOD = "FM217"
_METHODS = {"fit_generator": "fit", "evaluate_generator": "evaluate", "predict_generator": "predict"}


def _not_proven(fn: str, exc: NotProven, as_is, training: bool) -> str:
    """FM103's message: what is not proven, the obstacle, the remedy that removes it, and why Keras 3's own
    reading of the generator does not apply."""
    remedy = {
        "dtype": "make the dtype explicit (`.astype('float32')`, `dtype=`)",
        "rank": "give it a shape the code spells out (`np.zeros((batch_size, 64, 64, 3))`, `.reshape(-1, 64, 64, 3)`)",
        "list": "yield a tuple (or a list display) of fixed length",
        "structure": "yield a tuple of arrays built in the generator",
        "value": "build it in the generator from values the analyzer can follow (literals, numpy, the project's "
                 "own functions), or give its dtype with `.astype(...)`",
    }.get(getattr(exc, "kind", "value"), "make the dtype explicit")
    text = f"output_signature of {fn} not proven: {exc}; {remedy}, or let `fitmigrate migrate --infer sample` read it " \
           "from one real batch"
    if isinstance(as_is, Blocked):
        text += f" (Keras 3 cannot be given the generator as it is here: {as_is.reason})"
    return text


class Blocked:
    """Why the generator object cannot be passed as it is, when the reason is the call's (validation
    data, class_weight, a generator that ends), not the batches' own, which FM103 names already."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _endless(fn: cst.FunctionDef) -> Optional[str]:
    """None when every ``yield`` of the generator is inside a ``while True`` loop it never leaves (no
    ``break`` of that loop, no ``return``, no ``yield from``); else what makes it end."""
    from fitmigrate.analysis import walk

    class Finder(walk.Visitor):
        def __init__(self) -> None:
            self.loops: List[bool] = []  # for each enclosing loop: is it a ``while True`` never broken out of
            self.problem: Optional[str] = None

        def _loop(self, node: cst.CSTNode, endless: bool) -> bool:
            self.loops.append(endless)
            return True

        def visit_While(self, node: cst.While) -> bool:
            endless = isinstance(node.test, (cst.Name, cst.Integer)) and getattr(node.test, "value", None) in ("True", "1")
            return self._loop(node, endless and not _breaks_loop(node))

        def leave_While(self, node: cst.While) -> None:
            self.loops.pop()

        def visit_For(self, node: cst.For) -> bool:
            return self._loop(node, False)

        def leave_For(self, node: cst.For) -> None:
            self.loops.pop()

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is fn

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

        def visit_Return(self, node: cst.Return) -> None:
            self.problem = self.problem or "can return"

        def visit_Yield(self, node: cst.Yield) -> None:
            if isinstance(node.value, cst.From):
                self.problem = self.problem or "yields from another iterable, which may end"
            elif not any(self.loops):
                self.problem = self.problem or "has a yield outside a `while True` loop, so it may end"

    finder = Finder()
    walk.visit(fn, finder)
    return finder.problem


def _breaks_loop(loop: cst.While) -> bool:
    from fitmigrate.analysis.evaluate import _breaks

    return _breaks(loop)


def _readable_batch(element: Value) -> bool:
    """Whether Keras 3 can read ``element`` as a generator's batch: a tuple (or a list, made a tuple) of
    tuples, lists and dicts, never empty, whose leaves are arrays of rank 1 or more (a Python number or a
    0-d array it rejects)."""

    def readable(value: Value) -> bool:
        if isinstance(value, Seq):
            return bool(value.items) and all(readable(item) for item in value.items)
        if isinstance(value, Mapping):
            return bool(value.items) and all(readable(item) for _, item in value.items)
        return isinstance(value, Array) and value.shape != ()

    return isinstance(element, Seq) and readable(element)


def _structure_lists(element: Value, path: Tuple = ()) -> List[Tuple]:
    """Where the batch holds a list (its top level included: Keras 3 reads a generator's batch only as a
    tuple), as ``list_paths`` finds them in a signature."""
    found: List[Tuple] = []
    if isinstance(element, Seq):
        if element.kind == "list":
            found.append(path)
        for i, item in enumerate(element.items):
            found.extend(_structure_lists(item, path + (i,)))
    elif isinstance(element, Mapping):
        for key, item in element.items:
            found.extend(_structure_lists(item, path + (key,)))
    return found


def _part_names(count: int) -> List[str]:
    return ["inputs", "targets", "weights"][:count] if count <= 3 else [f"part{i}" for i in range(count)]


def _tuple_edit(node: cst.CSTNode) -> str:
    """What the rewriter makes of a list, in words, for FM205."""
    if isinstance(node, cst.List):
        return f"`{short(node)}` becomes a tuple display"
    if isinstance(node, cst.ListComp):
        return f"`{short(node)}` becomes tuple(...) of the same comprehension"
    return f"`{short(node)}` is returned as tuple({short(node)})"



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


PATHS_DIFFER = "differs between code paths"  # a join's reason when two paths give different kinds
PATHS_GIVE = " on one code path and "  # values.join's reason, naming the two kinds


class _Scoped(walk.Visitor):
    """Statements of one scope: nested functions, lambdas and classes are other scopes."""

    def __init__(self, root: cst.CSTNode) -> None:
        self.root, self.found = root, []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return node is self.root

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return node is self.root

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False


def _bindings(scope: cst.CSTNode, name: str) -> List[cst.CSTNode]:
    """The statements of ``scope`` that assign ``name`` (``name = ...``, ``name: T = ...``, ``for name in``)."""

    class Finder(_Scoped):
        def visit_Assign(self, node: cst.Assign) -> None:
            if any(isinstance(t.target, cst.Name) and t.target.value == name for t in node.targets):
                self.found.append(node)

        def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
            if isinstance(node.target, cst.Name) and node.target.value == name and node.value is not None:
                self.found.append(node)

        def visit_For(self, node: cst.For) -> None:
            if isinstance(node.target, cst.Name) and node.target.value == name:
                self.found.append(node)

    finder = Finder(scope)
    walk.visit(scope, finder)
    return finder.found


def _returns(function: cst.FunctionDef) -> List[cst.CSTNode]:
    class Finder(_Scoped):
        def visit_Return(self, node: cst.Return) -> None:
            self.found.append(node)

    finder = Finder(function)
    walk.visit(function, finder)
    return finder.found
