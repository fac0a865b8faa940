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
"""

from __future__ import annotations

from typing import List, Optional, Union

import libcst as cst

from fitmigrate.analysis import layout
from fitmigrate.analysis.counts import library_function
from fitmigrate.analysis.plans import EVALUATION, TRAIN, VALIDATION, CallSite, Feed, Note, code
from fitmigrate.analysis.sequences import sequence_element
from fitmigrate.analysis.signature import NotProven, Spec, spec_for
from fitmigrate.analysis.values import Flow, Seq, SequenceInstance

def _passes(step: str, sequence: str, order: str, doc: str) -> layout.Helper:
    return layout.Helper("_batches", (f"sequence={sequence}",),
                         f'{step}"""{doc}"""\n'
                         f"{step}while True:\n"
                         f"{step * 2}for index in {order}:\n"
                         f"{step * 3}yield sequence[index]\n"
                         f"{step * 2}sequence.on_epoch_end()\n")


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
        passes = "pass after pass, each in a new order as shuffle=True asks" if shuffled else "pass after pass, in order"
        span = {TRAIN: "every epoch takes that many batches and the next goes on where it stopped",
                VALIDATION: "every validation pass takes that many batches and the next goes on where it stopped",
                EVALUATION: "the call takes that many batches from the first, going round as often as it must"}[role]
        notes.append(Note("FM214", f"{name}=`{code(arg.value)}` is not one pass of the Sequence `{sequence}`: a "
                                   f"generator function reads it as Keras 2's {site.method} did ({passes}, "
                                   f"on_epoch_end() after each), given to Keras 3 as {how}: {span}", arg))
        return endless

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
