"""What a Keras 1/2 layer or optimizer call meant, and the Keras 3 call that means the same.

Every argument of the call is bound to a parameter of the legacy signature (``fitmigrate.legacy``),
positional ones included, as each Keras that could have run the call bound it: Keras 1.2, Keras 2.0
to 2.3 (behind ``keras/legacy/interfaces.py``) and tf.keras (standalone Keras 2.4+ is the same code).
Each gives a *reading* (the call in Keras 2's parameter names), or rejects the call, or cannot be
told apart without a value the analysis does not see (``Conv2D(f, k, k)`` is a kernel (k, k) only
when k is an int). tf.keras is one of them unless the call or its module shows standalone Keras 1-2.3
(``ModuleFacts``). The call is rewritten only when the releases that accept it agree, every argument
has its Keras 3 parameter and every value translates exactly, and Keras 3 computes what they did with
the defaults the call left out (Keras 1-2.2's ``hard_sigmoid`` it cannot; Keras 1-2.3's GRU
``reset_after=False`` it can, written); otherwise it is reported, and the report names the argument
that stopped it. Read-only: edits are returned, never applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple

import libcst as cst

from fitmigrate.analysis.plans import code
from fitmigrate.analysis.keras3_api import SIGNATURES
from fitmigrate.legacy import (
    KERAS2_LAYER_KEYWORDS,
    KINDS,
    TF_KERAS_LAYER_KEYWORDS,
    LegacyLayer,
    LegacyOptimizer,
    Rename,
    Signature,
    fits,
)

KERAS1, KERAS2, TF_KERAS = "Keras 1", "Keras 2.0-2.3", "tf.keras (and Keras 2.4+)"
KERAS22, KERAS23 = "Keras 1-2.2", "Keras 2.3"
IsInt = Callable[[cst.BaseExpression], Optional[bool]]  # True: provably an int; False: provably not; None: unknown
_NOT_LITERAL = object()

# What to do instead of a Keras 2 keyword Keras 3's layers do not take.
KERAS3_ADVICE = {
    "weights": "set them with layer.set_weights(...) once the layer is built",
    "batch_input_shape": "start the model with keras.Input(batch_shape=...)",
    "batch_size": "start the model with keras.Input(batch_size=...)",
    "input_dtype": "start the model with keras.Input(dtype=...)",
    "implementation": "remove it (it only chose an implementation)",
}


def literal(node: cst.BaseExpression) -> object:
    """The value of a literal (string, number, True/False/None), or _NOT_LITERAL."""
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else _NOT_LITERAL
    if isinstance(node, (cst.Integer, cst.Float)):
        return node.evaluated_value
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = literal(node.expression)
        if isinstance(inner, (int, float)) and not isinstance(inner, bool):
            return -inner
    return _NOT_LITERAL


def render(value: object, like: cst.BaseExpression) -> str:
    if isinstance(value, str):
        quote = "'" if isinstance(like, cst.SimpleString) and like.value.lstrip("rbuRBU").startswith("'") else '"'
        return f"{quote}{value}{quote}"
    return repr(value)


@dataclass(eq=False)
class Value:
    """One Keras 2 parameter of a reading."""

    code: str  # its value, as written or converted
    args: Tuple[cst.Arg, ...]  # the call's arguments it comes from: the first carries it, the others go
    note: str = ""  # what the conversion did, for the message ("border_mode -> padding")
    refused: str = ""  # no exact reading: why


@dataclass(eq=False)
class Reading:
    values: Dict[str, Value] = field(default_factory=dict)
    dropped: List[Tuple[cst.Arg, str]] = field(default_factory=list)  # arguments the release ignored or removed
    # Parameters the call left to a default this release had and Keras 3 changed (LegacyLayer.legacy_defaults):
    # name -> the release's default, as code. Not part of key(): judged after the releases agree on the rest.
    implicit: Dict[str, str] = field(default_factory=dict)

    def key(self) -> Tuple:
        return (tuple(sorted((name, v.code, v.refused, tuple(id(a) for a in v.args)) for name, v in self.values.items())),
                tuple(sorted(id(arg) for arg, _ in self.dropped)))


@dataclass(eq=False)
class Outcome:
    dialect: str
    reading: Optional[Reading] = None
    error: str = ""  # the release rejected the call
    unknown: str = ""  # the release's reading depends on a value the analysis cannot prove


class _Unknown(Exception):
    pass


class _Rejected(Exception):
    pass


def _bind(args: Sequence[cst.Arg], sig: Signature, what: str, limit: Optional[int] = None) -> Dict[str, cst.Arg]:
    """Each argument's parameter in ``sig``; raises _Rejected when the release rejected the call."""
    bound: Dict[str, cst.Arg] = {}
    positional = [a for a in args if a.keyword is None]
    most = len(sig.positional) if limit is None else min(limit, len(sig.positional))
    if len(positional) > most:
        raise _Rejected(f"{what} took at most {most} positional argument{'s' if most != 1 else ''}")
    for index, arg in enumerate(positional):
        bound[sig.positional[index]] = arg
    for arg in args:
        if arg.keyword is None:
            continue
        name = arg.keyword.value
        if name not in sig.names:
            raise _Rejected(f"{what} had no {name}=")
        if name in bound:
            raise _Rejected(f"{what} was given {name} twice")
        bound[name] = arg
    return bound


# ---- layers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleFacts:
    """What the module around a call shows (``keras3_breaks.Finder`` reads it from the whole file)."""

    # Evidence that the module ran on standalone Keras 1 to 2.3, and not on tf.keras or Keras 2.4+ (an
    # argument only Keras 1 took, a name only Keras <= 2.3 exported), described; "" when there is none.
    standalone: str = ""
    # Evidence that its images are channels-first while it neither sets nor reads the ordering; "" when none.
    channels_first: str = ""
    # A literal's value, also through a name the module binds once to one; _NOT_LITERAL otherwise.
    value_of: Callable[[cst.BaseExpression], object] = literal


ACTIVATION_PARAMS = ("activation", "recurrent_activation")
HARD_SIGMOID = ("Keras 3's hard_sigmoid is relu6(x + 3) / 6, Keras 1/2's (and tf.keras's) was clip(0.2 * x + 0.5, "
                "0, 1) (0.667 against 0.7 at x = 1), and no Keras 3 activation name computes the old one")
HARD_SIGMOID_ADVICE = ("keep this model on tf_keras, or pass a function of your own computing keras.ops.clip(0.2 * x "
                       "+ 0.5, 0.0, 1.0) (a saved model then needs it registered), or retrain with Keras 3's")


class LayerCall:
    """One call of a layer in ``fitmigrate.legacy.layers.LAYERS``."""

    def __init__(self, call: cst.Call, cls: str, written: str, layer: LegacyLayer, via_tf: bool, is_int: IsInt,
                 module: ModuleFacts = ModuleFacts()) -> None:
        self.call = call
        self.cls = cls  # the Keras 3 class (Conv2D)
        self.written = written  # as the file calls it (Convolution2D)
        self.layer = layer
        self.via_tf = via_tf
        self.is_int = is_int
        self.module = module
        self.args = list(call.args)
        self.positional = [a for a in self.args if a.keyword is None]
        self.keywords = {a.keyword.value: a for a in self.args if a.keyword is not None}

    # which releases could have run it
    def keras1_keyword(self) -> Optional[str]:
        """A keyword of the call only Keras 1 took (Keras 2.0-2.3 converted it, tf.keras never took it)."""
        layer = self.layer
        if layer.keras1 is None:
            return None
        return next((name for name in self.keywords if name not in layer.keras2.names and
                     name not in TF_KERAS_LAYER_KEYWORDS and name in layer.keras1.names), None)

    def standalone_only(self) -> str:
        """Why only standalone Keras 1 to 2.3 could have run the call, or "" (tf.keras could have too):
        its own name or keyword, or the module's evidence. ``Convolution2D`` alone is no evidence:
        tf.keras exports it too (and reads ``Convolution2D(f, k, k)``'s third argument as strides)."""
        if self.written in self.layer.keras1_spellings:
            return f"{self.written} was a name of standalone Keras 1-2.3 only"
        keyword = self.keras1_keyword()
        if keyword is not None:
            return f"its {keyword}= was Keras 1's only"
        return self.module.standalone

    def dialects(self) -> List[str]:
        if self.via_tf:
            return [TF_KERAS]
        layer = self.layer
        found = [KERAS1] if layer.keras1 is not None else []
        found.append(KERAS2)
        if not self.standalone_only():
            found.append(TF_KERAS)
        return found

    def outcomes(self) -> List["Outcome"]:
        """Each release's reading. The module's evidence of standalone Keras only settles between releases
        that read the call: one no standalone release read is read as tf.keras read it, so a second run,
        which no longer sees the Keras 1 arguments a first one rewrote, decides nothing otherwise."""
        found = [self.read(d) for d in self.dialects()]
        own = self.written in self.layer.keras1_spellings or self.keras1_keyword() is not None
        if self.module.standalone and not self.via_tf and not own and \
                not any(o.reading is not None or o.unknown for o in found):
            found.append(self.read(TF_KERAS))
        return found

    def read(self, dialect: str) -> Outcome:
        try:
            if dialect == KERAS1:
                return Outcome(dialect, self._keras1())
            if dialect == KERAS2:
                return Outcome(dialect, self._keras2())
            return Outcome(dialect, self._tf_keras())
        except _Rejected as exc:
            return Outcome(dialect, error=str(exc))
        except _Unknown as exc:
            return Outcome(dialect, unknown=str(exc))

    def _keras1(self) -> Reading:
        assert self.layer.keras1 is not None
        bound = _bind(self.args, self.layer.keras1, self.written)
        self._check_kinds(bound)
        reading = Reading()
        consumed = self._kernel_from_keywords(bound, reading, keras1=True)
        return self._convert(bound, reading, consumed)

    def _keras2(self) -> Reading:
        layer = self.layer
        names = layer.keras2.names | frozenset(layer.renames) | frozenset(layer.kernel) | frozenset(layer.shape) | \
            frozenset(layer.refused)
        what = self.written
        for name in self.keywords:
            if name not in names:
                raise _Rejected(f"{what} had no {name}=")
        reading = Reading()
        args = list(self.args)
        consumed: List[str] = []
        if layer.kernel:
            args, consumed = self._kernel_positional(args, reading)
            if "kernel_size" not in reading.values:
                dims = [self.keywords.get(name) for name in layer.kernel]
                if any(d is not None for d in dims):
                    if len(self.positional) > 1 or not all(d is not None for d in dims):
                        raise _Rejected(f"{what} read {', '.join(layer.kernel)} only as a kernel given whole")
                    consumed = self._kernel_from_keywords({n: self.keywords[n] for n in layer.kernel}, reading,
                                                          keras1=False)
        limit = layer.keras2.max_positional
        positional = [a for a in args if a.keyword is None]
        if limit is not None and len(positional) > limit:
            raise _Rejected(f"{what} took at most {limit} positional argument{'s' if limit != 1 else ''} (its "
                            "legacy interface)")
        bound: Dict[str, cst.Arg] = {}
        for index, arg in enumerate(positional):
            if index >= len(layer.keras2.positional):
                raise _Rejected(f"{what} took at most {len(layer.keras2.positional)} positional arguments")
            name = layer.keras2.positional[index]
            if name == "kernel_size" and "kernel_size" in reading.values:
                continue
            bound[name] = arg
        for name, arg in self.keywords.items():
            if name in consumed:
                continue
            if name in bound or (name == "kernel_size" and "kernel_size" in reading.values):
                raise _Rejected(f"{what} was given {name} twice")
            bound[name] = arg
        self._check_kinds(bound)
        return self._convert(bound, reading, consumed)

    def _tf_keras(self) -> Reading:
        layer = self.layer
        rnn = bool(layer.shape) and "return_sequences" in layer.keras2.names  # the RNN base class read them
        sig = Signature(layer.keras2.positional, (layer.keras2.keywords - KERAS2_LAYER_KEYWORDS) |
                        TF_KERAS_LAYER_KEYWORDS | (frozenset(layer.shape) if rnn else frozenset()))
        bound = _bind(self.args, sig, self.written)
        self._check_kinds(bound)
        reading = Reading()
        if rnn:
            self._shape(bound, reading)
        for name, arg in bound.items():
            if name in ("input_dim", "input_length") and "input_shape" in reading.values:
                continue
            reading.values[name] = Value(code(arg.value), (arg,))
        return reading

    def _check_kinds(self, bound: Dict[str, cst.Arg]) -> None:
        """A literal of the wrong kind (``Dense(10, 'relu')`` read as Keras 1's ``init='relu'``) means the
        call was not written for this signature."""
        for name, arg in bound.items():
            kind = KINDS.get(name)
            if name == "padding" and "strides" in self.layer.keras2.names:
                kind = "padding"
            value = literal(arg.value)
            if kind is not None and value is not _NOT_LITERAL and not fits(kind, value):
                raise _Rejected(f"its {name} is not {code(arg.value)}")

    def _kernel_positional(self, args: List[cst.Arg], reading: Reading) -> Tuple[List[cst.Arg], List[str]]:
        """conv2d_args_preprocessor / conv3d_args_preprocessor: integer dimensions after the filters
        become one kernel_size; anything else is left, and the call then fails its positional check."""
        layer = self.layer
        dims = self.positional[1:1 + len(layer.kernel)]
        rest = layer.kernel[len(dims):]
        if not dims or (rest and not all(name in self.keywords for name in rest)):
            return args, []
        ints = [self.is_int(d.value) for d in dims]
        if any(value is False for value in ints):
            return args, []
        if any(value is None for value in ints):
            unknown = next(d for d, value in zip(dims, ints) if value is None)
            raise _Unknown(f"`{code(unknown.value)}` is not provably an int: Keras 2 read {self.written}(filters, "
                           f"{', '.join(layer.kernel)}) as a kernel only when the dimensions are ints (else it "
                           "raised), Keras 3 reads the third argument as strides")
        if len(dims) == 2 and any(name in self.keywords for name in layer.kernel_conflicts):
            given = sorted(name for name in layer.kernel_conflicts if name in self.keywords)
            raise _Rejected(f"integer kernel dimensions next to {'= and '.join(given)}= were refused (ValueError)")
        parts = list(dims) + [self.keywords[name] for name in rest]
        kernel = "(" + ", ".join(code(a.value) for a in parts) + ")"
        reading.values["kernel_size"] = Value(kernel, tuple(parts), f"kernel {kernel}")
        return [a for a in args if a not in parts[1:]], list(rest)

    def _kernel_from_keywords(self, bound: Dict[str, cst.Arg], reading: Reading, keras1: bool) -> List[str]:
        layer = self.layer
        present = [name for name in layer.kernel if name in bound]
        if not present:
            return []
        if len(present) != len(layer.kernel):
            missing = [name for name in layer.kernel if name not in bound]
            raise _Rejected(f"{self.written} needed {', '.join(missing)} too")
        parts = [bound[name] for name in layer.kernel]
        if keras1:
            for part in parts:
                if self.is_int(part.value) is False:
                    raise _Rejected(f"kernel dimensions were ints, not `{code(part.value)}`")
        kernel = "(" + ", ".join(code(a.value) for a in parts) + ")"
        reading.values["kernel_size"] = Value(kernel, tuple(parts), f"{', '.join(layer.kernel)} -> kernel_size")
        return list(layer.kernel)

    def _shape(self, bound: Dict[str, cst.Arg], reading: Reading) -> None:
        """input_dim (and input_length) of a recurrent layer or Conv1D: input_shape=(length, dim)."""
        dim, length = bound.get("input_dim"), bound.get("input_length")
        if dim is None and length is None:
            return
        if dim is None:
            reading.values["input_length"] = Value(code(length.value), (length,),  # type: ignore[union-attr]
                                                   refused="input_length= without input_dim= (Keras 1 ignored it, "
                                                           "Keras 2 made input_shape=(input_length, None))")
            return
        if "input_shape" in bound:
            reading.values["input_dim"] = Value(code(dim.value), (dim,), refused="input_dim= next to input_shape=")
            return
        shape = f"({code(length.value) if length is not None else 'None'}, {code(dim.value)})"
        args = (dim,) + ((length,) if length is not None else ())
        reading.values["input_shape"] = Value(shape, args, "input_dim/input_length -> input_shape")

    def _convert(self, bound: Dict[str, cst.Arg], reading: Reading, consumed: Sequence[str]) -> Reading:
        """Keras 1 names to Keras 2's, as interfaces.py converted them; Keras 2 names as they are."""
        layer = self.layer
        if layer.shape:
            self._shape(bound, reading)
        for name, arg in bound.items():
            if name in consumed or (layer.shape and name in ("input_dim", "input_length") and
                                    any(arg in v.args for v in reading.values.values())):
                continue
            if name in layer.refused:
                reading.values[name] = Value(code(arg.value), (arg,), refused=layer.refused[name])
                continue
            rename = layer.renames.get(name)
            if rename is None:
                if name not in layer.keras2.names:
                    reading.values[name] = Value(code(arg.value), (arg,),
                                                 refused=f"{name}= (Keras 2 had no counterpart)")
                    continue
                new, value = name, code(arg.value)
            else:
                new, value = rename.new, self._value(name, arg, rename)
                if value is None:
                    reading.values[new or name] = Value(code(arg.value), (arg,), refused=rename.refused or
                                                        f"{name}={code(arg.value)} (no exact Keras 2 reading)")
                    continue
            if new is None:
                reading.dropped.append((arg, f"{name}={code(arg.value)} removed"))
                continue
            if new in reading.values:
                raise _Rejected(f"{self.written} was given {new} twice ({name}= is Keras 1's {new}=)")
            note = f"{name} -> {new}" if new != name else ""
            reading.values[new] = Value(value, (arg,), note)
        for name, (old, _) in layer.legacy_defaults.items():  # Keras 1's and 2's, which the call relied on
            if name not in reading.values and name in layer.keras2.names:
                reading.implicit[name] = old
        return reading

    def _value(self, name: str, arg: cst.Arg, rename: Rename) -> Optional[str]:
        """The argument's value in Keras 2, or None where interfaces.py's conversion has none exact."""
        if rename.values is None:
            return code(arg.value)
        value = literal(arg.value)
        if value is _NOT_LITERAL:
            raise _Unknown(f"{name}={code(arg.value)} is not a literal: how Keras 2 read it depends on its value")
        for old, new in rename.values.items():
            if value == old and type(value) is type(old):
                return code(arg.value) if new == old and type(new) is type(old) else render(new, arg.value)
        return None


@dataclass(eq=False)
class Plan:
    """What becomes of a call: a keyword and/or a value per argument (by id), the arguments dropped, or a
    refusal."""

    keywords: Dict[int, str] = field(default_factory=dict)
    values: Dict[int, str] = field(default_factory=dict)
    dropped: List[cst.Arg] = field(default_factory=list)
    added: List[Tuple[str, str]] = field(default_factory=list)  # keyword arguments written at the end: (name, code)
    notes: List[str] = field(default_factory=list)
    refused: str = ""

    @property
    def changes(self) -> bool:
        return bool(self.keywords or self.values or self.dropped or self.added)


def decide(outcomes: Sequence[Outcome]) -> Tuple[Optional[Reading], str]:
    """The one reading the releases that ran the call agree on, or why there is none."""
    unknown = next((o for o in outcomes if o.unknown), None)
    if unknown is not None:
        return None, unknown.unknown
    oks = [o for o in outcomes if o.reading is not None]
    if not oks:
        return None, "it failed in every Keras that could have run it (" + "; ".join(
            f"in {o.dialect}, {o.error}" for o in outcomes) + ")"
    keys = {o.reading.key() for o in oks}  # type: ignore[union-attr]
    if len(keys) > 1:
        return None, "the Keras releases that accept it read it differently: " + _differences(oks)
    return oks[0].reading, ""


def _differences(outcomes: Sequence[Outcome]) -> str:
    """``Keras 1 and Keras 2.0-2.3: kernel_size=(3, 3); tf.keras (and Keras 2.4+): kernel_size=3, strides=3``"""
    readings = [o.reading for o in outcomes]
    names = sorted({n for r in readings for n in r.values})  # type: ignore[union-attr]
    differing = [n for n in names if len({r.values[n].code if n in r.values else None  # type: ignore[union-attr]
                                          for r in readings}) > 1]
    groups: Dict[Tuple, List[str]] = {}
    shown: Dict[Tuple, str] = {}
    for o in outcomes:
        values = o.reading.values  # type: ignore[union-attr]
        key = o.reading.key()  # type: ignore[union-attr]
        groups.setdefault(key, []).append(o.dialect)
        shown[key] = ", ".join(f"{n}={values[n].code}" for n in differing if n in values) or \
            "without " + ", ".join(f"{n}=" for n in differing)
    return "; ".join(f"{' and '.join(groups[key])} read {shown[key]}" for key in groups)


def translate(call: cst.Call, reading: Reading, keras3: str, what: str, speed_only: FrozenSet[str] = frozenset(),
              forms: Optional[Mapping[str, Tuple[str, str]]] = None) -> Plan:
    """The Keras 3 call that means ``reading``: an argument stays positional where Keras 3's parameter
    at its position is the same; every other one is passed by keyword. ``forms``: Keras 2 arguments
    Keras 3 takes and ignores, and the Keras 3 argument that means what they did."""
    positional, names = SIGNATURES[keras3]
    accepted = frozenset(positional) | names
    plan = Plan()
    carried: Dict[int, Tuple[str, Value]] = {}
    gone = {id(arg) for arg, _ in reading.dropped}
    for name, (new, template) in (forms or {}).items():
        value = reading.values.get(name)
        if value is None:
            continue
        if new in reading.values:  # Keras 2 read it only without the other
            gone.add(id(value.args[0]))
            plan.notes.append(f"{name}= removed (Keras 2 ignored it next to {new}=)")
        else:
            reading.values[new] = Value(template.format(value.code), value.args, f"{name} -> {new}")
        del reading.values[name]
    for name, value in reading.values.items():
        if value.refused:
            plan.refused = value.refused
            return plan
        carried[id(value.args[0])] = (name, value)
        gone.update(id(a) for a in value.args[1:])
    plan.notes.extend(note for _, note in reading.dropped)
    index = 0
    keep = True
    for arg in call.args:
        if id(arg) in gone:
            plan.dropped.append(arg)
            continue
        name, value = carried[id(arg)]
        if name not in accepted:
            if name in speed_only:
                plan.dropped.append(arg)
                plan.notes.append(f"{name} removed (it only chose an implementation)")
                continue
            advice = KERAS3_ADVICE.get(name)
            plan.refused = f"Keras 3's {what} has no {name}=" + (f": {advice}" if advice else "")
            return plan
        if arg.keyword is None and keep and index < len(positional) and positional[index] == name:
            index += 1
        else:
            if arg.keyword is None:
                keep = False
                plan.notes.append(f"{name}= by keyword")
            if arg.keyword is None or arg.keyword.value != name:
                plan.keywords[id(arg)] = name
        if value.code != code(arg.value):
            plan.values[id(arg)] = value.code
        # The conversion's note only where the argument changes (a positional Dense(10) keeps its 10).
        if value.note and (id(arg) in plan.keywords or id(arg) in plan.values or len(value.args) > 1):
            plan.notes.append(value.note)
    return plan


def layer_plan(lc: LayerCall) -> Tuple[Optional[Plan], str]:
    """The plan for a layer call; (None, why) when it is reported; (None, "") when Keras 3 reads it as
    the legacy Keras that ran it did, or it is not legacy code at all (a keyword only Keras 3 has).
    A call with nothing of Keras 1/2 to rewrite may still train otherwise: ``trains_otherwise``."""
    outcomes = lc.outcomes()
    reading, why = decide(outcomes)
    if reading is None:
        if not any(o.unknown or o.reading is not None for o in outcomes) and not legacy_evidence(lc):
            return None, ""
        return None, why
    accepting = [o for o in outcomes if o.reading is not None]
    plan = translate(lc.call, reading, f"keras.layers.{lc.cls}", f"{lc.cls}()", lc.layer.speed_only,
                     lc.layer.keras3)
    if plan.refused:
        return None, plan.refused
    rewrite = plan.changes
    why = _inexact(lc, reading, accepting, plan)
    if not rewrite:  # nothing of Keras 1/2 to rewrite: at most a default of theirs to write (FM427)
        if plan.added and not why:
            return plan, ""
        return None, _tf_keras_only(lc, outcomes)
    if why:
        return None, why
    return plan, ""


def _tf_keras_only(lc: LayerCall, outcomes: Sequence[Outcome]) -> str:
    """``Convolution2D(64, 3, 3, padding='same')``: Keras 1 and 2.0-2.3 rejected it, tf.keras read a kernel 3
    with strides 3, as Keras 3 does. Not a change, but likely not what was meant: said, and left."""
    layer = lc.layer
    if not (layer.kernel and len(lc.positional) > 2 and lc.written in layer.legacy_spellings):
        return ""
    rejected = [o for o in outcomes if o.error]
    if [o.dialect for o in outcomes if o.reading is not None] != [TF_KERAS] or not rejected:
        return ""
    dims = ", ".join(code(a.value) for a in lc.positional[1:3])
    return (f"Keras 3's reading is that of tf.keras (and Keras 2.4+), the only release that ran it: kernel_size="
            f"{code(lc.positional[1].value)}, strides={code(lc.positional[2].value)} (" +
            "; ".join(f"in {o.dialect}, {o.error}" for o in rejected) + f"): if a kernel ({dims}) was meant, "
            f"write kernel_size=({dims})")


def _inexact(lc: LayerCall, reading: Reading, accepting: Sequence[Outcome], plan: Plan) -> str:
    """Why the Keras 3 call ``plan`` writes would not mean what the legacy call meant, or "": an
    activation Keras 3 computes otherwise (hard_sigmoid, written or Keras 1-2.2's default for recurrent
    layers), a default the releases disagree on, an image layer of a channels-first module that relied
    on Keras 1's default ordering. A default all of them had and Keras 3 changed is written (plan.added)."""
    layer = lc.layer
    for name in ACTIVATION_PARAMS:
        value = reading.values.get(name)
        if value is None:
            continue
        written = lc.module.value_of(value.args[0].value)
        if written == "hard_sigmoid":
            return f"Keras 3's {lc.cls}({name}='hard_sigmoid') is another function: {HARD_SIGMOID}: {HARD_SIGMOID_ADVICE}"
        if written is _NOT_LITERAL:
            return (f"Keras 3's {lc.cls}() computes hard_sigmoid otherwise than Keras 1/2 did, and {name}="
                    f"{value.code} is not a literal this file gives: whether the call means the same depends on its "
                    f"value; write it as a literal")
    implicit = [o.reading.implicit for o in accepting]  # type: ignore[union-attr]
    if any(i.get("recurrent_activation") == "'hard_sigmoid'" for i in implicit):
        either = any(not i for i in implicit)
        return (f"Keras 3's {lc.cls}() would compute its recurrent activation otherwise: {lc.written}'s default was "
                f"hard_sigmoid in Keras 1 to 2.2 (2.3 made it sigmoid, as tf.keras and Keras 3 have it)"
                f"{', and this call could have run on either' if either else ''}: {HARD_SIGMOID}: if it ran on "
                f"Keras <= 2.2, {HARD_SIGMOID_ADVICE}; if on Keras 2.3 or tf.keras, rewrite its Keras 1/2 arguments by "
                "hand")
    if any(i != implicit[0] for i in implicit):
        differing = [n for n in layer.legacy_defaults if len({i.get(n) for i in implicit}) > 1]
        return (f"Keras 3's {lc.cls}() would not compute what all the releases that could have run it did, which "
                f"differ among themselves: {_default_differences(lc, accepting)} (Keras 3: "
                f"{', '.join(f'{n}={layer.legacy_defaults[n][1]}' for n in differing)}): if it ran on standalone Keras, "
                f"write {', '.join(f'{n}={layer.legacy_defaults[n][0]}' for n in differing)}")
    for name, old in implicit[0].items():
        new = layer.legacy_defaults[name][1]
        plan.added.append((name, old))
        plan.notes.append(f"{name}={old} written (the default of Keras 1-2.3, where Keras 3's is {new})")
    if lc.module.channels_first and any(o.dialect == KERAS1 for o in accepting) and layer.keras1 is not None and \
            "dim_ordering" in layer.keras1.names and reading.values.get("data_format", Value("None", ())).code == "None":
        return ("Keras 3's data_format=None is keras.json's image_data_format ('channels_last' unless set), Keras 1's "
                "dim_ordering='default' (or none) was its image_dim_ordering, and this module's images are "
                f"channels-first ({lc.module.channels_first}): write data_format='channels_first' if it ran with 'th' "
                "(or call keras.backend.set_image_data_format('channels_first') before building the model)")
    return ""


def _default_differences(lc: LayerCall, accepting: Sequence[Outcome]) -> str:
    """``reset_after=False in Keras 1 and Keras 2.0-2.3, True in tf.keras (and Keras 2.4+)``"""
    parts = []
    for name, (_, new) in lc.layer.legacy_defaults.items():
        groups: Dict[str, List[str]] = {}
        for o in accepting:
            groups.setdefault(o.reading.implicit.get(name, new) if name not in o.reading.values else "",  # type: ignore[union-attr]
                              []).append(o.dialect)
        groups.pop("", None)
        if len(groups) > 1:
            parts.append(f"{name}=" + ", ".join(f"{value} in {' and '.join(ds)}" for value, ds in groups.items()))
    return "; ".join(parts)


def trains_otherwise(lc: LayerCall) -> str:
    """For a call ``layer_plan`` leaves as it is (nothing of Keras 1/2 to rewrite): why Keras 3 would run
    it otherwise than a release that could have run it, or "". An explicit 'hard_sigmoid'; a recurrent
    layer's defaults (hard_sigmoid in Keras 1-2.2, GRU's reset_after=False in Keras 1-2.3)."""
    outcomes = lc.outcomes()
    accepting = [o for o in outcomes if o.reading is not None]
    for o in accepting:
        for name in ACTIVATION_PARAMS:
            value = o.reading.values.get(name)  # type: ignore[union-attr]
            if value is not None and lc.module.value_of(value.args[0].value) == "hard_sigmoid":
                return f"{lc.written}({name}='hard_sigmoid') runs under Keras 3 and computes otherwise: " \
                       f"{HARD_SIGMOID}: {HARD_SIGMOID_ADVICE}"
    relied = [o for o in accepting if o.reading.implicit]  # type: ignore[union-attr]
    if not relied:
        return ""
    implicit = relied[0].reading.implicit  # type: ignore[union-attr]
    said, advice = [], []
    if "reset_after" in implicit:
        said.append("its reset gate came before the recurrent product in Keras 1-2.3 (reset_after=False), after it "
                    "in Keras 3 (reset_after=True: another computation, with weights of other shapes)")
        advice.append("write reset_after=False")
    if implicit.get("recurrent_activation") == "'hard_sigmoid'":
        said.append(f"its recurrent activation defaulted to hard_sigmoid in Keras 1 to 2.2 (2.3 made it sigmoid, "
                    f"Keras 3's default); {HARD_SIGMOID}")
        advice.append(HARD_SIGMOID_ADVICE)
    if not said:
        return ""
    tf_keras = any(not o.reading.implicit for o in accepting)  # type: ignore[union-attr]
    tail = " (tf.keras and Keras 2.4+, which could have run it too, had Keras 3's defaults)" if tf_keras else ""
    return (f"{lc.written}() runs under Keras 3 and computes otherwise than in standalone Keras{tail}: " +
            "; ".join(said) + ": " + "; ".join(advice))


def legacy_evidence(lc: LayerCall) -> bool:
    layer = lc.layer
    return lc.written in layer.keras1_spellings or lc.written in layer.legacy_spellings or \
        bool(layer.kernel and len(lc.positional) > len(layer.kernel)) or \
        any(name in layer.renames or name in layer.refused or name in layer.kernel for name in lc.keywords)


# ---- optimizers -----------------------------------------------------------------------------------


class OptimizerCall:
    def __init__(self, call: cst.Call, cls: str, optimizer: LegacyOptimizer, via_tf: bool, lowercase: bool,
                 standalone: str = "") -> None:
        self.call = call
        self.cls = cls
        self.optimizer = optimizer
        self.via_tf = via_tf
        self.lowercase = lowercase  # ``sgd()``: a name only Keras 1 to 2.3 had
        self.standalone = standalone  # the module's evidence that it ran on standalone Keras 1-2.3 (ModuleFacts)

    def dialects(self) -> List[str]:
        if self.via_tf:
            return [TF_KERAS]
        return [KERAS22, KERAS23] + ([] if self.lowercase or self.standalone else [TF_KERAS])

    def outcomes(self) -> List["Outcome"]:
        """Each release's reading; as LayerCall.outcomes, the module's evidence only settles between releases
        that read the call."""
        found = [self.read(d) for d in self.dialects()]
        if self.standalone and not self.via_tf and not self.lowercase and not any(o.reading is not None for o in found):
            found.append(self.read(TF_KERAS))
        return found

    def standalone_only(self, accepting: Sequence[str]) -> str:
        """Why only standalone Keras 1 to 2.3 ran the call, or "" (tf.keras could have)."""
        if TF_KERAS in accepting:
            return ""
        if self.lowercase:
            return "its lower-case name was standalone Keras's only"
        if self.standalone:
            return f"this file ran on it: {self.standalone}"
        if TF_KERAS in self.dialects():
            return "tf.keras rejected this call"
        return ""

    def read(self, dialect: str) -> Outcome:
        sig = {KERAS22: self.optimizer.keras1, KERAS23: self.optimizer.keras23, TF_KERAS: self.optimizer.tf_keras}[dialect]
        try:
            bound = _bind(self.call.args, sig, self.cls)
        except _Rejected as exc:
            return Outcome(dialect, error=str(exc))
        if "lr" in bound and "learning_rate" in bound:
            return Outcome(dialect, error="it took lr= or learning_rate=, not both")
        name = bound.get("name")
        if name is not None and literal(name.value) is not _NOT_LITERAL and not isinstance(literal(name.value), str):
            return Outcome(dialect, error=f"its name= is a string, not {code(name.value)}")
        reading = Reading()
        for param, arg in bound.items():
            param = "lr" if param == "learning_rate" else param
            reading.values[param] = Value(code(arg.value), (arg,))
        return Outcome(dialect, reading)

    def default_lr(self, dialects: Sequence[str]) -> Dict[str, str]:
        keys = {KERAS22: "keras1", KERAS23: "keras23", TF_KERAS: "tf_keras"}
        return {d: self.optimizer.default_lr[keys[d]] for d in dialects}
