"""What a Keras model built in the same module declares about its data: the shape and dtype of each
input, and for one-hot losses the width of its output. Read-only and syntactic: only models whose
construction the module spells out (``Sequential`` with a first layer's ``input_shape``, ``Input(...)``
fed to ``Model(...)``), reached from the call's receiver through plain assignments.

Why this is safe where the data's own dtype is not proven: Keras converts every input to its
``Input``'s dtype before the first layer (float32 unless declared), so a dataset that declares that
dtype performs the cast the legacy path performed. Targets are declared float32 only for
``categorical_crossentropy`` / ``binary_crossentropy``, whose labels Keras casts to float32 anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

import libcst as cst

from fitmigrate.analysis import walk
from fitmigrate.analysis.signature import TensorSpec

Shape = Tuple[Optional[int], ...]
FIRST_LAYER_SHAPES = ("input_shape", "batch_input_shape")
# Layers whose ``input_dim`` is the width of their input (an Embedding's is its vocabulary).
INPUT_DIM_LAYERS = {"Dense", "Activation", "Dropout", "BatchNormalization"}
ONE_HOT_LOSSES = ("categorical_crossentropy", "binary_crossentropy", "categoricalcrossentropy",
                  "binarycrossentropy")


@dataclass
class ModelFacts:
    inputs: List[Tuple[Optional[str], TensorSpec]]  # (Input name, spec) in the model's input order
    target: Optional[TensorSpec] = None  # float32 one-hot rows, for one-hot losses only
    where: str = ""  # how the model was read, for the note
    loss: Optional[str] = None


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def _last_name(func: cst.BaseExpression) -> str:
    if isinstance(func, cst.Attribute):
        return func.attr.value
    if isinstance(func, cst.Name):
        return func.value
    return ""


def _keyword(call: cst.Call, name: str, position: Optional[int] = None) -> Optional[cst.BaseExpression]:
    for index, arg in enumerate(call.args):
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
        if arg.keyword is None and position is not None and index == position:
            return arg.value
    return None


def _int_tuple(node: Optional[cst.BaseExpression]) -> Optional[Shape]:
    """A literal shape: ``(32, 32, 3)``, ``(None,)``, ``[64]`` or a bare ``64``."""
    if node is None:
        return None
    if isinstance(node, cst.Integer):
        return (int(node.evaluated_value),)
    if isinstance(node, (cst.Tuple, cst.List)):
        dims: List[Optional[int]] = []
        for element in node.elements:
            value = element.value
            if isinstance(value, cst.Integer):
                dims.append(int(value.evaluated_value))
            elif isinstance(value, cst.Name) and value.value == "None":
                dims.append(None)
            else:
                return None
        return tuple(dims)
    return None


def _dtype(node: Optional[cst.BaseExpression]) -> Optional[str]:
    if node is None:
        return "float32"
    if isinstance(node, cst.SimpleString):
        return str(node.evaluated_value)
    text = _code(node)
    return text.rsplit(".", 1)[-1] if text.startswith(("tf.", "np.", "numpy.", "tensorflow.")) else None


class _Collector(walk.Visitor):
    """Every assignment ``target = value`` (by the target's code) and every ``x.add(layer)`` in order."""

    def __init__(self) -> None:
        self.assigned: Dict[str, List[cst.BaseExpression]] = {}
        self.added: Dict[str, List[cst.Call]] = {}
        self.compiled: Dict[str, List[cst.Call]] = {}
        self.returns: Dict[str, List[cst.BaseExpression]] = {}  # function name -> returned expressions
        self._functions: List[str] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions.append(node.name.value)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()

    def visit_Return(self, node: cst.Return) -> None:
        if self._functions and node.value is not None:
            self.returns.setdefault(self._functions[-1], []).append(node.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self.assigned.setdefault(_code(target.target), []).append(node.value)

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("add", "compile"):
            owner = _code(node.func.value)
            if node.func.attr.value == "add" and len(node.args) == 1 and isinstance(node.args[0].value, cst.Call):
                self.added.setdefault(owner, []).append(node.args[0].value)
            elif node.func.attr.value == "compile":
                self.compiled.setdefault(owner, []).append(node)


@dataclass
class ModelReader:
    module: cst.Module
    # ``follow(name)``: the reader of the project module that defines the function ``name`` this module
    # calls but does not define (``from models import build_model``), or None.
    follow: Optional[Callable[[str], Optional["ModelReader"]]] = None
    _collector: Optional[_Collector] = field(default=None)

    @property
    def collector(self) -> _Collector:
        if self._collector is None:
            self._collector = _Collector()
            walk.visit(self.module, self._collector)
        return self._collector

    def facts(self, receiver: cst.BaseExpression) -> Optional[ModelFacts]:
        """What the model the call's receiver names declares, or None when it is not spelled out here."""
        if "set_floatx" in self.module.code:
            return None  # inputs would not be float32 by default
        name = _code(receiver)
        construction, owner, reader = self._construction(name, set())
        if construction is None or "set_floatx" in reader.module.code:
            return None
        kind = _last_name(construction.func)
        if kind == "Sequential":
            facts = reader._sequential(construction, owner)
        else:
            facts = reader._functional(construction)
        if facts is None:
            return None
        if reader is not self:
            facts.where += " (in the module that builds it)"
            # compiled where it is built, or where it is trained: one of them, not both
            built, trained = reader._loss(owner, owner, allow_none=True), self._loss(name, name, allow_none=True)
            facts.loss = built if trained == "" else trained if built == "" else None
        else:
            facts.loss = self._loss(name, owner)
        if facts.loss is not None and facts.loss.replace("_", "").lower() in {l.replace("_", "") for l in ONE_HOT_LOSSES}:
            width = reader._output_width(construction, owner)
            if width is not None:
                facts.target = TensorSpec((None, width), "float32")
        return facts

    # -- finding the construction -----------------------------------------------------------------

    def _construction(self, name: str, seen: set) -> Tuple[Optional[cst.Call], str, "ModelReader"]:
        """The one ``Sequential(...)`` / ``Model(...)`` call the name is bound to, the name it was built
        under (``model.add`` calls are found by that name), and the reader of the module that builds it."""
        if name in seen:
            return None, name, self
        seen.add(name)
        values = self.collector.assigned.get(name, [])
        if len(values) != 1:
            return None, name, self
        value = values[0]
        if isinstance(value, (cst.Name, cst.Attribute)):
            return self._construction(_code(value), seen)
        if not isinstance(value, cst.Call):
            return None, name, self
        kind = _last_name(value.func)
        if kind in ("Sequential", "Model"):
            return value, name, self
        if isinstance(value.func, cst.Name):  # a function that builds and returns the model
            function = value.func.value
            reader: Optional[ModelReader] = self
            if function not in self.collector.returns:  # defined in another module of the project
                reader = self.follow(function) if self.follow is not None else None
            returned = reader.collector.returns.get(function, []) if reader is not None else []
            if reader is not None and len(returned) == 1 and isinstance(returned[0], cst.Name):
                return reader._construction(returned[0].value, set() if reader is not self else seen)
        return None, name, self

    # -- inputs --------------------------------------------------------------------------------

    def _sequential(self, construction: cst.Call, owner: str) -> Optional[ModelFacts]:
        layers: List[cst.Call] = []
        given = _keyword(construction, "layers", 0)
        if isinstance(given, cst.List):
            layers = [e.value for e in given.elements if isinstance(e.value, cst.Call)]
        layers += self.collector.added.get(owner, [])
        if not layers:
            return None
        first = layers[0]
        kind = _last_name(first.func)
        if kind in ("Input", "InputLayer"):
            spec = self._input_spec(first)
            return ModelFacts([(None, spec)], where=f"its {_code(first)}") if spec is not None else None
        for keyword in FIRST_LAYER_SHAPES:
            shape = _int_tuple(_keyword(first, keyword))
            if shape is not None:
                if keyword == "batch_input_shape":
                    shape = shape[1:]
                dtype = _dtype(_keyword(first, "dtype"))
                if dtype is None or kind == "Embedding":
                    return None
                return ModelFacts([(None, TensorSpec((None,) + shape, dtype))],
                                  where=f"the {keyword}={_code(_keyword(first, keyword))} of its first layer {kind}")
        width = _int_tuple(_keyword(first, "input_dim"))
        if width is not None and len(width) == 1 and kind in INPUT_DIM_LAYERS:
            return ModelFacts([(None, TensorSpec((None, width[0]), "float32"))],
                              where=f"the input_dim={width[0]} of its first layer {kind}")
        return None

    def _functional(self, construction: cst.Call) -> Optional[ModelFacts]:
        inputs = _keyword(construction, "inputs", 0) or _keyword(construction, "input")
        if inputs is None:
            return None
        parts = [e.value for e in inputs.elements] if isinstance(inputs, (cst.List, cst.Tuple)) else [inputs]
        found: List[Tuple[Optional[str], TensorSpec]] = []
        for part in parts:
            call = part if isinstance(part, cst.Call) else None
            if isinstance(part, cst.Name):
                values = self.collector.assigned.get(part.value, [])
                call = values[0] if len(values) == 1 and isinstance(values[0], cst.Call) else None
            if call is None or _last_name(call.func) != "Input":
                return None
            spec = self._input_spec(call)
            if spec is None:
                return None
            name = _keyword(call, "name")
            found.append((str(name.evaluated_value) if isinstance(name, cst.SimpleString) else None, spec))
        return ModelFacts(found, where="its " + ", ".join(
            _code(p) if isinstance(p, cst.Call) else f"Input `{_code(p)}`" for p in parts))

    def _input_spec(self, call: cst.Call) -> Optional[TensorSpec]:
        shape = _int_tuple(_keyword(call, "shape", 0))
        batch = _int_tuple(_keyword(call, "batch_shape")) or _int_tuple(_keyword(call, "batch_input_shape"))
        if shape is None and batch is not None:
            shape = batch[1:]
        dtype = _dtype(_keyword(call, "dtype"))
        if shape is None or dtype is None or _keyword(call, "sparse") is not None or _keyword(call, "tensor") is not None:
            return None
        return TensorSpec((None,) + shape, dtype)

    # -- targets -------------------------------------------------------------------------------

    def _loss(self, name: str, owner: str, allow_none: bool = False) -> Optional[str]:
        """The loss the model is compiled with; with ``allow_none``, "" when it is compiled nowhere here."""
        compiles = self.collector.compiled.get(name, []) + (self.collector.compiled.get(owner, []) if owner != name else [])
        if allow_none and not compiles:
            return ""
        losses = set()
        for call in compiles:
            loss = _keyword(call, "loss", 1)
            if isinstance(loss, cst.SimpleString):
                losses.add(str(loss.evaluated_value))
            else:
                return None
        return losses.pop() if len(losses) == 1 else None

    def _output_width(self, construction: cst.Call, owner: str) -> Optional[int]:
        if _last_name(construction.func) == "Sequential":
            given = _keyword(construction, "layers", 0)
            layers = [e.value for e in given.elements if isinstance(e.value, cst.Call)] if isinstance(given, cst.List) else []
            layers += self.collector.added.get(owner, [])
            last = layers[-1] if layers else None
            if last is not None and _last_name(last.func) == "Activation" and len(layers) > 1:
                last = layers[-2]
        else:
            outputs = _keyword(construction, "outputs", 1) or _keyword(construction, "output")
            values = self.collector.assigned.get(_code(outputs), []) if isinstance(outputs, cst.Name) else []
            last = values[0].func if len(values) == 1 and isinstance(values[0], cst.Call) and \
                isinstance(values[0].func, cst.Call) else None
        if last is None or _last_name(last.func) != "Dense":
            return None
        units = _keyword(last, "units", 0) or _keyword(last, "output_dim")
        return int(units.evaluated_value) if isinstance(units, cst.Integer) else None

