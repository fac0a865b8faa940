"""Accuracy's name in the logs (FM424): ``acc`` in Keras 2.0-2.2, ``accuracy`` in Keras 3.

Keras 2.0-2.2.5 logged ``metrics=['accuracy']`` (and ``['acc']``) as ``acc`` / ``val_acc``
(``keras/engine/training.py`` at 2.2.4: ``if metric in ('accuracy', 'acc'): suffix = 'acc'``). Keras
2.3 and tf.keras 2 log the name as given, and so does Keras 3 (measured on 3.15.1: ``metrics=['accuracy']``
logs ``accuracy`` / ``val_accuracy``; ``metrics=['acc']`` logs ``acc`` / ``val_acc``). A script that reads
``val_acc`` next to ``metrics=['accuracy']`` was written for Keras 2.0-2.2, and under Keras 3 (measured on
3.15.1) a callback given ``mode='max'`` changes training without an error: ``EarlyStopping`` warns at every
epoch and never stops, ``ModelCheckpoint(save_best_only=True)`` no longer saves the best epoch,
``ReduceLROnPlateau`` never reduces; with ``mode='auto'`` each raises ``ValueError`` at the first epoch's end
(it cannot tell which way ``val_acc`` goes); ``history.history['acc']`` and a ``{val_acc:.2f}`` in a
checkpoint's file name raise ``KeyError``.

Where every ``compile`` of the module names its metrics in a literal list holding ``'accuracy'`` (and
none ``'acc'``), the strings that read the logs are rewritten: ``acc`` -> ``accuracy``, ``val_acc`` ->
``val_accuracy``, in a callback's ``monitor``, a subscript of ``<fit result>.history`` (or of a name
bound to it), ``logs['acc']`` / ``logs.get('acc')`` in a callback method, and the fields of a
``ModelCheckpoint`` file name. Otherwise those strings are reported (a warning: the compile's metric is
not proven, and with ``metrics=['acc']`` they are right as they are).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Dict, List, Optional, Set

import libcst as cst

if TYPE_CHECKING:  # pragma: no cover
    from fitmigrate.analysis.keras3_breaks import Finder

NAMES = {"acc": "accuracy", "val_acc": "val_accuracy"}
_FIELD = re.compile(r"\{(val_)?acc(?=[:!}])")
MONITORING = ("EarlyStopping", "ModelCheckpoint", "ReduceLROnPlateau")


class MetricNames:
    def __init__(self, finder: "Finder") -> None:
        self.finder = finder

    def compiled_with(self) -> Optional[str]:
        """"accuracy" when every compile of the module gives a literal list of metric names holding
        'accuracy' and not 'acc'; "acc" when they hold 'acc' and not 'accuracy'; None otherwise."""
        names: Set[str] = set()
        compiles = 0
        for call, _ in self.finder.scan.calls:
            if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "compile"):
                continue
            compiles += 1
            metrics = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "metrics"), None)
            positional = [a for a in call.args if a.keyword is None]
            if metrics is None and len(positional) >= 3:
                metrics = positional[2].value
            if metrics is None:
                continue
            if not isinstance(metrics, (cst.List, cst.Tuple)):
                return None
            for element in metrics.elements:
                if not isinstance(element.value, cst.SimpleString):
                    if isinstance(element, cst.StarredElement):
                        return None
                    continue
                value = element.value.evaluated_value
                if isinstance(value, str):
                    names.add(value)
        if not compiles:
            return None
        if "accuracy" in names and "acc" not in names:
            return "accuracy"
        if "acc" in names and "accuracy" not in names:
            return "acc"
        return None

    def sites(self) -> List[cst.SimpleString]:
        """The strings that read accuracy from the logs by its Keras 2.0-2.2 name."""
        finder = self.finder
        found: Dict[int, cst.SimpleString] = {}

        def take(node: Optional[cst.BaseExpression]) -> None:
            from fitmigrate.analysis.file_names import _parts

            if isinstance(node, cst.SimpleString) and node.evaluated_value in NAMES and _parts(node)[2] in NAMES:
                found[id(node)] = node

        history_names = set()
        for name, assigns in finder.scan.assigns.items():
            if len(assigns) == 1 and name not in finder.scan.rebinds and \
                    isinstance(assigns[0][0].value, cst.Attribute) and assigns[0][0].value.attr.value == "history":
                history_names.add(name)
        for call, _ in finder.scan.calls:
            from fitmigrate.analysis.keras3_breaks import effective

            path = effective(finder.names, call.func) or ""
            leaf = path.rpartition(".")[2]
            if path.startswith("keras.callbacks.") and leaf in MONITORING:
                bound = finder._callback_arguments(call, leaf) or {}
                if "monitor" in bound:
                    take(bound["monitor"].value)
                if leaf == "ModelCheckpoint" and "filepath" in bound:
                    value = bound["filepath"].value
                    if isinstance(value, cst.SimpleString) and isinstance(value.evaluated_value, str) and \
                            _FIELD.search(value.evaluated_value):
                        found[id(value)] = value
            elif isinstance(call.func, cst.Attribute) and call.func.attr.value == "get" and \
                    isinstance(call.func.value, cst.Name) and call.func.value.value == "logs" and call.args:
                take(call.args[0].value)
        for node in _subscripts(finder.module):
            value = node.value
            if (isinstance(value, cst.Attribute) and value.attr.value == "history") or (
                    isinstance(value, cst.Name) and (value.value in history_names or value.value == "logs")):
                if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
                    take(node.slice[0].slice.value)
        return list(found.values())


def renamed(node: cst.SimpleString) -> str:
    """The literal with accuracy's Keras 3 name, written as the literal is (prefix, quotes, escapes)."""
    from fitmigrate.analysis.file_names import _parts

    prefix, quote, body = _parts(node)
    if body in NAMES:
        return f"{prefix}{quote}{NAMES[body]}{quote}"
    return f"{prefix}{quote}{_FIELD.sub(lambda m: '{' + (m.group(1) or '') + 'accuracy', body)}{quote}"


class _Subscripts(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found: List[cst.Subscript] = []

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self.found.append(node)


def _subscripts(module: cst.Module) -> List[cst.Subscript]:
    collect = _Subscripts()
    module.visit(collect)
    return collect.found
