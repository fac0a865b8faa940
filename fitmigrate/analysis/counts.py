"""The counts of a legacy call: float step counts as the integer the legacy loop ran, Keras 1 sample
counts as steps, and whether a count is one pass of a Sequence or flow.

Keras 2 ran ``while steps_done < steps_per_epoch`` (``validation_steps``, ``steps`` alike), and Keras 1
``while samples_seen < samples_per_epoch``, so ``steps_per_epoch=len(x) / 32`` meant its ceiling; Keras 3
raises ``TypeError: 'float' object cannot be interpreted as an integer`` on it (on a numpy float too).
A count is a float when it is a true division, arithmetic with such a value, or a value the
interpreter proves is a float (a name assigned ``len(x) / 32``, ``n * 0.8``, ``np.ceil(...)``).
Counts no step count expresses are read by the shapes of ``analysis.passes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple, Union

import libcst as cst

from fitmigrate.analysis.evaluate import Frame, Interpreter, class_member
from fitmigrate.analysis import dialect, layout, walk
from fitmigrate.analysis.plans import TRAIN, VALIDATION, CallSite, Decision, Feed, Note, code
from fitmigrate.analysis.signature import NotProven, spec_for
from fitmigrate.project.python2 import PYTHON2_SOURCE
from fitmigrate.analysis.values import Array, Flow, Ref, Scalar, Seq, SequenceInstance, Unknown

_ARITHMETIC = (cst.Add, cst.Subtract, cst.Multiply, cst.FloorDivide, cst.Modulo)
# numpy functions whose float result is a whole number: int() of it is exact.
def python2_count(name: str, count: cst.BaseExpression, arg: cst.Arg) -> Optional[Note]:
    """The refusal of a count that is a float in Python 3 in a source that ran on Python 2, where ``/`` of
    two ints floored: the legacy loop may have run ``a // b`` steps, not the ceiling Python 3 implies."""
    evidence = PYTHON2_SOURCE.get()
    if not evidence:
        return None
    return Note("FM106", f"{name}=`{code(count)}` is a float in Python 3, but this notebook ran on Python 2 "
                         f"({evidence}), where `/` of two ints floored: the legacy loop may have run the count "
                         f"rounded down, not up; write the count as an integer (`//` for the floor it ran) and "
                         f"run again", arg)


_WHOLE_NUMPY = {"numpy.ceil", "numpy.floor", "numpy.rint", "numpy.trunc", "numpy.fix", "numpy.round", "numpy.around"}


def atom(node: cst.BaseExpression) -> str:
    """The node's code, parenthesized unless it binds tighter than any operator."""
    text = code(node)
    if isinstance(node, (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer)) or node.lpar:
        return text
    return f"({text})"


def _float_value(value) -> bool:
    if isinstance(value, Scalar):
        return value.kind == "float"
    return isinstance(value, Array) and value.shape == () and (value.dtype or "").startswith("float")


def _int_value(value) -> bool:
    if isinstance(value, Scalar):
        return value.kind in ("int", "bool")
    return isinstance(value, Array) and value.shape == () and (value.dtype or "").startswith(("int", "uint"))


def is_float(expr: cst.BaseExpression, interpreter: Interpreter, frame: Frame) -> bool:
    """Provably not an int: Python 3's ``/`` always gives a float, and so does arithmetic with one."""
    if isinstance(expr, cst.BinaryOperation):
        if isinstance(expr.operator, cst.Divide):
            return True
        if isinstance(expr.operator, _ARITHMETIC):
            return is_float(expr.left, interpreter, frame) or is_float(expr.right, interpreter, frame)
        return False
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, (cst.Minus, cst.Plus)):
        return is_float(expr.expression, interpreter, frame)
    return _float_value(interpreter.eval(expr, frame))


def is_int(expr: cst.BaseExpression, interpreter: Interpreter, frame: Frame) -> bool:
    """Provably an integer (``len()``, ``x.shape[0]``, an int literal, a name the interpreter proves is one)."""
    return _int_value(interpreter.eval(expr, frame))


@dataclass(frozen=True)
class Ceiling:
    """How a module spells a standard library function (``math.ceil``, ``random.sample``): ``call`` is
    ``math.ceil``, an alias's ``m.ceil``, or ``ceil`` itself after ``from math import ceil``; None when
    the module's name (``math``) is bound to something else. ``needs_import``: ``import math`` is to add."""

    call: Optional[str]
    needs_import: bool


def ceiling(frame: Frame) -> Ceiling:
    """``math.ceil`` as the code at ``frame`` can name it."""
    return library_function(frame, "math", "ceil")


def library_function(frame: Frame, module: str, function: str) -> Ceiling:
    """``module.function`` as the code at ``frame`` can name it: an existing ``import module`` (or its
    alias, or ``from module import function``), else ``module.function`` with ``import module`` to add;
    ``call`` is None when the name ``module`` is bound to something else (``from numpy import random``)."""
    names = {}
    current: Optional[Frame] = frame
    while current is not None:
        for name, value in current.local.items():
            names.setdefault(name, value)
        current = current.parent
    if not frame.is_module:
        for name, value in frame.module.env().items():
            names.setdefault(name, value)
    for name, value in names.items():
        if isinstance(value, Ref) and value.qualname == module and value.level == 0:
            return Ceiling(f"{name}.{function}", False)
    for name, value in names.items():
        if isinstance(value, Ref) and value.qualname == f"{module}.{function}" and value.level == 0:
            return Ceiling(name, False)
    taken = frame.lookup(module)
    if not isinstance(taken, Unknown):
        return Ceiling(None, False)
    return Ceiling(f"{module}.{function}", True)


@dataclass(frozen=True)
class WholeCount:
    code: Optional[str]  # None: it needs math.ceil and the module binds ``math`` to something else
    uses_math: bool  # the code calls math.ceil through ``Ceiling.call``


def whole_count(expr: cst.BaseExpression, interpreter: Interpreter, frame: Frame,
                ceil: Ceiling) -> Optional[WholeCount]:
    """The integer the legacy loop ran for a count that is provably not one, as code; None when the
    count is not provably a float (it is kept as it is). ``-(-a // b)`` where both sides of ``a / b``
    are provably integers, ``int(...)`` of a float that is already whole (``a // b`` of floats,
    ``np.ceil(...)``), else ``math.ceil(...)`` (no code when ``math`` is taken)."""
    if not is_float(expr, interpreter, frame):
        return None
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Divide) and \
            is_int(expr.left, interpreter, frame) and is_int(expr.right, interpreter, frame):
        return WholeCount(f"-(-{atom(expr.left)} // {atom(expr.right)})", False)
    if _whole_float(expr, interpreter, frame):
        return WholeCount(f"int({code(expr)})", False)
    if ceil.call is None:
        return WholeCount(None, True)
    return WholeCount(f"{ceil.call}({code(expr)})", True)


def _whole_float(expr: cst.BaseExpression, interpreter: Interpreter, frame: Frame) -> bool:
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.FloorDivide):
        return True
    if isinstance(expr, cst.Call):
        func = interpreter.eval(expr.func, frame)
        return isinstance(func, Ref) and func.qualname in _WHOLE_NUMPY and len(expr.args) == 1
    return False


class CountPlanning:
    """The counts of a legacy call (steps, samples, passes): methods of ``calls.Planner``."""

    def _rounded(self, name: str, count: cst.BaseExpression, frame: Frame, arg: cst.Arg,
                 notes: List[Note]) -> Union[None, str, Note]:
        """A step count that is provably a float, as the integer the legacy loop ran
        (``while steps_done < count``: its ceiling), with the FM213 note; None when it is kept as it is."""
        ceil = ceiling(frame)
        whole = whole_count(count, self.interpreter, frame, ceil)
        if whole is None:
            return None
        refusal = python2_count(name, count, arg)
        if refusal is not None:
            return refusal
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
            named = isinstance(feed.expr, (cst.Name, cst.Attribute))
            it = code(feed.expr) if named else "it"
            one_pass = f"{target}=len({it}) for one pass per epoch" if named else \
                f"{target}=len(it) for one pass per epoch (it = `{code(feed.expr)}` on the line before)"
            return Note("FM107", f"{name}=`{code(count)}` counts samples of `{code(feed.expr)}` but is not provably its "
                                 f"own sample count ({it}.n, or len() of the array it was made from): Keras 1 took "
                                 f"batches until it had seen that many samples, and the last batch of each pass is "
                                 f"short, so how many steps each epoch took cannot be read from the code: give "
                                 f"{one_pass}, or a step count", arg)
        if feed is None and target == "validation_steps":
            return _uncounted(name, count, arg)
        if feed is None or feed.batch_size_code is None:
            return Note("FM105", f"{name} `{code(count)}` counts samples, and a step count needs {what} batch size, "
                                 "which the analyzer cannot find (no batch_size / bs argument to the generator, and no "
                                 f"batch length proven from what it yields): give {target}= (steps) instead", arg)
        batch = feed.batch_size_code
        if self._yielded_batch_length(feed.value) is None:  # type: ignore[arg-type]
            unread = "" if batch.isdigit() else f"; the value of `{batch}` is not known here"
            return Note("FM105", f"{name} `{code(count)}` counts samples, but {what} batches are not proven to hold "
                                 f"{batch} samples each{unread} (Keras 1 counted the samples of each batch, so a short "
                                 f"batch changes the step count): give {target}= (steps) instead", arg)
        if isinstance(count, cst.Integer) and batch.isdigit() and int(count.evaluated_value) % int(batch) == 0:
            return f"{count.value} // {batch}"
        if is_float(count, self.interpreter, frame):
            refusal = python2_count(name, count, arg)
            if refusal is not None:
                return refusal
            # Keras 1 counted whole samples until it had seen at least a float count: ceil(n / b) steps,
            # which ``(n + b - 1) // b`` is not for a float n.
            ceil = ceiling(frame)
            if ceil.call is None:
                return Note("FM106", f"{name} `{code(count)}` is a float: its step count needs math.ceil, and this "
                                     f"module binds `math` to something else: give {target}= (steps) instead", arg)
            self._needs_math = self._needs_math or ceil.needs_import
            divisor = batch if batch.replace(".", "").replace("_", "").isalnum() else f"({batch})"
            return f"{ceil.call}({_dividend(count)} / {divisor})"
        return f"({atom(count)} + {batch} - 1) // {batch}"

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
            return _uncounted(name, arg.value, arg)
        if name == "samples_per_epoch" and feed.kind == "as_is" and isinstance(feed.value, SequenceInstance):
            return Note("FM105", f"{name}=`{count}` ran on Keras 2 (the file uses `{marker}`), which divided it by "
                                 f"the Sequence's batch_size attribute if it had one, and `{code(feed.expr)}`'s is not "
                                 f"known: give steps_per_epoch= (steps) instead", arg)
        steps = count
        if name == "samples_per_epoch" and feed.kind == "as_is" and isinstance(feed.value, Flow):
            batch = feed.value.batch_size
            # The flow's batch size by value, or by the name it is given in this very call (the same value then).
            if not (isinstance(batch, Scalar) and batch.kind == "int" and batch.value) and \
                    not (isinstance(feed.expr, cst.Call) and feed.value.batch_code is not None):
                return Note("FM105", f"{name}=`{count}` ran on Keras 2 (the file uses `{marker}`), which divided it "
                                     f"by the flow's batch size, and `{code(feed.expr)}` has no batch size the analyzer "
                                     "can read: give steps_per_epoch= (steps) instead", arg)
            steps = f"{atom(arg.value)} // {feed.value.batch_code or batch.value}"
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
        return Note("FM107", f"{name}=`{code(count)}` is not provably len({it}): {why}", arg)

    def _pass_refusal(self, problem: Note, feed: Feed, name: str, reason: str) -> Note:
        """The refusal of a count that is not one pass: the problem, and why the Sequence or flow cannot be
        read endlessly instead."""
        it = code(feed.expr)
        return Note(problem.code, f"{problem.message}; it cannot be read endlessly as legacy Keras read it instead: "
                                  f"{reason}: give {name}=len({it}) for one pass, or migrate by hand", problem.node)

    def _one_pass_division(self, count: cst.BaseExpression, feed: Feed, frame: Frame) -> bool:
        """``it.n / b`` (``len(x) / b`` for ``flow(x, ...)``) where ``b`` is the flow's own batch size: the
        legacy loop ran its ceiling, ``ceil(n / b)``, which is ``len(it)``: one pass (not on Python 2,
        where it floored)."""
        if PYTHON2_SOURCE.get():
            return False
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

    def _endless_flow(self, feed: Feed, name: str, arg: cst.Arg, role: str, notes: List[Note]) -> Union[Feed, str]:
        """An ImageDataGenerator flow as the endless iterator legacy Keras read it as, or why it cannot be.

        A flow's ``__iter__`` is itself and its ``__next__`` goes round without end, reshuffling at
        each pass: ``from_generator(lambda: flow)`` gives ``steps_per_epoch`` batches every epoch,
        each epoch going on where the last stopped, as Keras 2's ``fit_generator`` did, when the
        batches' signature is proven (a flow's images are float32; its labels follow ``class_mode``).
        Otherwise, for training only, ``(batch for batch in flow)``: Keras 3 reads a generator object
        itself, its signature from the first two batches (a flow's shapes and dtypes are the same in
        every batch, its batch dimension is left free), and keeps one iterator across epochs when
        ``steps_per_epoch`` is given. Not for validation data (Keras 3 reads the two batches it looked at
        again at every pass), nor for ``evaluate`` / ``predict`` (they would read ahead of the steps
        from a flow the script keeps), nor with ``class_weight``, which Keras 3 rejects with a generator.
        """
        assert isinstance(feed.value, Flow)
        flow_code = code(feed.expr)
        try:
            spec = spec_for(feed.value.element)
        except NotProven as exc:
            if role != TRAIN:
                return f"the flow's batches are not proven ({exc}), so it cannot be read as an endless dataset"
            if self._class_weight_given():
                return (f"the flow's batches are not proven ({exc}), and Keras 3 rejects class_weight with a Python "
                        "generator, so it can be read endlessly neither as a dataset nor as a generator")
            element = feed.value.element
            if not (isinstance(element, Seq) and element.kind == "tuple"):
                return (f"the flow's batches are not proven ({exc}), and Keras 3 reads a Python generator only "
                        "when it yields (x, y) or (x, y, sample_weight) tuples")
            generator = Feed("generator", feed.expr, feed.value)
            prefix = "(batch for batch in "
            generator.callable_code = f"{prefix}{layout.shifted_code(feed.expr, len(prefix))})"
            notes.append(Note("FM211", f"{name}=`{code(arg.value)}` is not one pass of the flow `{flow_code}`: it is "
                                       "read as the endless iterator legacy Keras read it as (every epoch takes that "
                                       "many batches and goes on where the last stopped, reshuffling at each pass), "
                                       "a Python generator over it, whose signature Keras 3 reads from its first two "
                                       f"batches (its batches are not proven: {exc}); tf.keras 2.x restarted the flow "
                                       "every epoch instead", arg))
            return generator
        dataset = Feed("dataset", feed.expr, feed.value, spec=spec)
        if role == VALIDATION and isinstance(feed.expr, cst.Call):
            dataset.callable_code = f"lambda generator={flow_code}: generator"
        else:
            dataset.callable_code = f"lambda: {flow_code}"
        notes.append(Note("FM211", f"{name}=`{code(arg.value)}` is not one pass of the flow `{flow_code}`: it is read "
                                   "as the endless iterator legacy Keras read it as (every epoch takes that many "
                                   "batches and goes on where the last stopped, reshuffling at each pass); tf.keras "
                                   "2.x restarted the flow every epoch instead", arg))
        return dataset


def _dividend(node: cst.BaseExpression) -> str:
    """The node's code as the left operand of ``/``: parenthesized only when it binds less tightly."""
    tight = (cst.Multiply, cst.Divide, cst.FloorDivide, cst.Modulo, cst.MatrixMultiply, cst.Power)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, tight) or isinstance(node, cst.UnaryOperation):
        return code(node)
    return atom(node)


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


def _uncounted(name: str, count: cst.BaseExpression, arg: cst.Arg) -> Note:
    """A validation sample count on a call without ``validation_data``: no legacy Keras read it."""
    return Note("FM105", f"{name}=`{code(count)}` counts validation samples, but the call has no validation_data, so "
                         f"no Keras read it: remove {name}=", arg)
