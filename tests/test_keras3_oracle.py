"""The oracle for the Keras 3 fixes that write (FM401-FM411, FM413, FM415, FM420): every rewritten call
is built under the installed Keras 3 and compared with what the legacy call built.

The legacy side: a Keras 2 form is built as written under tf_keras (the Keras 2 TensorFlow still
ships); a Keras 1 form has no Keras to run on, so its Keras 2 form comes from the legacy signature
table (``fitmigrate.legacy``: Keras 1 parameter -> Keras 2 parameter and value, as interfaces.py
converted them) through this file's own plain mapping, and is built under tf_keras. The two are
compared key by key (kernel size, strides, padding, initializers by class name and configuration,
rates, ...). Layer calls come from hypothesis (Keras 1 signatures, arguments by position or keyword,
literal or through a name): each is either rewritten, and then built and compared, or left whole with
a diagnostic, and it must be left exactly when an argument's reading depends on a value the analysis
cannot prove. Everything TensorFlow runs in one child process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import numpy as np

from fitmigrate.legacy import KINDS, TF_KERAS_LAYER_KEYWORDS, fits
from fitmigrate.legacy.layers import LAYERS
from fitmigrate.migrate import migrate_bytes
from fitmigrate.rules import all_rules
from tests import legacy_numerics as legacy

ROOT = Path(__file__).resolve().parent.parent

# ---- Keras 1 layer calls, generated ------------------------------------------------------------------

# Values Keras 1 took for each parameter the generator sets, all with an exact Keras 2 reading.
_INIT = ["glorot_uniform", "he_normal", "uniform", "normal", "zero", "lecun_uniform"]
_ACT = ["relu", "tanh", "sigmoid", "linear"]
VALUES: Dict[str, list] = {
    "nb_filter": [4, 8, 16], "output_dim": [3, 8, 10], "nb_row": [1, 3, 5], "nb_col": [1, 2, 3],
    "kernel_dim1": [1, 3], "kernel_dim2": [2, 3], "kernel_dim3": [1, 3], "filter_length": [2, 3, 5],
    "init": _INIT, "inner_init": ["orthogonal", "glorot_uniform"], "activation": _ACT,
    "inner_activation": ["hard_sigmoid", "sigmoid"], "border_mode": ["valid", "same"],
    "subsample": [(1, 1), (2, 2), (1, 2)], "subsample_length": [1, 2], "dim_ordering": ["tf", "th", "default"],
    "W_regularizer": [None, "l2", "l1"], "b_regularizer": [None, "l2"], "U_regularizer": ["l2"],
    "activity_regularizer": [None, "l1"], "bias": [True, False], "p": [0.1, 0.25, 0.5],
    "dropout_W": [0.0, 0.2], "dropout_U": [0.1, 0.3], "consume_less": ["cpu", "mem", "gpu"],
    "forget_bias_init": ["one"], "pool_length": [2, 3], "stride": [1, 2], "pool_size": [(2, 2), (3, 3)],
    "strides": [None, (1, 1), (2, 2)], "input_dim": [4, 7], "input_length": [5, 9], "mask_zero": [False, True],
    "epsilon": [0.001, 1e-5], "mode": [0], "axis": [-1, 1], "momentum": [0.99, 0.9],
    "beta_init": ["zero", "normal"], "gamma_init": ["one", "uniform"], "sigma": [0.1, 0.5],
    "size": [(2, 2), (3, 2)], "padding": [(1, 1), (2, 3)], "length": [2, 3], "return_sequences": [True, False],
    "go_backwards": [False, True], "depth_multiplier": [1, 2],
}
# name as the file writes it -> (Keras 3 class, required Keras 1 parameters, optional ones)
GENERATED = {
    "Convolution2D": ("Conv2D", ["nb_filter", "nb_row", "nb_col"],
                      ["init", "activation", "border_mode", "subsample", "dim_ordering", "W_regularizer",
                       "b_regularizer", "activity_regularizer", "bias"]),
    "Convolution1D": ("Conv1D", ["nb_filter", "filter_length"],
                      ["init", "activation", "border_mode", "subsample_length", "W_regularizer", "bias", "input_dim",
                       "input_length"]),
    "Convolution3D": ("Conv3D", ["nb_filter", "kernel_dim1", "kernel_dim2", "kernel_dim3"],
                      ["init", "activation", "border_mode", "dim_ordering", "bias"]),
    "SeparableConvolution2D": ("SeparableConv2D", ["nb_filter", "nb_row", "nb_col"],
                               ["activation", "border_mode", "subsample", "depth_multiplier", "dim_ordering", "bias"]),
    "Dense": ("Dense", ["output_dim"], ["init", "activation", "W_regularizer", "b_regularizer", "bias", "input_dim"]),
    "LSTM": ("LSTM", ["output_dim"], ["init", "inner_init", "forget_bias_init", "activation", "inner_activation",
                                      "W_regularizer", "U_regularizer", "dropout_W", "dropout_U", "consume_less",
                                      "return_sequences", "go_backwards", "input_dim", "input_length"]),
    "GRU": ("GRU", ["output_dim"], ["init", "inner_init", "activation", "inner_activation", "dropout_W", "dropout_U",
                                    "consume_less", "return_sequences", "input_dim"]),
    "SimpleRNN": ("SimpleRNN", ["output_dim"], ["init", "inner_init", "activation", "dropout_W", "dropout_U",
                                                "consume_less", "input_dim", "input_length"]),
    "MaxPooling2D": ("MaxPooling2D", [], ["pool_size", "strides", "border_mode", "dim_ordering"]),
    "AveragePooling2D": ("AveragePooling2D", [], ["pool_size", "strides", "border_mode", "dim_ordering"]),
    "MaxPooling1D": ("MaxPooling1D", [], ["pool_length", "stride", "border_mode"]),
    "Dropout": ("Dropout", ["p"], []),
    "SpatialDropout2D": ("SpatialDropout2D", ["p"], ["dim_ordering"]),
    "GaussianNoise": ("GaussianNoise", ["sigma"], []),
    "Embedding": ("Embedding", ["input_dim", "output_dim"], ["init", "W_regularizer", "mask_zero", "input_length"]),
    "BatchNormalization": ("BatchNormalization", [], ["epsilon", "mode", "axis", "momentum", "beta_init",
                                                      "gamma_init"]),
    "UpSampling2D": ("UpSampling2D", [], ["size", "dim_ordering"]),
    "UpSampling1D": ("UpSampling1D", [], ["length"]),
    "ZeroPadding2D": ("ZeroPadding2D", [], ["padding", "dim_ordering"]),
    "GlobalAveragePooling2D": ("GlobalAveragePooling2D", [], ["dim_ordering"]),
}
# Values whose Keras 2 reading depends on the value itself: through a name the analysis cannot read,
# the call must be left. Kernel dimensions depend on being ints (provable through a module-level name).
VALUE_MAPPED = {"border_mode", "dim_ordering", "consume_less", "forget_bias_init", "mode"}


@dataclass
class Argument:
    name: str  # the Keras 1 parameter
    value: object
    how: str  # "literal", "module" (a module-level name bound once) or "param" (a function parameter)
    positional: bool = False


@dataclass
class LayerCase:
    written: str
    arguments: List[Argument] = field(default_factory=list)

    @property
    def cls(self) -> str:
        return GENERATED[self.written][0]

    def source(self) -> str:
        module = [f"v_{a.name} = {a.value!r}" for a in self.arguments if a.how == "module"]
        params = [f"p_{a.name}" for a in self.arguments if a.how == "param"]
        values = [repr(a.value) for a in self.arguments if a.how == "param"]
        args = []
        for a in self.arguments:
            text = {"literal": repr(a.value), "module": f"v_{a.name}", "param": f"p_{a.name}"}[a.how]
            args.append(text if a.positional else f"{a.name}={text}")
        return (f"from keras.layers import {self.written}\n" + "".join(line + "\n" for line in module) +
                f"\n\ndef build({', '.join(params)}):\n    return {self.written}({', '.join(args)})\n\n\n"
                f"layer = build({', '.join(values)})\n")

    def must_be_left(self) -> bool:
        legacy = LAYERS[self.cls]
        for a in self.arguments:
            if a.how == "param" and (a.name in VALUE_MAPPED or (a.name in legacy.kernel and a.positional)):
                return True
            if a.how != "literal" and a.name in VALUE_MAPPED:
                return True
            if a.how == "param" and a.name in ("activation", "inner_activation"):
                return True  # it could be 'hard_sigmoid', which Keras 3 computes otherwise
        given = {a.name: a.value for a in self.arguments}
        if "recurrent_activation" in legacy.legacy_defaults and given.get("inner_activation", "hard_sigmoid") == \
                "hard_sigmoid":
            return True  # Keras 1-2.2's hard_sigmoid (written or by default): no Keras 3 activation computes it
        return self.tf_keras_reads_otherwise()

    def tf_keras_reads_otherwise(self) -> bool:
        """Whether tf.keras (Keras 2.4+) could have run the call too and read an argument otherwise:
        no keyword only Keras 1 took (nothing else in the module says which Keras ran it), and a
        positional argument tf.keras binds to another parameter (Convolution2D(f, 3, 3): strides 3) or a
        Keras 1 shape argument it kept as it was, while no literal of the wrong kind made tf.keras reject it."""
        legacy = LAYERS[self.cls]
        assert legacy.keras1 is not None
        keras1_only = {n for n in legacy.keras1.names if n not in legacy.keras2.names and n not in TF_KERAS_LAYER_KEYWORDS}
        if any(a.name in keras1_only and not a.positional for a in self.arguments):
            return False
        rnn = bool(legacy.shape) and "return_sequences" in legacy.keras2.names
        differs = False
        for index, a in enumerate(a for a in self.arguments if a.positional):
            if index >= len(legacy.keras2.positional):
                return False  # tf.keras took fewer positional arguments: it rejected the call
            theirs = legacy.keras2.positional[index]
            kind = "padding" if theirs == "padding" and "strides" in legacy.keras2.names else KINDS.get(theirs)
            if a.how == "literal" and kind is not None and not fits(kind, a.value):
                return False  # a literal of the wrong kind: tf.keras rejected it
            rename = legacy.renames.get(a.name)
            ours = "kernel_size" if a.name in legacy.kernel else (rename.new if rename is not None else a.name)
            if ours != theirs or a.name in legacy.kernel[1:]:
                differs = True
        for a in self.arguments:
            if not a.positional and a.name in legacy.shape and not rnn:
                if a.name == "input_length":
                    return False  # tf.keras's Conv1D had no input_length=
                differs = True  # Keras 1/2: input_shape=(length, dim); tf.keras: the base layer's input_dim
        return differs

    def keras2(self) -> Dict[str, object]:
        """The Keras 2 arguments of this Keras 1 call, by the legacy table's mapping."""
        legacy = LAYERS[self.cls]
        given = {a.name: a.value for a in self.arguments}
        out: Dict[str, object] = {}
        consumed = set()
        if legacy.kernel and all(d in given for d in legacy.kernel):
            out["kernel_size"] = tuple(given[d] for d in legacy.kernel)
            consumed.update(legacy.kernel)
        if legacy.shape and "input_dim" in given:
            out["input_shape"] = (given.get("input_length"), given["input_dim"])
            consumed.update(("input_dim", "input_length"))
        for name, value in given.items():
            if name in consumed:
                continue
            rename = legacy.renames.get(name)
            if rename is None:
                out[name] = value
            elif rename.new is not None:
                out[rename.new] = rename.values[value] if rename.values is not None else value
        for name, (old, _) in legacy.legacy_defaults.items():  # what Keras 1-2.2 defaulted to (GRU's reset_after)
            out.setdefault(name, eval(old))
        return out


@st.composite
def layer_cases(draw) -> LayerCase:
    written = draw(st.sampled_from(sorted(GENERATED)))
    cls, required, optional = GENERATED[written]
    chosen = set(required) | set(draw(st.lists(st.sampled_from(optional), unique=True, max_size=4)) if optional else [])
    if "input_length" in chosen and cls in ("LSTM", "GRU", "SimpleRNN", "Conv1D"):
        chosen.add("input_dim")
    if cls == "SeparableConv2D" and "dim_ordering" in chosen:
        chosen.discard("dim_ordering")  # a depthwise kernel in channels_first: tf_keras builds it on CPU only
    order = list(LAYERS[cls].keras1.positional)  # type: ignore[union-attr]
    prefix = 0
    while prefix < len(order) and order[prefix] in chosen:
        prefix += 1
    positional = draw(st.integers(0, prefix))
    keywords = [n for n in chosen if n not in order[:positional]]
    keywords = draw(st.permutations(sorted(keywords)))
    case = LayerCase(written)
    for index, name in enumerate(list(order[:positional]) + list(keywords)):
        value = draw(st.sampled_from(VALUES[name]))
        simple = isinstance(value, (int, str)) and not isinstance(value, bool)
        how = draw(st.sampled_from(["literal", "literal", "module", "param"])) if simple else "literal"
        case.arguments.append(Argument(name, value, how, positional=index < positional))
    return case


def _collect_layer_cases() -> List[LayerCase]:
    found: List[LayerCase] = []

    @settings(max_examples=160, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(layer_cases())
    def collect(case):
        found.append(case)

    collect()
    return found


# ---- hand-written cases of every other fix that writes --------------------------------------------------

# Keras 2 forms: the source as legacy Keras 2 (tf_keras) ran it, and the Keras 3 migration of it.
KERAS2_LAYERS = [
    # tf.keras's positions beyond Keras 3's `groups` (Conv2D's seventh parameter)
    # Keras 2.0-2.3 took two positional arguments; tf.keras until TF 2.2 read the seventh as activation= (TF 2.3
    # put groups= there, and Keras 3 kept it): the one reading of a call that ran
    ("from keras.layers import Conv2D\nlayer = Conv2D(8, (3, 3), (2, 2), 'same', None, (1, 1), 'relu')\n",
     "tf_keras.layers.Conv2D(8, (3, 3), strides=(2, 2), padding='same', data_format=None, dilation_rate=(1, 1), "
     "activation='relu')"),
    # Keras 3 put embeddings_constraint where activity_regularizer was (Keras 1 read an input_length there)
    ("from keras.layers import Embedding\nlayer = Embedding(100, 8, 'uniform', 'l2', 'l1')\n",
     "tf_keras.layers.Embedding(100, 8, 'uniform', 'l2', 'l1')"),
    # (LSTM(8, input_dim=5) alone is left: its recurrent activation was hard_sigmoid in Keras 1-2.2)
    ("from keras.layers import LSTM\nlayer = LSTM(8, input_dim=5, recurrent_activation='sigmoid')\n",
     "tf_keras.layers.LSTM(8, input_dim=5, recurrent_activation='sigmoid')"),
    ("import tensorflow as tf\nlayer = tf.keras.layers.GRU(6, input_dim=3, input_length=7)\n",
     "tf_keras.layers.GRU(6, input_dim=3, input_length=7)"),
]
OPTIMIZERS = [
    ("from keras.optimizers import SGD\nopt = SGD(lr=0.01, momentum=0.9)\n",
     "tf_keras.optimizers.legacy.SGD(learning_rate=0.01, momentum=0.9)"),
    ("from keras.optimizers import SGD\nopt = SGD(lr=0.05, decay=1e-4, momentum=0.9, nesterov=True)\n",
     "tf_keras.optimizers.legacy.SGD(learning_rate=0.05, decay=1e-4, momentum=0.9, nesterov=True)"),
    ("from keras.optimizers import SGD\nopt = SGD(0.1, 0.9, 0.0, True)\n",
     "tf_keras.optimizers.legacy.SGD(learning_rate=0.1, momentum=0.9, decay=0.0, nesterov=True)"),
    ("from keras.optimizers import SGD\nopt = SGD(0.1, 0.9, 1e-6, True)\n",
     "tf_keras.optimizers.legacy.SGD(learning_rate=0.1, momentum=0.9, decay=1e-6, nesterov=True)"),
    ("from keras.optimizers import adam\nopt = adam(lr=1e-3, epsilon=None, decay=0.0)\n",
     "tf_keras.optimizers.legacy.Adam(learning_rate=1e-3, epsilon=None)"),
    ("from keras.optimizers import Adam\nopt = Adam(0.002, 0.8, 0.99, 1e-6, 1e-5, True)\n",
     "tf_keras.optimizers.legacy.Adam(learning_rate=0.002, beta_1=0.8, beta_2=0.99, epsilon=1e-6, decay=1e-5, "
     "amsgrad=True)"),
    # (RMSprop is left: FM427; clipnorm= is the numeric oracle's, below)
    ("from keras import optimizers\nopt = optimizers.adam(lr=0.0001, beta_1=0.8, decay=1e-6, clipvalue=1.0)\n",
     "tf_keras.optimizers.legacy.Adam(learning_rate=0.0001, beta_1=0.8, decay=1e-6, clipvalue=1.0)"),
    ("from keras.optimizers import Adam\nopt = Adam(decay=1e-4)\n",
     "tf_keras.optimizers.legacy.Adam(learning_rate=0.001, decay=1e-4)"),
    ("from keras.optimizers import Adadelta\nopt = Adadelta(lr=1.0, rho=0.9, epsilon=None, clipvalue=0.5)\n",
     "tf_keras.optimizers.legacy.Adadelta(learning_rate=1.0, rho=0.9, clipvalue=0.5)"),
    ("import tensorflow as tf\nopt = tf.keras.optimizers.Adamax(lr=0.002, beta_1=0.8)\n",
     "tf_keras.optimizers.legacy.Adamax(learning_rate=0.002, beta_1=0.8)"),
]
# (legacy source, what the child evaluates in the migrated namespace, what it evaluates under tf_keras)
VALUES_CASES = [
    ("from keras.callbacks import ReduceLROnPlateau\ncb = ReduceLROnPlateau('val_loss', 0.5, epsilon=0.01)\n",
     "[cb.min_delta, cb.factor, cb.monitor]",
     "[c.min_delta, c.factor, c.monitor] if (c := tf_keras.callbacks.ReduceLROnPlateau('val_loss', 0.5, "
     "epsilon=0.01)) else None"),
    ("import numpy as np\nfrom keras.utils.np_utils import to_categorical\n"
     "y = to_categorical(np.arange(6) % 4, nb_classes=4)\n",
     "[y.tolist(), y.shape]", "[(y := tf_keras.utils.to_categorical(np.arange(6) % 4, num_classes=4)).tolist(), y.shape]"),
    ("import numpy as np\nfrom keras.utils import np_utils\ny = np_utils.to_categorical(np.arange(6) % 3, 3, 'int32')\n",
     "[y.tolist(), str(y.dtype)]",
     "[(y := tf_keras.utils.to_categorical(np.arange(6) % 3, 3, 'int32')).tolist(), str(y.dtype)]"),
    ("from keras import backend as K\nK.set_image_dim_ordering('th')\nth = K.image_dim_ordering() == 'th'\n",
     "[K.image_data_format(), th]", "['channels_first', True]"),
    ("from keras.layers import Input, Dense\nfrom keras.models import Model\nx = Input((3,))\n"
     "model = Model(input=x, output=Dense(2, name='out')(x))\n",
     "[[tuple(t.shape) for t in model.inputs], [tuple(t.shape) for t in model.outputs], model.layers[-1].name]",
     "[[tuple(t.shape) for t in m.inputs], [tuple(t.shape) for t in m.outputs], m.layers[-1].name] if (m := "
     "tf_keras.Model(inputs=(x := tf_keras.Input((3,))), outputs=tf_keras.layers.Dense(2, name='out')(x))) else None"),
    # predict_classes as Keras 2.2.4 wrote it (keras/engine/sequential.py): argmax over several units,
    # > 0.5 for one; the model is built and its weights set the same way on both sides.
    ("import numpy as np\nfrom keras.models import Sequential\nfrom keras.layers import Dense\n"
     "model = Sequential([Dense(3, activation='softmax', input_dim=4)])\n"
     "model.set_weights([np.arange(12, dtype='float32').reshape(4, 3) / 10 - 0.5, np.zeros(3, 'float32')])\n"
     "x = np.linspace(-1, 1, 20, dtype='float32').reshape(5, 4)\nc = model.predict_classes(x, verbose=0)\n",
     "c.tolist()", "PREDICT_CLASSES(3)"),
    ("import numpy as np\nfrom keras.models import Sequential\nfrom keras.layers import Dense\n"
     "model = Sequential([Dense(1, activation='sigmoid', input_dim=4)])\n"
     "model.set_weights([np.arange(4, dtype='float32').reshape(4, 1) / 10 - 0.2, np.zeros(1, 'float32')])\n"
     "x = np.linspace(-1, 1, 20, dtype='float32').reshape(5, 4)\nc = model.predict_classes(x, verbose=0)\n",
     "c.tolist()", "PREDICT_CLASSES(1)"),
]
# Imports and names: each name the legacy import bound is, under Keras 3, what tf_keras serves at its
# Keras 2 path (the class or function of that name; a module by its name).
NAMES = [
    ("from keras.layers.core import Dense, Dropout, Flatten\nfrom keras.layers.convolutional import Conv2D\n"
     "from keras.layers.normalization import BatchNormalization\nfrom keras.engine.topology import Layer\n",
     {"Dense": "tf_keras.layers.Dense", "Dropout": "tf_keras.layers.Dropout", "Flatten": "tf_keras.layers.Flatten",
      "Conv2D": "tf_keras.layers.Conv2D", "BatchNormalization": "tf_keras.layers.BatchNormalization",
      "Layer": "tf_keras.layers.Layer"}),
    ("from keras.optimizers import adam, sgd\nfrom keras.layers import Deconvolution2D\n",
     {"adam": "tf_keras.optimizers.Adam", "sgd": "tf_keras.optimizers.SGD",
      "Deconvolution2D": "tf_keras.layers.Conv2DTranspose"}),
    ("from keras import losses\nf = losses.mse\ng = losses.kullback_leibler_divergence\n",
     {"f": "tf_keras.losses.mse", "g": "tf_keras.losses.kullback_leibler_divergence"}),
    ("from keras.utils.np_utils import to_categorical\nfrom keras.engine import Model\n"
     "from keras.preprocessing.image import ImageDataGenerator\n",
     {"to_categorical": "tf_keras.utils.to_categorical", "Model": "tf_keras.Model",
      "ImageDataGenerator": "tf_keras.preprocessing.image.ImageDataGenerator"}),
]

# ---- the numeric oracle: standalone Keras's formulas against Keras 3's numbers -------------------------
#
# tf_keras is tf.keras, which already clipped, stepped RMSprop with momentum and Adagrad, and defaulted
# its recurrent layers as Keras 3 does: a stand-in for standalone Keras 1.2.2-2.3.1 that cannot see where
# they differ. ``tests/legacy_numerics.py`` is standalone Keras's own formulas (written from the tagged
# sources); each call below is stepped by Keras 3 (in the child) on the same gradients, at several
# magnitudes, and compared with them (or, for a call only tf.keras ran, with tf_keras's legacy optimizer).

EXACT, DIFFERS = 1e-4, 1e-3  # relative to the largest legacy parameter: float32 rounding / a real difference


@dataclass
class Numeric:
    label: str
    source: str  # the legacy module (binds ``opt`` or ``layer``), as migrate reads it
    references: List[object]  # ("SGD", {...}): legacy_numerics.run; ("lstm", act): legacy_numerics.lstm/gru; "tf_keras ..." expression
    exact: bool  # True: migrate rewrites it and Keras 3 computes what every reference computed
    closest: Tuple[str, ...] = ()  # for a call left: Keras 3 calls one might write instead; none computes what all the references did
    magnitudes: Tuple[float, ...] = legacy.MAGNITUDES
    kind: str = "optimizer"  # "optimizer", "layer", "activation"

    def payload(self) -> dict:
        make = [["tf_keras", r[len("tf_keras "):]] for r in self.references if isinstance(r, str)]
        make += [["migrated", _migrated_source(self.source)]] if self.exact else []
        make += [["keras", expression] for expression in self.closest]
        return {"kind": self.kind, "make": make, "magnitudes": list(self.magnitudes), "x": RNN_X.tolist(),
                "weights": [w.tolist() for w in RNN_WEIGHTS[self.label.split()[0]]] if self.kind == "layer" else []}


def _migrated_source(source: str) -> str:
    outcome = migrate_bytes(source.encode(), "case.py")
    return outcome.new.decode() if outcome.new is not None else source


_RNG = np.random.default_rng(3)
RNN_X = _RNG.normal(size=(2, 5, 3))
RNN_WEIGHTS = {"LSTM": [0.6 * _RNG.normal(size=(3, 16)), 0.6 * _RNG.normal(size=(4, 16)), 0.3 * _RNG.normal(size=(16,))],
               "GRU": [0.6 * _RNG.normal(size=(3, 12)), 0.6 * _RNG.normal(size=(4, 12)), 0.3 * _RNG.normal(size=(12,))]}
CLIP_MAGNITUDES = (1.0, 0.3, 0.1)  # global norms about 4, 1.2, 0.4: clipnorm=1.0 clips the first two
K3 = "keras.optimizers"

NUMERIC = [
    # Fixes claimed exact: Keras 3 steps as standalone Keras did, at every magnitude.
    Numeric("SGD nesterov", "from keras.optimizers import SGD\nopt = SGD(lr=0.01, momentum=0.9, nesterov=True)\n",
            [("SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True})], True),
    Numeric("SGD decay", "from keras.optimizers import SGD\nopt = SGD(lr=0.05, decay=0.1, momentum=0.9)\n",
            [("SGD", {"lr": 0.05, "decay": 0.1, "momentum": 0.9})], True),
    Numeric("Adam epsilon=None", "from keras.optimizers import adam\nopt = adam(lr=0.001, epsilon=None)\n",
            [("Adam", {"lr": 0.001, "epsilon": 1e-7})], True),
    Numeric("Adam by position", "from keras.optimizers import Adam\nopt = Adam(0.002, 0.8, 0.99, 1e-6, 1e-3, True)\n",
            [("Adam", {"lr": 0.002, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-6, "decay": 1e-3, "amsgrad": True})],
            True),
    Numeric("Adamax decay", "from keras.optimizers import Adamax\nopt = Adamax(lr=0.002, decay=1e-2)\n",
            [("Adamax", {"lr": 0.002, "decay": 1e-2})], True),
    Numeric("Adadelta", "from keras.optimizers import Adadelta\nopt = Adadelta(lr=1.0, rho=0.9, epsilon=None, decay=1e-2)\n",
            [("Adadelta", {"lr": 1.0, "rho": 0.9, "epsilon": 1e-7, "decay": 1e-2})], True),
    Numeric("clipnorm of a lower-case optimizer (standalone Keras): global_clipnorm=",
            "from keras.optimizers import sgd\nopt = sgd(lr=0.1, momentum=0.9, clipnorm=1.0)\n",
            [("SGD", {"lr": 0.1, "momentum": 0.9, "clipnorm": 1.0})], True, magnitudes=CLIP_MAGNITUDES),
    Numeric("clipnorm in a module of Keras 1 arguments: global_clipnorm=",
            "from keras.layers import Dropout\nfrom keras.optimizers import SGD\nd = Dropout(p=0.5)\n"
            "opt = SGD(lr=0.1, clipnorm=1.0)\n",
            [("SGD", {"lr": 0.1, "clipnorm": 1.0})], True, magnitudes=CLIP_MAGNITUDES),
    Numeric("clipvalue", "from keras.optimizers import SGD\nopt = SGD(lr=0.1, clipvalue=0.5)\n",
            [("SGD", {"lr": 0.1, "clipvalue": 0.5}), "tf_keras tf_keras.optimizers.legacy.SGD(learning_rate=0.1, clipvalue=0.5)"],
            True, magnitudes=CLIP_MAGNITUDES),
    Numeric("clipnorm of tf.keras: each gradient's own norm, kept",
            "import tensorflow as tf\nopt = tf.keras.optimizers.SGD(lr=0.1, clipnorm=1.0)\n",
            ["tf_keras tf_keras.optimizers.legacy.SGD(learning_rate=0.1, clipnorm=1.0)"], True, magnitudes=CLIP_MAGNITUDES),
    Numeric("RMSprop of tf.keras with momentum",
            "import tensorflow as tf\nopt = tf.keras.optimizers.RMSprop(lr=0.001, momentum=0.9)\n",
            ["tf_keras tf_keras.optimizers.legacy.RMSprop(learning_rate=0.001, momentum=0.9)"], True),
    Numeric("Adagrad of tf.keras", "import tensorflow as tf\nopt = tf.keras.optimizers.Adagrad(lr=0.01)\n",
            ["tf_keras tf_keras.optimizers.legacy.Adagrad(learning_rate=0.01)"], True),
    # Left whole: no Keras 3 call computes what the legacy one did.
    Numeric("RMSprop of standalone Keras", "from keras.optimizers import RMSprop\nopt = RMSprop(lr=0.001)\n",
            [("RMSprop", {"lr": 0.001})], False,
            (f"{K3}.RMSprop(learning_rate=0.001)", f"{K3}.RMSprop(learning_rate=0.001, epsilon=1e-14)",
             f"{K3}.RMSprop(learning_rate=0.001, epsilon=0.0)")),
    Numeric("RMSprop of tf.keras", "import tensorflow as tf\nopt = tf.keras.optimizers.RMSprop(lr=0.001)\n",
            ["tf_keras tf_keras.optimizers.legacy.RMSprop(learning_rate=0.001)"], False,
            (f"{K3}.RMSprop(learning_rate=0.001)", f"{K3}.RMSprop(learning_rate=0.001, epsilon=1e-14)")),
    Numeric("Adagrad of standalone Keras", "from keras.optimizers import Adagrad\nopt = Adagrad(lr=0.01)\n",
            [("Adagrad", {"lr": 0.01})], False,
            (f"{K3}.Adagrad(learning_rate=0.01)", f"{K3}.Adagrad(learning_rate=0.01, initial_accumulator_value=0.0)",
             f"{K3}.Adagrad(learning_rate=0.01, initial_accumulator_value=0.0, epsilon=1e-14)")),
    Numeric("clipnorm of keras.optimizers (standalone Keras or tf.keras, the module does not say)",
            "from keras.optimizers import SGD\nopt = SGD(lr=0.1, clipnorm=1.0)\n",
            [("SGD", {"lr": 0.1, "clipnorm": 1.0}), "tf_keras tf_keras.optimizers.legacy.SGD(learning_rate=0.1, clipnorm=1.0)"],
            False, (f"{K3}.SGD(learning_rate=0.1, clipnorm=1.0)", f"{K3}.SGD(learning_rate=0.1, global_clipnorm=1.0)"),
            magnitudes=CLIP_MAGNITUDES),
    # (a clipvalue= of at least clipnorm= never acted: no value exceeds the norm; 0.3 does, values reach 0.36)
    Numeric("clipnorm and clipvalue", "from keras.optimizers import SGD\nopt = SGD(lr=0.1, clipnorm=1.0, clipvalue=0.3)\n",
            [("SGD", {"lr": 0.1, "clipnorm": 1.0, "clipvalue": 0.3})], False,
            (f"{K3}.SGD(learning_rate=0.1, clipnorm=1.0, clipvalue=0.3)", f"{K3}.SGD(learning_rate=0.1, global_clipnorm=1.0)",
             f"{K3}.SGD(learning_rate=0.1, clipvalue=0.3)"), magnitudes=CLIP_MAGNITUDES),
    # Recurrent layers, the same weights and inputs (Keras 2.2.4's LSTMCell / GRUCell).
    Numeric("LSTM with its recurrent activation given",
            "from keras.layers import LSTM\nlayer = LSTM(output_dim=4, inner_activation='sigmoid', return_sequences=True, "
            "input_dim=3)\n", [("lstm", "sigmoid")], True, kind="layer"),
    Numeric("GRU with its recurrent activation given (reset_after=False written)",
            "from keras.layers import GRU\nlayer = GRU(output_dim=4, inner_activation='sigmoid', return_sequences=True, "
            "input_dim=3)\n", [("gru", "sigmoid")], True, kind="layer"),
    Numeric("LSTM of Keras 1 defaults (hard_sigmoid)",
            "from keras.layers import LSTM\nlayer = LSTM(output_dim=4, return_sequences=True, input_dim=3)\n",
            [("lstm", "hard_sigmoid")], False,
            ("keras.layers.LSTM(4, return_sequences=True)",
             "keras.layers.LSTM(4, recurrent_activation='hard_sigmoid', return_sequences=True)"), kind="layer"),
    Numeric("GRU of Keras 1 defaults (hard_sigmoid, reset gate first)",
            "from keras.layers import GRU\nlayer = GRU(output_dim=4, return_sequences=True, input_dim=3)\n",
            [("gru", "hard_sigmoid")], False,
            ("keras.layers.GRU(4, return_sequences=True)",
             "keras.layers.GRU(4, recurrent_activation='hard_sigmoid', reset_after=False, return_sequences=True)",
             "keras.layers.GRU(4, recurrent_activation='sigmoid', reset_after=False, return_sequences=True)"),
            kind="layer"),
    Numeric("hard_sigmoid", "from keras.layers import Dense\nlayer = Dense(10, activation='hard_sigmoid')\n",
            [("hard_sigmoid", None)], False, ("keras.activations.hard_sigmoid",), kind="activation"),
]


def _legacy_numbers(case: Numeric, reference: object, made: List[object]) -> List[object]:
    """What the legacy call computed: by legacy_numerics, or by tf_keras (stepped in the child, first)."""
    if isinstance(reference, str):
        return made[[r for r in case.references if isinstance(r, str)].index(reference)]  # type: ignore[return-value]
    name, config = reference  # type: ignore[misc]
    if case.kind == "optimizer":
        return [[p.tolist() for p in legacy.run(name, config, legacy.gradients(m))] for m in case.magnitudes]
    if case.kind == "layer":
        return getattr(legacy, name)(RNN_X, *RNN_WEIGHTS[case.label.split()[0]], config).tolist()
    return legacy.hard_sigmoid(RNN_X).tolist()


def _difference(ours: object, theirs: object, case: Numeric) -> List[float]:
    """The largest difference relative to the largest legacy value: per magnitude for an optimizer."""
    if isinstance(ours, str):
        return [float("inf")]  # Keras 3 rejected it
    pairs = list(zip(ours, theirs)) if case.kind == "optimizer" else [(ours, theirs)]  # type: ignore[arg-type]
    found = []
    for a, b in pairs:
        a_flat = np.concatenate([np.ravel(np.asarray(x, dtype=float)) for x in a]) if case.kind == "optimizer" else np.ravel(a)
        b_flat = np.concatenate([np.ravel(np.asarray(x, dtype=float)) for x in b]) if case.kind == "optimizer" else np.ravel(b)
        found.append(float(np.max(np.abs(a_flat - b_flat)) / np.max(np.abs(b_flat))))
    return found


# keras.backend calls (FM425) and the optimizer's rate (FM426): the migrated source runs under Keras 3, the
# legacy one under tf_keras (tf.keras 2's backend: for these functions the TensorFlow op of Keras 2.2.4's
# tensorflow_backend.py, fitmigrate/legacy/backend.py), on the same arrays; every name in NAMES_OUT is compared
# (shape, dtype, values). A Keras 1 spelling no tf_keras accepts comes with its Keras 2 form (the legacy table's
# reading) as the reference.
_ARRAYS = ("import numpy as np\nimport tensorflow as tf\nfrom keras import backend as K\n"
           "a = tf.constant(np.random.RandomState(0).rand(2, 3, 4).astype('float32'))\n"
           "b = tf.constant(np.random.RandomState(1).rand(2, 3, 4).astype('float32'))\n")
BACKEND_CASES = [
    (_ARRAYS + "r = K.mean(K.abs(K.sum(a * 1.0, axis=-1) - K.sum(b / 2, 2, False)))\n"
               "s = K.sum(K.arange(0, 5, dtype='float32') * 2.0)\n", None, ["r", "s"]),
    (_ARRAYS + "r = K.max(a, axis=0, keepdims=True) - K.min(b, 1, True)\n", None, ["r"]),
    (_ARRAYS + "r = K.exp(a) + K.log(a + 1.0) + K.square(a) + K.tanh(b) + K.sigmoid(b) + K.pow(a, 3) + K.abs(a - b)\n",
     None, ["r"]),
    (_ARRAYS + "r = K.cast(K.equal(K.maximum(a, 0.5), K.minimum(a, 0.5)), 'float32')\n"
               "s = K.cast(K.greater(a, b), 'int32') + K.cast(K.less_equal(a, b), 'int32') * 2 + "
               "K.cast(K.not_equal(a, b), 'int32')\nt = K.cast(K.greater_equal(a, 0.3), 'float32') + "
               "K.cast(K.less(b, 0.3), 'float32')\n", None, ["r", "s", "t"]),
    (_ARRAYS + "r = K.permute_dimensions(K.reshape(K.concatenate([a, b]), shape=(2, 12, 2)), (2, 0, 1))\n"
               "s = K.concatenate([a, b], axis=0)\nt = K.transpose(K.reshape(a, (6, 4)))\n", None, ["r", "s", "t"]),
    (_ARRAYS + "r = K.squeeze(K.expand_dims(a, dim=1), 1)\ns = K.stack([a, b], axis=1)\nt = K.expand_dims(b)\n",
     _ARRAYS + "r = K.squeeze(K.expand_dims(a, axis=1), 1)\ns = K.stack([a, b], axis=1)\nt = K.expand_dims(b)\n",
     ["r", "s", "t"]),
    (_ARRAYS + "r = K.softmax(a)\ns = K.softmax(b, axis=1)\nt = K.ones_like(a, dtype='float32') + K.zeros_like(b)\n"
               "u = K.arange(2, 11, 3)\nv = K.arange(5)\n", None, ["r", "s", "t", "u", "v"]),
    (_ARRAYS + "from keras.layers import Input\nr = K.int_shape(Input((3, 4)))\nc = K.int_shape(a)[-1]\n",
     None, ["r", "c"]),
    ("import numpy as np\nfrom keras.models import Sequential\nfrom keras.layers import Dense\n"
     "from keras import backend as K\nmodel = Sequential([Dense(1, input_dim=2)])\n"
     "model.compile(optimizer='sgd', loss='mse')\nmodel.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=1, verbose=0)\n"
     "K.set_value(model.optimizer.lr, 0.05)\nr = K.get_value(model.optimizer.lr)\nt = type(r).__name__\n",
     None, ["r", "t"]),
]
# The private paths of tensorflow.python.keras (FM421) are the public ones they were.
NAMES.append(("from tensorflow.python.keras.layers import Dense\nfrom tensorflow.python.keras import backend as K\n"
              "from tensorflow.python.keras.utils.generic_utils import CustomObjectScope\n",
              {"Dense": "tf_keras.layers.Dense", "CustomObjectScope": "tf_keras.utils.CustomObjectScope"}))
VALUES_CASES += [
    # FM422: TF 1's allow-growth set-up and graph reset, then a model: the migrated script gets to the model
    # (no GPU here: the memory-growth loop runs over none).
    ("import tensorflow as tf\nfrom keras.models import Sequential\nfrom keras.layers import Dense\n"
     "from keras import backend as K\nconfig = tf.ConfigProto()\nconfig.gpu_options.allow_growth = True\n"
     "K.set_session(tf.Session(config=config))\ntf.reset_default_graph()\n"
     "model = Sequential([Dense(3, input_dim=2)])\n",
     "[type(model).__name__, [tuple(w.shape) for w in model.weights]]", "['Sequential', [(2, 3), (3,)]]"),
    # FM424: accuracy's name is the one Keras 3 logs for metrics=['accuracy'] (Keras 2.2.4 logged it 'acc':
    # keras/engine/training.py), so the callback monitors a logged value and the history key exists.
    ("import numpy as np\nfrom keras.models import Sequential\nfrom keras.layers import Dense\n"
     "from keras.callbacks import EarlyStopping\nmodel = Sequential([Dense(2, activation='softmax', input_dim=2)])\n"
     "model.compile(optimizer='sgd', loss='categorical_crossentropy', metrics=['accuracy'])\n"
     "stop = EarlyStopping(monitor='val_acc', patience=1)\n"
     "history = model.fit(np.ones((4, 2)), np.eye(2)[[0, 1, 0, 1]], validation_data=(np.ones((2, 2)), np.eye(2)[[0, 1]]), "
     "epochs=2, verbose=0, callbacks=[stop])\nacc = history.history['acc']\n",
     "[stop.monitor in history.history, len(acc)]", "[True, 2]"),
]
# FM423 runs in a project (the rename needs one): the weights written under the new name are HDF5 and load
# back, as Keras 2 wrote and read them under the old one.
PROJECT_CASES = [
    ("import os, tempfile\nimport h5py\nimport numpy as np\nfrom keras.models import Sequential\n"
     "from keras.layers import Dense\nfrom keras.callbacks import ModelCheckpoint\nos.chdir(tempfile.mkdtemp())\n"
     "model = Sequential([Dense(1, input_dim=2)])\nmodel.compile(optimizer='sgd', loss='mse')\n"
     "cp = ModelCheckpoint('best.h5', save_weights_only=True)\n"
     "model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=1, verbose=0, callbacks=[cp])\n"
     "saved = [w.copy() for w in model.get_weights()]\nmodel.set_weights([w * 0 for w in saved])\n"
     "model.load_weights('best.h5')\nsame = all(np.array_equal(a, b) for a, b in zip(saved, model.get_weights()))\n"
     "hdf5 = h5py.is_hdf5([f for f in os.listdir('.') if f.startswith('best')][0])\n",
     "[same, hdf5]", "[True, True]"),
]

CHILD = r'''
import json, os, sys, warnings
os.environ.pop("TF_USE_LEGACY_KERAS", None)
warnings.simplefilter("ignore")
import numpy as np
import keras
import tensorflow as tf
import tf_keras

payload = json.load(sys.stdin)
cases = payload["cases"]
SKIP = {"name", "dtype", "trainable", "implementation", "seed"}


def norm(value):
    if isinstance(value, dict) and "class_name" in value:
        return ("object", value["class_name"], norm(value.get("config") or {}))
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items() if k not in SKIP}
    if isinstance(value, (list, tuple)):
        return [norm(v) for v in value]
    if isinstance(value, float):
        return float(f"{value:.6g}")
    if isinstance(value, np.generic):
        return norm(value.item())
    return value


def same(a, b):
    """Equal, objects by class name and the configuration keys both have."""
    if isinstance(a, tuple) and isinstance(b, tuple) and a[:2] == b[:2] == ("object", a[1]):
        common = set(a[2]) & set(b[2])
        return all(same(a[2][k], b[2][k]) for k in common)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(same(a[k], b[k]) for k in a)
    return a == b


def migrated(source):
    namespace = {"__name__": "case"}
    exec(compile(source, "migrated.py", "exec"), namespace)
    return namespace


def layer_input_shape(layer):
    shape = getattr(layer, "_input_shape_arg", None)
    return list(shape) if shape is not None else None


results = []
for case in cases:
    try:
        kind = case["kind"]
        if kind == "layer":
            try:
                new = migrated(case["migrated"])["layer"]
            except Exception as exc:  # noqa: BLE001
                if not case.get("unchanged"):
                    raise
                results.append([f"LOUD {type(exc).__name__}: {exc}"])
                continue
            old = eval(case["reference"], {"tf_keras": tf_keras})
            mine, theirs = norm(new.get_config()), norm(old.get_config())
            keys = (set(case["keys"]) - SKIP) | ({"kernel_size", "strides", "filters", "padding"} & set(theirs))
            for key in keys - {"input_shape", "input_length"}:  # some are attributes only (SpatialDropout2D's data_format)
                if key not in mine and hasattr(new, key):
                    mine[key] = norm(getattr(new, key))
                if key not in theirs and hasattr(old, key):
                    theirs[key] = norm(getattr(old, key))
            bad = []
            for key in sorted(keys):
                if key in ("input_shape", "input_length"):  # Keras 2's Embedding made input_shape of input_length
                    want = list(old._batch_input_shape[1:])
                    if layer_input_shape(new) != want:
                        bad.append(f"input_shape: {layer_input_shape(new)} != {want}")
                elif key not in mine or not same(mine[key], theirs[key]):
                    bad.append(f"{key}: Keras 3 {mine.get(key)!r} != legacy {theirs.get(key)!r}")
            results.append(bad)
        elif kind == "optimizer":
            new = norm(migrated(case["migrated"])["opt"].get_config())
            old = norm(eval(case["reference"], {"tf_keras": tf_keras}).get_config())
            bad = []
            rate = new["learning_rate"]
            if isinstance(rate, tuple):  # InverseTimeDecay(lr, decay_steps=1, decay_rate=decay) is Keras 2's decay
                config = rate[2]
                got = [rate[1], config["initial_learning_rate"], config["decay_steps"], config["decay_rate"],
                       config["staircase"]]
                if got != ["InverseTimeDecay", old["learning_rate"], 1, old["decay"], False]:
                    bad.append(f"schedule {got} != lr {old['learning_rate']}, decay {old['decay']}")
            else:
                if old.get("decay", 0.0) != 0.0:
                    bad.append(f"decay {old['decay']} dropped")
                if not same(rate, old["learning_rate"]):
                    bad.append(f"learning_rate {rate} != {old['learning_rate']}")
            for key in ("momentum", "nesterov", "rho", "epsilon", "beta_1", "beta_2", "amsgrad", "clipnorm",
                        "clipvalue"):
                if key in old and not same(new.get(key), old[key]):
                    bad.append(f"{key}: Keras 3 {new.get(key)!r} != legacy {old[key]!r}")
            results.append(bad)
        elif kind == "values":
            namespace = migrated(case["migrated"])
            got = norm(eval(case["probe"], namespace))
            if case["reference"].startswith("PREDICT_CLASSES"):
                model, x = namespace["model"], namespace["x"]
                proba = model.predict(x, verbose=0)
                want = (proba.argmax(axis=-1) if proba.shape[-1] > 1 else (proba > 0.5).astype("int32")).tolist()
            else:
                want = eval(case["reference"], {"tf_keras": tf_keras, "np": np, "tf": tf})
            want = norm(want)
            results.append([] if same(got, want) else [f"Keras 3 {got!r} != legacy {want!r}"])
            keras.backend.set_image_data_format("channels_last")
        elif kind == "backend":
            import tf_keras as _tk  # noqa: F401
            new_ns = migrated(case["migrated"])
            legacy_source = case["legacy"].replace("from keras", "from tf_keras").replace("import keras", "import tf_keras")
            old_ns = migrated(legacy_source)
            bad = []
            for name in case["names"]:
                mine, theirs = new_ns[name], old_ns[name]
                if isinstance(theirs, (tuple, list, str, int)) and not isinstance(theirs, np.ndarray):
                    if norm(list(mine) if isinstance(mine, tuple) else mine) != norm(
                            list(theirs) if isinstance(theirs, tuple) else theirs):
                        bad.append(f"{name}: Keras 3 {mine!r} != legacy {theirs!r}")
                    continue
                mine, theirs = np.asarray(mine), np.asarray(theirs)
                if mine.shape != theirs.shape or mine.dtype != theirs.dtype or not np.allclose(mine, theirs, rtol=1e-6):
                    bad.append(f"{name}: Keras 3 {mine.dtype}{mine.shape} {mine.ravel()[:4]} != legacy "
                               f"{theirs.dtype}{theirs.shape} {theirs.ravel()[:4]}")
            results.append(bad)
        elif kind == "names":
            namespace = migrated(case["migrated"])
            bad = []
            for name, legacy in case["names"].items():
                obj = namespace[name]
                root, *rest = legacy.split(".")
                ref = tf_keras
                for part in rest:
                    ref = getattr(ref, part)
                if getattr(obj, "__name__", None) != getattr(ref, "__name__", None):
                    bad.append(f"{name}: Keras 3 {obj!r} is not legacy {ref!r}")
            results.append(bad)
    except Exception as exc:  # noqa: BLE001
        results.append([f"{type(exc).__name__}: {exc}"])


# The numeric oracle: the same gradients (tests/legacy_numerics.py) through each optimizer, every parameter
# from zero; the same weights and inputs through each recurrent layer; activations on a grid.
from tests.legacy_numerics import gradients


def build(how, text):
    if how == "migrated":
        namespace = migrated(text)
        return namespace.get("opt", namespace.get("layer"))
    return eval(text, {"keras": keras, "tf_keras": tf_keras, "tf": tf})


def step(how, text, magnitudes):
    out = []
    for magnitude in magnitudes:
        grads = gradients(magnitude)
        optimizer = build(how, text)
        variables = [(tf.Variable if how == "tf_keras" else keras.Variable)(np.zeros(g.shape, "float32"))
                     for g in grads[0]]
        for each in grads:
            optimizer.apply_gradients(zip([tf.constant(g, tf.float32) for g in each], variables))
        out.append([np.asarray(v.numpy(), "float64").tolist() for v in variables])
    return out


def run_layer(how, text, x, weights):
    layer = build(how, text)
    x = np.asarray(x, "float32")
    layer(x)
    weights = [np.asarray(w, "float32") for w in weights]
    current = layer.get_weights()
    if current[2].shape != weights[2].shape:  # reset_after=True: an input and a recurrent bias
        weights[2] = np.stack([weights[2], np.zeros_like(weights[2])])
    layer.set_weights(weights)
    return np.asarray(layer(x), "float64").tolist()


stepped = []
for case in payload["steps"]:
    found = []
    for how, text in case["make"]:
        try:
            if case["kind"] == "optimizer":
                found.append(step(how, text, case["magnitudes"]))
            elif case["kind"] == "layer":
                found.append(run_layer(how, text, case["x"], case["weights"]))
            else:
                found.append(np.asarray(build(how, text)(np.asarray(case["x"], "float32")), "float64").tolist())
        except Exception as exc:  # noqa: BLE001
            found.append(f"{type(exc).__name__}: {exc}")
    stepped.append(found)
print("ORACLE " + json.dumps({"cases": results, "steps": stepped}))
'''


def _migrate(source: str):
    outcome = migrate_bytes(source.encode(), "case.py")
    assert outcome.error is None, outcome.error
    return outcome


@dataclass
class Prepared:
    label: str
    payload: dict
    codes: frozenset


def _fixed_codes(source: str) -> frozenset:
    from fitmigrate.check import check_bytes

    return frozenset(f.diagnostic.code for f in check_bytes(source.encode(), "case.py").findings if f.fixable)


@pytest.fixture(scope="module")
def oracle(tmp_path_factory):
    pytest.importorskip("tensorflow")
    pytest.importorskip("tf_keras")
    prepared: List[Prepared] = []
    left: List[Tuple[LayerCase, List[str]]] = []
    wrongly: List[str] = []
    for case in _collect_layer_cases():
        source = case.source()
        outcome = _migrate(source)
        diagnostics = [d.message for d in outcome.diagnostics if d.code == "FM415"]
        if diagnostics:
            if outcome.new is not None or not case.must_be_left():
                wrongly.append(f"left although every argument is provable:\n{source}{diagnostics}")
            left.append((case, diagnostics))
            continue
        if case.must_be_left() and outcome.new is not None:
            wrongly.append(f"rewritten although an argument is not provable:\n{source}{outcome.new.decode()}")
        new = outcome.new.decode() if outcome.new is not None else source
        assert not _migrate(new).changed, f"a second run changes:\n{new}"
        keras2 = case.keras2()
        reference = f"tf_keras.layers.{case.cls}(" + ", ".join(f"{k}={v!r}" for k, v in keras2.items()) + ")"
        # Unchanged: Keras 3 must read it as Keras 1/2 did, or reject it (a loud failure, not a silent one).
        prepared.append(Prepared(source, {"kind": "layer", "migrated": new, "reference": reference,
                                          "keys": sorted(keras2), "unchanged": outcome.new is None,
                                          "reported": sorted({d.code for d in outcome.diagnostics})},
                                 _fixed_codes(source)))
    for source, reference in KERAS2_LAYERS:
        outcome = _migrate(source)
        assert outcome.new is not None, [d.format() for d in outcome.diagnostics]
        prepared.append(Prepared(source, {"kind": "layer", "migrated": outcome.new.decode(), "reference": reference,
                                          "keys": []}, _fixed_codes(source)))
    for source, reference in OPTIMIZERS:
        outcome = _migrate(source)
        assert outcome.new is not None, [d.format() for d in outcome.diagnostics]
        prepared.append(Prepared(source, {"kind": "optimizer", "migrated": outcome.new.decode(),
                                          "reference": reference}, _fixed_codes(source)))
    for source, probe, reference in VALUES_CASES:
        outcome = _migrate(source)
        assert outcome.new is not None, [d.format() for d in outcome.diagnostics]
        prepared.append(Prepared(source, {"kind": "values", "migrated": outcome.new.decode(), "probe": probe,
                                          "reference": reference}, _fixed_codes(source)))
    for source, legacy_source, names in BACKEND_CASES:
        outcome = _migrate(source)
        assert outcome.new is not None, [d.format() for d in outcome.diagnostics]
        reported = [d.format() for d in outcome.diagnostics if d.code in ("FM417", "FM426")]
        assert not reported, reported
        prepared.append(Prepared(source, {"kind": "backend", "migrated": outcome.new.decode(),
                                          "legacy": legacy_source or source, "names": names}, _fixed_codes(source)))
    project = tmp_path_factory.mktemp("oracle_project")
    (project / "setup.py").write_text("")
    for source, probe, reference in PROJECT_CASES:
        path = project / "train.py"
        path.write_text(source)
        outcome = migrate_bytes(source.encode(), path)
        assert outcome.new is not None, [d.format() for d in outcome.diagnostics]
        from fitmigrate.check import check_bytes

        codes = frozenset(f.diagnostic.code for f in check_bytes(source.encode(), path).findings if f.fixable)
        prepared.append(Prepared(source, {"kind": "values", "migrated": outcome.new.decode(), "probe": probe,
                                          "reference": reference}, codes))
    for source, names in NAMES:
        outcome = _migrate(source)
        assert outcome.new is not None, [d.format() for d in outcome.diagnostics]
        prepared.append(Prepared(source, {"kind": "names", "migrated": outcome.new.decode(), "names": names},
                                 _fixed_codes(source)))
    steps = [case.payload() for case in NUMERIC]
    env = {k: v for k, v in os.environ.items() if k != "TF_USE_LEGACY_KERAS"}
    env.update(TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=900,
                            input=json.dumps({"cases": [p.payload for p in prepared], "steps": steps}))
    lines = [line for line in result.stdout.splitlines() if line.startswith("ORACLE ")]
    assert result.returncode == 0 and lines, result.stderr[-3000:]
    found = json.loads(lines[-1][len("ORACLE "):])
    return prepared, found["cases"], left, wrongly, found["steps"]


@pytest.mark.tensorflow
def test_every_rewritten_call_builds_what_the_legacy_call_built(oracle):
    prepared, results, _, _, _ = oracle
    failed = [f"{p.label}\n{p.payload['migrated']}\n  " + "\n  ".join(bad)
              for p, bad in zip(prepared, results) if bad and not bad[0].startswith("LOUD ") and
              not (p.payload.get("unchanged") and "FM427" in p.payload.get("reported", ()))]  # left, and said so
    assert not failed, f"{len(failed)} of {len(prepared)}:\n\n" + "\n\n".join(f[-600:] for f in failed[:12])


@pytest.mark.tensorflow
def test_a_generated_call_is_left_exactly_when_an_argument_cannot_be_proven(oracle):
    prepared, _, left, wrongly, _ = oracle
    assert not wrongly, "\n\n".join(wrongly[:5])
    assert all(messages for _, messages in left), "a call left without its FM415 diagnostic"
    generated = [p for p in prepared if p.payload["kind"] == "layer"]
    assert len(generated) > 60 and len(left) > 10, (len(generated), len(left))


@pytest.mark.tensorflow
def test_the_oracle_covers_every_fix_that_writes(oracle):
    prepared, _, _, _, _ = oracle
    covered = set().union(*(p.codes for p in prepared)) | set().union(*(_fixed_codes(c.source) for c in NUMERIC
                                                                          if c.exact))
    writing = {rule.CODE for rule in all_rules() if rule.CODE.startswith("FM4") and rule.FIX_SAFETY != "none"}
    assert writing <= covered, sorted(writing - covered)


@pytest.mark.tensorflow
def test_keras3_computes_what_standalone_keras_did_where_a_fix_is_claimed(oracle):
    """Every fix of NUMERIC is made, and Keras 3's steps (outputs) are the legacy ones, to float rounding, at
    every gradient magnitude."""
    steps = oracle[4]
    failed, table = [], []
    for case, made in zip(NUMERIC, steps):
        if not case.exact:
            continue
        outcome = _migrate(case.source)
        if outcome.new is None:
            failed.append(f"{case.label}: not rewritten: {[d.format() for d in outcome.diagnostics]}")
            continue
        ours = made[sum(isinstance(r, str) for r in case.references)]
        for reference in case.references:
            theirs = _legacy_numbers(case, reference, made)
            difference = _difference(ours, theirs, case)
            table.append(f"{case.label} | {reference} | " + "/".join("%.1e" % d for d in difference))
            if max(difference) > EXACT:
                failed.append(f"{case.label} against {reference}: {['%.1e' % d for d in difference]}\n"
                              f"{outcome.new.decode()}")
    assert not failed, "\n".join(failed)
    print("\n".join(table))


@pytest.mark.tensorflow
def test_calls_keras3_cannot_compute_as_legacy_keras_did_are_left_whole(oracle):
    """Every call of NUMERIC claimed inexact is left as it is, with FM427 or FM415 saying why; and each of
    the Keras 3 calls closest to it differs from one of the releases that could have run it (or raises)."""
    steps = oracle[4]
    failed, table = [], []
    for case, made in zip(NUMERIC, steps):
        if case.exact:
            continue
        outcome = _migrate(case.source)
        codes = {d.code for d in outcome.diagnostics}
        if outcome.new is not None or not codes & {"FM415", "FM427"}:
            failed.append(f"{case.label}: not left with its report: {codes}")
        offset = sum(isinstance(r, str) for r in case.references)
        for expression, ours in zip(case.closest, made[offset:]):
            differences = [_difference(ours, _legacy_numbers(case, r, made), case) for r in case.references]
            table.append(f"{case.label} | {expression} | " + " ; ".join(
                "/".join("%.1e" % d for d in difference) for difference in differences))
            if all(max(difference) <= DIFFERS for difference in differences):
                failed.append(f"{case.label}: {expression} computes what the legacy call did: {differences}")
    assert not failed, "\n".join(failed + table)
    print("\n".join(table))
