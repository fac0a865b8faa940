"""The legacy call's arguments: their names in each Keras release, and where the worker arguments go
in Keras 3. Part of the call planner (``calls.Planner``)."""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import libcst as cst

from fitmigrate.analysis import layout, walk
from fitmigrate.analysis.evaluate import Frame, class_member, dotted_name
from fitmigrate.analysis.plans import ArgEdit, CallSite, Feed, code
from fitmigrate.analysis.values import Flow, Instance, Seq, SequenceInstance


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


class ArgumentPlanning:
    """Methods of ``calls.Planner``, which supplies ``interpreter``, ``info``, ``source`` and the rest."""

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

    def _not_keras_receiver(self, site: CallSite, frame: Frame) -> Optional[str]:
        receiver = site.call.func.value  # type: ignore[attr-defined]
        value = self.interpreter.eval(receiver, frame)
        if isinstance(value, Instance) and isinstance(class_member(value.cls, site.method), cst.FunctionDef):
            return f"an instance of {value.cls.name}, which defines"
        return None



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


def _in_memory(feed: Optional[Feed]) -> bool:
    """Validation data that is arrays (``(x_val, y_val)``): Keras validates all of it, whatever the count."""
    if feed is None or feed.kind != "as_is" or isinstance(feed.value, (Flow, SequenceInstance)):
        return False
    return isinstance(feed.expr, cst.Tuple) or isinstance(feed.value, Seq)


def _is_string(node: cst.BaseExpression, text: str) -> bool:
    return isinstance(node, cst.SimpleString) and node.evaluated_value == text
