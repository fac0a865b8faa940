"""The ``keras.backend`` functions the Keras 3 fixes rewrite, as Keras declared them, and the
``keras.ops`` function Keras 3 has for each.

``keras1``: Keras 1.2.2's ``keras/backend/tensorflow_backend.py``; ``keras2``: Keras 2.2.4's (2.0.0 the
same but ``softmax(x)``; its ``theano_backend.py`` declares the same parameters in the same order).
Each legacy function there is one TensorFlow op on its arguments (``tf.reduce_sum(x, axis, keepdims)``,
``tf.concat(tensors, axis)``, ``tf.transpose(x, perm=pattern)``, ...), and each ``keras.ops``
function of Keras 3.15 (``keras/src/ops/numpy.py``, ``nn.py``; TensorFlow backend) runs the same op;
the parameters whose name or default differ are listed, the rest keep their name and position.

``dtype``: "any" when the result is the same for every input the legacy function took; "float" when
it is the same for floating-point tensors only (``K.mean`` of an integer tensor was
``tf.reduce_mean`` in that integer type, truncated, where ``keras.ops.mean`` averages in float32;
``K.sum`` of 8- and 16-bit integers stayed in that type, ``keras.ops.sum`` accumulates in int32).
Functions whose reading differs on any input are not here: their diagnostic says what to write
(``K.sqrt`` clipped negative inputs to 0 first, ``K.argmax`` returned int64 and ``keras.ops.argmax``
int32, ``K.dot`` of rank > 2 is not ``keras.ops.dot``, ``K.shape`` was a tensor and ``keras.ops.shape``
is a tuple, ``K.variable`` / ``K.zeros`` made variables).

``tests/test_keras3_oracle.py`` runs each rewritten call under Keras 3 and the legacy one under tf_keras
(tf.keras's backend: the same op for each function here) on the same arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Mapping, Optional

from fitmigrate.legacy import Signature, signature


@dataclass(frozen=True)
class BackendFunction:
    keras1: Optional[Signature]  # Keras 1.2.2 (None: it had no such function)
    keras2: Signature  # Keras 2.2.4
    ops: str  # the keras.ops function
    renames: Mapping[str, str] = field(default_factory=dict)  # Keras 2 parameter -> keras.ops parameter
    defaults: Mapping[str, str] = field(default_factory=dict)  # Keras 2 default written where Keras 3's differs
    keras1_names: Mapping[str, str] = field(default_factory=dict)  # Keras 1 keyword -> Keras 2 parameter
    dropped: FrozenSet[str] = frozenset()  # Keras 2 parameters keras.ops lacks: a call giving one is reported
    dtype: str = "any"  # "any" or "float": the inputs on which the two agree (module docstring)
    int_literals: FrozenSet[str] = frozenset()  # parameters that must be int literals where given


def _same(keras2: str, ops: Optional[str] = None, keras1: Optional[str] = "", **kwargs) -> BackendFunction:
    """A function whose Keras 1 signature is Keras 2's unless given (None: Keras 1 lacked it)."""
    k1 = None if keras1 is None else signature(keras1 or keras2)
    return BackendFunction(k1, signature(keras2), ops or "", **kwargs)


_REDUCE = "x axis keepdims"
_BINARY = {"x": "x1", "y": "x2"}

BACKEND: Dict[str, BackendFunction] = {
    # reductions: tf.reduce_*(x, axis, keepdims)
    "sum": _same(_REDUCE, "sum", dtype="float"),
    "mean": _same(_REDUCE, "mean", dtype="float"),
    "max": _same(_REDUCE, "max"),
    "min": _same(_REDUCE, "min"),
    # element-wise: the same TensorFlow op
    "abs": _same("x", "abs"),
    "square": _same("x", "square"),
    "exp": _same("x", "exp"),
    "log": _same("x", "log"),
    "tanh": _same("x", "tanh"),
    "sigmoid": _same("x", "sigmoid"),
    "pow": _same("x a", "power", renames={"x": "x1", "a": "x2"}),
    "maximum": _same("x y", "maximum", renames=_BINARY),
    "minimum": _same("x y", "minimum", renames=_BINARY),
    "equal": _same("x y", "equal", renames=_BINARY),
    "not_equal": _same("x y", "not_equal", renames=_BINARY),
    "greater": _same("x y", "greater", renames=_BINARY),
    "greater_equal": _same("x y", "greater_equal", renames=_BINARY),
    "less": _same("x y", "less", keras1=None, renames=_BINARY),  # Keras 1 named it lesser
    "less_equal": _same("x y", "less_equal", keras1=None, renames=_BINARY),
    # softmax(x) in Keras 1.2.2 and 2.0.0, softmax(x, axis=-1) from 2.1.0: tf.nn.softmax on the last axis
    "softmax": _same("x axis", "softmax", keras1="x"),
    # shapes and layout
    "cast": _same("x dtype", "cast"),
    "reshape": _same("x shape", "reshape", renames={"shape": "newshape"}),
    "expand_dims": _same("x axis", "expand_dims", keras1="x dim", keras1_names={"dim": "axis"},
                         defaults={"axis": "-1"}),
    "squeeze": _same("x axis", "squeeze"),
    "stack": _same("x axis", "stack", keras1="x"),
    "concatenate": _same("tensors axis", "concatenate", renames={"tensors": "xs"}, defaults={"axis": "-1"}),
    "permute_dimensions": _same("x pattern", "transpose", renames={"pattern": "axes"}),
    "transpose": _same("x", "transpose"),
    "ones_like": _same("x dtype name", "ones_like", dropped=frozenset({"name"})),
    "zeros_like": _same("x dtype name", "zeros_like", dropped=frozenset({"name"})),
    # arange(start, stop=None, step=1, dtype='int32') (Keras 1.2.2 to 2.2.4): tf.range of the numbers, then
    # cast unless int32; keras.ops.arange makes the range in dtype directly: the same for int bounds only
    # (a float bound was truncated by Keras 2's cast, and is refused by tf.range in int32).
    "arange": _same("start stop step dtype", "arange", defaults={"dtype": "'int32'"},
                    int_literals=frozenset({"start", "stop", "step"})),
}

# ``K.int_shape(x)``: Keras 2.2.4 returned ``x._keras_shape``, else ``tuple(x.get_shape().as_list())``
# (None for a tensor of unknown rank); a Keras 3 tensor's ``shape`` is that tuple (a ``tf.Tensor``'s
# ``TensorShape`` iterates to the same ints and None). Keras 3's own functional tensors always have
# a known rank.
INT_SHAPE = "tuple({}.shape)"

# Functions whose first argument must be a float tensor for the fix (``dtype="float"``), and the
# functions whose result is a float tensor whatever they are given (TensorFlow's op raises on an
# integer tensor), or keeps its first argument's dtype: the evidence the analysis reads.
FLOAT_RESULTS = frozenset({"exp", "log", "sqrt", "tanh", "sigmoid", "softmax", "softplus", "softsign", "elu",
                           "hard_sigmoid", "l2_normalize", "std", "var", "random_normal", "random_uniform"})
DTYPE_KEEPING = frozenset({"sum", "mean", "max", "min", "abs", "square", "reshape", "expand_dims", "squeeze",
                           "transpose", "permute_dimensions", "clip", "pow", "maximum", "minimum", "concatenate",
                           "stack", "flatten", "batch_flatten", "repeat_elements", "tile", "relu"})
