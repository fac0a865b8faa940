"""Legacy loops no single expression reads exactly, written as a small generator function (a *helper*)
just before the call's statement. Part of the call planner (``calls.Planner``).

- **A Sequence given a count that is not one pass** (Keras 2.0.7 to 2.3.1, ``fit_generator`` /
  ``evaluate_generator`` / ``predict_generator`` with ``workers >= 1``, the default): an
  ``OrderedEnqueuer`` went round the Sequence without end for the whole call, each pass in a new
  order (``random.shuffle`` of the indices, training only and when ``shuffle=True``, the default), and
  called ``on_epoch_end()`` after each pass (``keras/utils/data_utils.py``, ``OrderedEnqueuer._run``,
  2.2.4; ``len()`` is read at each pass, as 2.3 did, where 2.2 read it once). Keras 3 runs at most
  one pass per epoch. The helper is that loop. With ``workers=0`` the releases disagree (2.2:
  ``iter_sequence_infinite``, in order, never ``on_epoch_end()``; 2.3: ``on_epoch_end()`` after every
  epoch), so such a call is refused.
- **A Keras 1 sample count whose batches may be short** (Keras 1.0 to 1.2.2, ``keras/engine/training.py``):
  ``fit_generator`` took batches from the one generator of the call until
  ``samples_seen >= samples_per_epoch`` every epoch, counting ``len(x)`` of each batch
  (``x[0]`` of a list, the first value of a dict); validation called ``evaluate_generator(validation_data,
  nb_val_samples)``, which did the same on the same generator each epoch; ``predict_generator`` took
  batches until it had ``val_samples`` rows and returned that many (its result array held exactly
  ``val_samples`` rows: a batch past the end raised ``ValueError``, so the calls that ran returned every
  row they took). The helper takes batches from the source until it has seen the count, and the dataset
  calls it again each epoch (or pass): Keras 3 runs each to its end.

Keras 3 learns how long a training epoch is from the first one (``EpochIterator``: the step at which
its data ran out) and cuts any later epoch after one step more. Keras 1's epochs differ in length when
batches are short, by at most one step when the source is an ImageDataGenerator flow (every pass full
batches and one short batch at its end: any window of L + 1 batches holds more samples than the L
batches of the first epoch), so a training count is read this way only from a flow. Validation,
``evaluate`` and ``predict`` start afresh at each call and run to the end whatever the length.
"""

from __future__ import annotations

from typing import List, Optional, Union

import libcst as cst

from fitmigrate.analysis import layout
from fitmigrate.analysis.counts import library_function
from fitmigrate.analysis.plans import EVALUATION, TRAIN, VALIDATION, CallSite, Feed, Note, code
from fitmigrate.analysis.sequences import sequence_element
from fitmigrate.analysis.signature import NotProven, Spec, SpecDict, SpecTuple, list_paths, spec_for
from fitmigrate.analysis.values import Flow, GeneratorCall, Seq, SequenceInstance

def _passes(step: str, sequence: str, order: str, doc: str) -> layout.Helper:
    return layout.Helper("_batches", (f"sequence={sequence}",),
                         f'{step}"""{doc}"""\n'
                         f"{step}while True:\n"
                         f"{step * 2}for index in {order}:\n"
                         f"{step * 3}yield sequence[index]\n"
                         f"{step * 2}sequence.on_epoch_end()\n")


def _until_seen(step: str, source: str, count: str, length: str, legacy: str) -> layout.Helper:
    return layout.Helper("_batches", (f"source={source}", f"samples={count}"),
                         f'{step}"""Batches until `samples` samples are seen, as Keras 1 counted {legacy}."""\n'
                         f"{step}seen = 0\n"
                         f"{step}while seen < samples:\n"
                         f"{step * 2}batch = next(source)\n"
                         f"{step * 2}seen += len({length})\n"
                         f"{step * 2}yield batch\n")


def batch_length(spec: Spec, role: str) -> Optional[str]:
    """How Keras 1 measured a batch, as code on ``batch``: ``len(x)`` of its inputs ``x`` (``batch[0]``;
    for ``predict`` the batch itself unless it is a tuple), the first array of a list of inputs, the
    first value of a dict; any array of the inputs has that length."""
    path = "batch"
    node = spec
    if role != EVALUATION or (isinstance(spec, SpecTuple) and not spec.was_list):
        if not isinstance(spec, SpecTuple) or len(spec.items) not in (2, 3):
            return None if role != EVALUATION else path
        path, node = f"{path}[0]", spec.items[0]
    while isinstance(node, (SpecTuple, SpecDict)):
        if isinstance(node, SpecTuple):
            path, node = f"{path}[0]", node.items[0]
        else:
            key, node = node.items[0]
            path = f"{path}[{key!r}]"
    return path


class PassPlanning:
    """Methods of ``calls.Planner``, which supplies ``interpreter``, ``info``, ``inline``, ``step``, the
    legacy call's arguments by name (``_legacy_args``) and the rest."""

    def _no_helper_here(self, site: CallSite) -> Optional[str]:
        """Why no helper can be written before this call, if none can."""
        if layout.can_hoist(site, self.inline):
            return None
        if self.inline:
            return "--inline-datasets writes nothing before the call"
        return "the call is not a statement of its own (it sits in an expression or a class body)"

    def _legacy_literal(self, name: str):
        """The legacy call's argument ``name``: absent (``...``), a literal's value, or its node."""
        arg = self._legacy_args.get(name)
        if arg is None:
            return ...
        value = arg.value
        if isinstance(value, cst.Integer):
            return int(value.evaluated_value)
        if isinstance(value, cst.Name) and value.value in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[value.value]
        return value

    def _class_weight_given(self) -> bool:
        """Whether ``fit`` gets a ``class_weight`` (not ``None``, not ``'auto'``, which is removed: FM208),
        which Keras 3 rejects with a Python generator."""
        given = self._legacy_literal("class_weight")
        auto = isinstance(given, cst.SimpleString) and given.evaluated_value == "auto"
        return given not in (..., None) and not auto

    def _endless_sequence(self, site: CallSite, feed: Feed, role: str, notes: List[Note],
                          arg: cst.Arg, name: str) -> Union[Feed, str]:
        """A Sequence read as Keras 2's ``OrderedEnqueuer`` read it (module docstring), or why it
        cannot be: a helper going round it, in a new order each pass when training shuffles."""
        assert isinstance(feed.value, SequenceInstance)
        workers = self._legacy_literal("workers")
        if workers is not ... and not (isinstance(workers, int) and not isinstance(workers, bool) and workers >= 1):
            given = "workers=0" if workers == 0 else f"workers=`{code(self._legacy_args['workers'].value)}` may be 0"
            return (f"{given}, with which Keras 2.2 read the Sequence in order and never called on_epoch_end(), "
                    "and Keras 2.3 called it after every epoch")
        shuffled = False
        if role == TRAIN:
            shuffle = self._legacy_literal("shuffle")
            if shuffle is not ... and not isinstance(shuffle, bool):
                return f"shuffle=`{code(self._legacy_args['shuffle'].value)}` is not a literal True or False"
            shuffled = shuffle is ... or shuffle is True
        where = self._no_helper_here(site)
        if where is not None:
            return f"reading it endlessly takes a generator function before the statement, and {where}"
        order = "range(len(sequence))"
        if shuffled:
            sample = library_function(self.frame_for(site), "random", "sample")
            if sample.call is None:
                return "this module binds `random` to something else, and its passes need random.sample"
            self._needs_random = self._needs_random or sample.needs_import
            order = f"{sample.call}(range(len(sequence)), len(sequence))"
        element = sequence_element(self.interpreter, feed.value)
        try:
            spec: Optional[Spec] = spec_for(element)
        except NotProven as exc:
            spec, unproven = None, str(exc)
        if spec is None:
            if role == VALIDATION:
                return (f"its batches are not proven ({unproven}), so it cannot be read as an endless dataset, and "
                        "Keras 3 reads a generator given as validation data from its first two batches again at every "
                        "pass")
            if role == EVALUATION:
                return (f"its batches are not proven ({unproven}), so it cannot be read as an endless dataset, and "
                        "Keras 3 would read a generator ahead of the last step, beginning the Sequence's next pass "
                        "(on_epoch_end())")
            if self._class_weight_given():
                return (f"its batches are not proven ({unproven}) and Keras 3 rejects class_weight with a Python "
                        "generator, so it can be read endlessly neither as a dataset nor as a generator")
            if not (isinstance(element, Seq) and element.kind == "tuple" and len(element.items) in (2, 3)):
                return (f"its batches are not proven ({unproven}), and Keras 3 reads a Python generator only when "
                        "it yields (x, y) or (x, y, sample_weight) tuples")
        sequence = code(feed.expr)
        what = "The validation Sequence" if role == VALIDATION else "The Sequence"
        doc = f"{what} without end, {'each pass in a new order' if shuffled else 'pass after pass'}, as Keras 2 read it."
        helper = _passes(self.step, sequence, order, doc)
        if spec is None:
            endless = Feed("generator", feed.expr, feed.value)
            endless.callable_code = f"{layout.HELPER_NAME}()"
            how = "a Python generator, whose signature Keras 3 reads from its first two batches"
        else:
            endless = Feed("dataset", feed.expr, feed.value, spec=spec)
            endless.callable_code = layout.HELPER_NAME if role != VALIDATION else \
                f"lambda generator={layout.HELPER_NAME}(): generator"
            how = "a dataset"
        endless.helper = helper
        endless.list_rewrites = list(feed.list_rewrites)
        endless.elsewhere = list(feed.elsewhere)
        passes = "pass after pass, each in a new order as shuffle=True asks" if shuffled else "pass after pass, in order"
        span = {TRAIN: "every epoch takes that many batches and the next goes on where it stopped",
                VALIDATION: "every validation pass takes that many batches and the next goes on where it stopped",
                EVALUATION: "the call takes that many batches from the first, going round as often as it must"}[role]
        notes.append(Note("FM214", f"{name}=`{code(arg.value)}` is not one pass of the Sequence `{sequence}`: a "
                                   f"generator function reads it as Keras 2's {site.method} did ({passes}, "
                                   f"on_epoch_end() after each), given to Keras 3 as {how}: {span}", arg))
        return endless

    def _samples_by_epoch(self, site: CallSite, name: str, arg: cst.Arg, feed: Feed, role: str, problem: Note,
                          notes: List[Note]) -> Optional[Union[Feed, Note]]:
        """A Keras 1 sample count that is no whole number of steps, counted by a helper in the dataset
        (module docstring); None when the source is not one this reads (the count's own refusal
        stands), or the refusal that says why it cannot be."""
        source = feed.value
        if not (isinstance(source, Flow) and feed.kind == "as_is" or
                isinstance(source, GeneratorCall) and feed.kind == "dataset"):
            return None
        base = problem.message.rsplit(": give", 1)[0]
        target = problem.message.rsplit(": give", 1)[1] if ": give" in problem.message else " steps instead"

        def refused(why: str) -> Note:
            joined = f"{base}, {why}" if why.startswith("and ") else f"{base}; {why}"
            return Note(problem.code, f"{joined}: give{target}", arg)

        if isinstance(source, Flow):
            try:
                spec = spec_for(source.element)
            except NotProven as exc:
                return refused(f"counting those samples in a dataset needs the flow's batches proven ({exc})")
        else:
            assert feed.spec is not None
            spec = feed.spec
            if list_paths(spec) and not feed.list_rewrites and not feed.elsewhere:
                return refused("its batches hold lists that the dataset would have to convert as it reads them")
        if role == TRAIN and not isinstance(source, Flow):
            return refused("and counting them in the dataset instead is exact only from an ImageDataGenerator flow: "
                           "Keras 3 learns an epoch's length from the first epoch and cuts any later one after one "
                           "step more, and only a flow (one short batch, at the end of each pass) proves that no "
                           "epoch is longer")
        where = self._no_helper_here(site)
        if where is not None:
            return refused(f"counting them takes a generator function before the statement, and {where}")
        length = batch_length(spec, role)
        if length is None:
            return refused("the batches are not (x, y) or (x, y, sample_weight) tuples")
        source_code = code(feed.expr)
        counted = Feed("dataset", feed.expr, source, spec=spec)
        counted.callable_code = layout.HELPER_NAME
        counted.helper = _until_seen(self.step, source_code, code(arg.value), length, name)
        counted.list_rewrites = list(feed.list_rewrites)
        counted.elsewhere = list(feed.elsewhere)
        counted.batch_size_code = feed.batch_size_code
        unit = {TRAIN: "epoch", VALIDATION: "validation pass", EVALUATION: "call"}[role]
        kind = "the flow's batches" if isinstance(source, Flow) else "its batches"
        notes.append(Note("FM215", f"{name}=`{code(arg.value)}` counts samples, and {kind} are not all provably one "
                                   f"batch size long (a short batch changes the steps): a generator function takes "
                                   f"batches from `{source_code}` until it has seen that many samples, as Keras 1 "
                                   f"did, and Keras 3 runs each {unit} to its end", arg))
        return counted

    def _endless_feed(self, site: CallSite, feed: Feed, name: str, arg: cst.Arg, role: str, problem: Note,
                      notes: List[Note], target: Optional[str] = None) -> Union[Feed, Note]:
        """A Sequence or flow given a count that is not one pass, read without end as legacy Keras read it,
        or the refusal that says why it cannot be (giving ``target``, the Keras 2 name of the count)."""
        if isinstance(feed.value, Flow):
            endless = self._endless_flow(feed, name, arg, role, notes)
        else:
            endless = self._endless_sequence(site, feed, role, notes, arg, name)
        if isinstance(endless, str):
            return self._pass_refusal(problem, feed, target or name, endless)
        return endless
