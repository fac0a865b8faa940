"""Data, not code: the Keras 1 and 2 signatures of what the Keras 3 fixes touch.

``layers``, ``optimizers`` and ``callbacks`` hold, for each constructor a fix rewrites, its parameters
as Keras 1.2.2 and Keras 2.2.4 (and, for optimizers, 2.3.1) declared them, in order, and what
Keras 2's ``keras/legacy/interfaces.py`` converted Keras 1's arguments to. Each table names the file
of the Keras repository it was written from; a reviewer can read it against that tag.

``fitmigrate.analysis.legacy_calls`` binds a call's arguments to these signatures, and
``fitmigrate.analysis.keras3_api`` says what Keras 3 takes; the tests build every rewritten call
under the installed Keras 3 and compare its configuration with the legacy one (from tf_keras, the
Keras 2 that TensorFlow still ships), and its numbers (optimizer steps, recurrent layers' outputs) with
standalone Keras's own formulas (``tests/legacy_numerics.py``): tf_keras is tf.keras, which already
clipped, stepped and defaulted as Keras 3 does where standalone Keras did not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Mapping, Optional, Tuple

# The keywords every Keras 1.2.2 layer took (keras/engine/topology.py, Layer.__init__'s allowed_kwargs).
KERAS1_LAYER_KEYWORDS = frozenset({"input_shape", "batch_input_shape", "input_dtype", "name", "trainable"})
# Keras 2.2.4's (keras/engine/base_layer.py, Layer.__init__'s allowed_kwargs).
KERAS2_LAYER_KEYWORDS = frozenset({"input_shape", "batch_input_shape", "batch_size", "dtype", "name", "trainable",
                                   "weights", "input_dtype"})
# tf.keras 2.x (and standalone Keras 2.4+, the same code): base_layer.Layer.__init__'s allowed_kwargs.
TF_KERAS_LAYER_KEYWORDS = frozenset({"input_dim", "input_shape", "batch_input_shape", "batch_size", "weights",
                                     "activity_regularizer", "autocast", "implementation", "dtype", "name",
                                     "trainable", "dynamic"})


@dataclass(frozen=True)
class Signature:
    """A constructor as one release declared it."""

    positional: Tuple[str, ...]  # its parameters in order: what the n-th positional argument binds to
    keywords: FrozenSet[str] = frozenset()  # further names it read from **kwargs (its own, its base class's)
    max_positional: Optional[int] = None  # Keras 2's legacy interface let only this many through by position

    @property
    def names(self) -> FrozenSet[str]:
        return frozenset(self.positional) | self.keywords


def signature(positional: str, keywords: str = "", max_positional: Optional[int] = None,
              base: FrozenSet[str] = frozenset()) -> Signature:
    return Signature(tuple(positional.split()), frozenset(keywords.split()) | base, max_positional)


@dataclass(frozen=True)
class Rename:
    """What Keras 2 made of one Keras 1 argument (interfaces.py's ``conversions`` and
    ``value_conversions``)."""

    new: Optional[str]  # Keras 2's name; None: Keras 2 removed the argument (its value changed nothing)
    values: Optional[Mapping[object, object]] = None  # the values converted exactly, old -> new (None: any, unchanged)
    refused: str = ""  # why a value outside ``values`` has no exact Keras 2 reading


@dataclass(frozen=True)
class LegacyLayer:
    keras1: Optional[Signature]  # Keras 1.2.2 (None: no such layer)
    keras2: Signature  # Keras 2.2.4, behind its legacy interface
    renames: Mapping[str, Rename] = field(default_factory=dict)  # Keras 1 keyword -> Keras 2
    kernel: Tuple[str, ...] = ()  # Keras 1's kernel dimensions, which Keras 2 made one kernel_size tuple
    kernel_conflicts: FrozenSet[str] = frozenset()  # Keras 2 refused these next to positional integer dimensions
    shape: Tuple[str, ...] = ()  # Keras 1's (input_length, input_dim), which made input_shape=(length, dim)
    refused: Mapping[str, str] = field(default_factory=dict)  # Keras 1 keywords with no exact Keras 2 reading: why
    speed_only: FrozenSet[str] = frozenset()  # Keras 2 arguments that only chose an implementation
    # Names of this layer only standalone Keras 1 to 2.3 exported (tf.keras and Keras 2.4+ do not): a
    # call by one ran on Keras <= 2.3 (Deconvolution2D).
    keras1_spellings: FrozenSet[str] = frozenset()
    # Keras 1's names of this layer that Keras 2 kept as aliases and tf.keras (Keras 2.4+, Keras 3)
    # exports too (Convolution2D): a sign of legacy code, not of the release that ran it (tf.keras reads
    # Convolution2D(f, k, k) as a kernel k with strides k).
    legacy_spellings: FrozenSet[str] = frozenset()
    # Parameters whose default Keras 3 changed: name -> (Keras 1.2.2-2.2.4's default, Keras 3's), as code.
    legacy_defaults: Mapping[str, Tuple[str, str]] = field(default_factory=dict)
    # Keras 2 arguments Keras 3 takes and ignores, and the Keras 3 argument that means what they did:
    # name -> (Keras 3 name, its value with {} for the old one)
    keras3: Mapping[str, Tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class LegacyOptimizer:
    keras1: Signature  # Keras 1.2.2 to 2.2.4 (the same order; 2.1.3 added Adam's amsgrad at the end)
    keras23: Signature  # Keras 2.3.0-2.3.1 (learning_rate first; lr, decay, epsilon read from **kwargs)
    tf_keras: Signature  # tf.keras 2.x's optimizer_v2 (standalone Keras 2.4+ is the same code)
    default_lr: Mapping[str, str] = field(default_factory=dict)  # per dialect: "keras1", "keras23", "tf_keras"


@dataclass(frozen=True)
class LegacyCallback:
    keras1: Signature  # Keras 1.2.2
    keras2: Signature  # Keras 2.2.4
    renames: Mapping[str, Rename] = field(default_factory=dict)  # Keras 2 (or 1) keyword -> Keras 3's


Table = Dict[str, LegacyLayer]


# What a literal may be for each parameter (by name, the same in every layer): a literal of another
# kind means the call was written for another signature. Identifiers from Keras 1.2.2's
# ``keras/initializations.py`` and ``activations.py``, and Keras 2.2.4's ``initializers.py``.
INITIALIZERS = frozenset({"uniform", "normal", "lecun_uniform", "lecun_normal", "glorot_normal", "glorot_uniform",
                          "he_normal", "he_uniform", "orthogonal", "identity", "zero", "zeros", "one", "ones",
                          "constant", "random_uniform", "random_normal", "truncated_normal", "variance_scaling"})
ACTIVATIONS = frozenset({"softmax", "elu", "selu", "softplus", "softsign", "relu", "tanh", "sigmoid", "hard_sigmoid",
                         "exponential", "linear"})
PADDINGS = frozenset({"valid", "same", "full", "causal"})
_INIT_PARAMS = ("init inner_init beta_init gamma_init kernel_initializer recurrent_initializer bias_initializer "
                "embeddings_initializer alpha_initializer depthwise_initializer pointwise_initializer beta_initializer "
                "gamma_initializer moving_mean_initializer moving_variance_initializer")
KINDS: Dict[str, str] = {
    **{name: "initializer" for name in _INIT_PARAMS.split()},
    **{name: "activation" for name in "activation inner_activation recurrent_activation".split()},
    **{name: "int" for name in ("output_dim units nb_filter filters nb_row nb_col kernel_dim1 kernel_dim2 kernel_dim3 "
                                "filter_length input_dim depth_multiplier pool_length stride subsample_length length "
                                "mode").split()},
    "input_length": "int or None",
    **{name: "number" for name in ("p rate epsilon momentum dropout recurrent_dropout dropout_W dropout_U sigma "
                                   "stddev").split()},
    **{name: "bool" for name in ("bias use_bias return_sequences go_backwards stateful unroll mask_zero center scale "
                                 "return_state reset_after unit_forget_bias").split()},
    **{name: "int or tuple" for name in ("subsample strides pool_size kernel_size size dilation_rate axis "
                                         "output_padding").split()},
    "border_mode": "padding", "dim_ordering": "dim_ordering", "data_format": "data_format",
    "consume_less": "consume_less", "name": "string",
}


def fits(kind: str, value: object) -> bool:
    """Whether a literal ``value`` can be an argument of this kind."""
    if kind == "initializer":
        return isinstance(value, str) and value.lower() in INITIALIZERS
    if kind == "activation":
        return value is None or (isinstance(value, str) and value in ACTIVATIONS)
    if kind in ("int", "int or None"):
        return (value is None and kind == "int or None") or (isinstance(value, int) and not isinstance(value, bool))
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool) or (isinstance(value, int) and value in (0, 1))
    if kind == "int or tuple":
        return value is None or (isinstance(value, int) and not isinstance(value, bool))
    if kind == "padding":
        return isinstance(value, str) and value in PADDINGS
    if kind == "dim_ordering":
        return value in ("tf", "th", "default")
    if kind == "data_format":
        return value in (None, "channels_last", "channels_first")
    if kind == "consume_less":
        return value in ("cpu", "mem", "gpu")
    if kind == "string":
        return isinstance(value, str)
    return True
