"""The layers the Keras 3 fixes rewrite, as Keras 1.2.2 and Keras 2.2.4 declared them.

``keras1``: the parameters of the layer's ``__init__`` in Keras 1.2.2 (``keras/layers/core.py``,
``convolutional.py``, ``recurrent.py``, ``pooling.py``, ``embeddings.py``, ``normalization.py``,
``noise.py``, ``advanced_activations.py``, ``convolutional_recurrent.py``), with what its base class
read from ``**kwargs`` (``Recurrent``: ``weights``, ``return_sequences``, ... ``input_dim``,
``input_length``; every layer: ``KERAS1_LAYER_KEYWORDS``). ``keras2``: the same in Keras 2.2.4 (the
files above and ``keras/engine/base_layer.py``), and ``max_positional`` from the decorator of its
``__init__`` in ``keras/legacy/interfaces.py`` (``allowed_positional_args``). ``renames``, ``kernel``,
``shape`` and ``refused``: that decorator's ``conversions``, ``value_conversions`` and preprocessor
(``conv2d_args_preprocessor``, ``recurrent_args_preprocessor``, ...). Keras 2.0 to 2.3 kept this
interface for these layers: 2.3.1's ``interfaces.py`` is 2.2.4's, 2.0.0's differs in where recurrent
layers turned ``input_dim`` into ``input_shape`` (their base class), not in what it meant.
``keras1_spellings``: names only standalone Keras 1 to 2.3 exported (``Deconvolution2D``: Keras 2.2.4's
``keras/layers/convolutional.py`` kept it, tf.keras never had it), proof of the release; ``legacy_spellings``:
Keras 1's names that Keras 2 kept as aliases and tf.keras exports too (``Convolution2D``), proof of
nothing (``tf_keras.layers.Convolution2D(64, 3, 3)`` is a kernel 3 with strides 3). ``legacy_defaults``:
the defaults of Keras 1.2.2 to 2.2.4 (``recurrent.py`` and ``convolutional_recurrent.py`` at those tags)
that Keras 3 changed, with Keras 3's (held to the installed Keras by ``test_keras3_runtime.py``).
"""

from __future__ import annotations

from typing import Dict

from fitmigrate.legacy import (
    KERAS1_LAYER_KEYWORDS as K1,
    KERAS2_LAYER_KEYWORDS as K2,
    LegacyLayer,
    Rename,
    signature,
)

DIM_ORDERING = Rename("data_format", {"tf": "channels_last", "th": "channels_first", "default": None},
                      "dim_ordering= other than 'tf', 'th' or 'default'")
BORDER_MODE = Rename("padding", {"valid": "valid", "same": "same"},
                     "border_mode= other than 'valid' or 'same' ('full' was Keras 1's only; Keras 2 and 3 reject it)")
_WB = {"W_regularizer": Rename("kernel_regularizer"), "b_regularizer": Rename("bias_regularizer"),
       "W_constraint": Rename("kernel_constraint"), "b_constraint": Rename("bias_constraint"),
       "bias": Rename("use_bias")}
_CONV = {"nb_filter": Rename("filters"), "subsample": Rename("strides"), "border_mode": BORDER_MODE,
         "dim_ordering": DIM_ORDERING, "init": Rename("kernel_initializer"), **_WB}
_RECURRENT = {"output_dim": Rename("units"), "init": Rename("kernel_initializer"),
              "inner_init": Rename("recurrent_initializer"), "inner_activation": Rename("recurrent_activation"),
              "W_regularizer": Rename("kernel_regularizer"), "b_regularizer": Rename("bias_regularizer"),
              "U_regularizer": Rename("recurrent_regularizer"), "dropout_W": Rename("dropout"),
              "dropout_U": Rename("recurrent_dropout"),
              "consume_less": Rename("implementation", {"cpu": 0, "mem": 1, "gpu": 2},
                                     "consume_less= other than 'cpu', 'mem' or 'gpu'")}
FORGET_BIAS = Rename("unit_forget_bias", {"one": True},
                     "forget_bias_init= other than 'one' (Keras 2 ignored it with a warning; unit_forget_bias=True "
                     "is its 'one')")
_RECURRENT_K1 = ("weights return_sequences go_backwards stateful unroll consume_less input_dim input_length")
_RECURRENT_K2 = ("units activation recurrent_activation use_bias kernel_initializer recurrent_initializer "
                 "bias_initializer {forget}kernel_regularizer recurrent_regularizer bias_regularizer "
                 "activity_regularizer kernel_constraint recurrent_constraint bias_constraint dropout recurrent_dropout "
                 "implementation return_sequences return_state go_backwards stateful unroll{after}")
_CONV_K1 = ("init activation weights border_mode subsample dim_ordering W_regularizer b_regularizer "
            "activity_regularizer W_constraint b_constraint bias")
_CONV_K2 = ("filters kernel_size strides padding data_format dilation_rate activation use_bias kernel_initializer "
            "bias_initializer kernel_regularizer bias_regularizer activity_regularizer kernel_constraint bias_constraint")
_CONFLICTS = frozenset({"padding", "strides", "data_format"})
# Keras 1's names, which Keras 2 kept as aliases (``Convolution2D = Conv2D``) and tf.keras exports too.
_LEGACY_CONV = frozenset({"Convolution1D", "Convolution2D", "Convolution3D", "SeparableConvolution2D"})
# Keras 1's Deconvolution2D, which Keras 2.0-2.3 kept (``Deconvolution2D = Deconv2D = Conv2DTranspose``)
# and tf.keras never exported.
_KERAS1_DECONV = frozenset({"Deconvolution2D", "Deconv2D"})
# The recurrent activation Keras 1.2.2 (inner_activation) to 2.2.4 defaulted to, which Keras 3 cannot
# write (its hard_sigmoid is relu6(x + 3) / 6, not clip(0.2 * x + 0.5, 0, 1)); Keras 2.3.0 made LSTM's
# and GRU's default 'sigmoid' (``2.3.0:keras/layers/recurrent.py``), ConvLSTM2D kept it to 2.3.1.
_HARD_SIGMOID = {"recurrent_activation": ("'hard_sigmoid'", "'sigmoid'")}


LAYERS: Dict[str, LegacyLayer] = {
    "Dense": LegacyLayer(
        signature("output_dim init activation weights W_regularizer b_regularizer activity_regularizer W_constraint "
                  "b_constraint bias input_dim", base=K1),
        signature("units activation use_bias kernel_initializer bias_initializer kernel_regularizer bias_regularizer "
                  "activity_regularizer kernel_constraint bias_constraint", "input_dim", 1, base=K2),
        {"output_dim": Rename("units"), "init": Rename("kernel_initializer"), **_WB}),
    "Dropout": LegacyLayer(signature("p noise_shape seed", base=K1), signature("rate noise_shape seed", "", 3, base=K2),
                           {"p": Rename("rate")}),
    "SpatialDropout1D": LegacyLayer(signature("p", base=K1), signature("rate", "", 1, base=K2), {"p": Rename("rate")}),
    **{name: LegacyLayer(signature("p dim_ordering", base=K1), signature("rate data_format", "", 1, base=K2),
                         {"p": Rename("rate"), "dim_ordering": DIM_ORDERING})
       for name in ("SpatialDropout2D", "SpatialDropout3D")},
    "GaussianDropout": LegacyLayer(signature("p", base=K1), signature("rate", "", 1, base=K2), {"p": Rename("rate")}),
    "GaussianNoise": LegacyLayer(signature("sigma", base=K1), signature("stddev", "", 1, base=K2),
                                 {"sigma": Rename("stddev")}),
    "Embedding": LegacyLayer(
        signature("input_dim output_dim init input_length W_regularizer activity_regularizer W_constraint mask_zero "
                  "weights dropout", base=K1),
        signature("input_dim output_dim embeddings_initializer embeddings_regularizer activity_regularizer "
                  "embeddings_constraint mask_zero input_length", "", 2, base=K2),
        {"init": Rename("embeddings_initializer"), "W_regularizer": Rename("embeddings_regularizer"),
         "W_constraint": Rename("embeddings_constraint")},
        refused={"dropout": "Embedding(dropout=): Keras 2 ignored it (a warning); add a SpatialDropout1D layer after "
                            "the Embedding for what Keras 1 did"},
        # Keras 2 made input_shape=(input_length,) of it (unless input_shape= was given); Keras 3 drops it.
        keras3={"input_length": ("input_shape", "({},)")}),
    **{name: LegacyLayer(signature("pool_length stride border_mode", base=K1),
                         signature("pool_size strides padding data_format", "", 3, base=K2),
                         {"pool_length": Rename("pool_size"), "stride": Rename("strides"), "border_mode": BORDER_MODE})
       for name in ("MaxPooling1D", "AveragePooling1D")},
    **{name: LegacyLayer(signature("pool_size strides border_mode dim_ordering", base=K1),
                         signature("pool_size strides padding data_format", "", 3, base=K2),
                         {"border_mode": BORDER_MODE, "dim_ordering": DIM_ORDERING})
       for name in ("MaxPooling2D", "AveragePooling2D", "MaxPooling3D", "AveragePooling3D")},
    **{name: LegacyLayer(signature("dim_ordering", base=K1), signature("data_format", base=K2),
                         {"dim_ordering": DIM_ORDERING})
       for name in ("GlobalMaxPooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling3D", "GlobalAveragePooling3D")},
    "UpSampling1D": LegacyLayer(signature("length", base=K1), signature("size", "", 1, base=K2),
                                {"length": Rename("size")}),
    "UpSampling2D": LegacyLayer(signature("size dim_ordering", base=K1),
                                signature("size data_format interpolation", "", 1, base=K2),
                                {"dim_ordering": DIM_ORDERING}),
    "UpSampling3D": LegacyLayer(signature("size dim_ordering", base=K1), signature("size data_format", "", 1, base=K2),
                                {"dim_ordering": DIM_ORDERING}),
    **{name: LegacyLayer(signature("padding dim_ordering", base=K1), signature("padding data_format", "", 1, base=K2),
                         {"dim_ordering": DIM_ORDERING})
       for name in ("ZeroPadding2D", "ZeroPadding3D")},
    **{name: LegacyLayer(signature("cropping dim_ordering", base=K1), signature("cropping data_format", "", 1, base=K2),
                         {"dim_ordering": DIM_ORDERING})
       for name in ("Cropping2D", "Cropping3D")},
    "PReLU": LegacyLayer(signature("init weights shared_axes", base=K1),
                         signature("alpha_initializer alpha_regularizer alpha_constraint shared_axes", "", 1, base=K2),
                         {"init": Rename("alpha_initializer")}),
    "LSTM": LegacyLayer(
        signature("output_dim init inner_init forget_bias_init activation inner_activation W_regularizer U_regularizer "
                  "b_regularizer dropout_W dropout_U", _RECURRENT_K1, base=K1),
        signature(_RECURRENT_K2.format(forget="unit_forget_bias ", after=""), "", 1, base=K2),
        {**_RECURRENT, "forget_bias_init": FORGET_BIAS}, shape=("input_length", "input_dim"),
        legacy_defaults=_HARD_SIGMOID),
    "GRU": LegacyLayer(
        signature("output_dim init inner_init activation inner_activation W_regularizer U_regularizer b_regularizer "
                  "dropout_W dropout_U", _RECURRENT_K1, base=K1),
        signature(_RECURRENT_K2.format(forget="", after=" reset_after"), "", 1, base=K2),
        dict(_RECURRENT), shape=("input_length", "input_dim"),
        # Keras 1's GRU applied the reset gate before the recurrent product, Keras 2's reset_after=False
        # (its default to 2.3.1); Keras 3's default is True, another computation with other weights.
        legacy_defaults={**_HARD_SIGMOID, "reset_after": ("False", "True")}),
    # Keras 2's SimpleRNN took implementation= from **kwargs and ignored it (a warning).
    "SimpleRNN": LegacyLayer(
        signature("output_dim init inner_init activation W_regularizer U_regularizer b_regularizer dropout_W dropout_U",
                  _RECURRENT_K1, base=K1),
        signature("units activation use_bias kernel_initializer recurrent_initializer bias_initializer "
                  "kernel_regularizer recurrent_regularizer bias_regularizer activity_regularizer kernel_constraint "
                  "recurrent_constraint bias_constraint dropout recurrent_dropout return_sequences return_state "
                  "go_backwards stateful unroll", "implementation", 1, base=K2),
        {k: v for k, v in _RECURRENT.items() if k != "inner_activation"}, shape=("input_length", "input_dim"),
        speed_only=frozenset({"implementation"})),
    "Conv1D": LegacyLayer(
        signature("nb_filter filter_length init activation weights border_mode subsample_length W_regularizer "
                  "b_regularizer activity_regularizer W_constraint b_constraint bias input_dim input_length", base=K1),
        signature(_CONV_K2, "", 2, base=K2),
        {"nb_filter": Rename("filters"), "filter_length": Rename("kernel_size"), "subsample_length": Rename("strides"),
         "border_mode": Rename("padding", {"valid": "valid", "same": "same", "causal": "causal"},
                               BORDER_MODE.refused),
         "init": Rename("kernel_initializer"), **_WB},
        shape=("input_length", "input_dim"), legacy_spellings=_LEGACY_CONV),
    "Conv2D": LegacyLayer(
        signature("nb_filter nb_row nb_col " + _CONV_K1, base=K1), signature(_CONV_K2, "", 2, base=K2),
        _CONV, kernel=("nb_row", "nb_col"), kernel_conflicts=_CONFLICTS, legacy_spellings=_LEGACY_CONV),
    "Conv3D": LegacyLayer(
        signature("nb_filter kernel_dim1 kernel_dim2 kernel_dim3 " + _CONV_K1, base=K1),
        signature(_CONV_K2, "", 2, base=K2),
        _CONV, kernel=("kernel_dim1", "kernel_dim2", "kernel_dim3"), kernel_conflicts=_CONFLICTS,
        legacy_spellings=_LEGACY_CONV),
    # Keras 1's Deconvolution2D; Keras 2's legacy_deconv2d_support.
    "Conv2DTranspose": LegacyLayer(
        signature("nb_filter nb_row nb_col output_shape " + _CONV_K1, base=K1),
        signature("filters kernel_size strides padding output_padding data_format dilation_rate activation use_bias "
                  "kernel_initializer bias_initializer kernel_regularizer bias_regularizer activity_regularizer "
                  "kernel_constraint bias_constraint", "", 2, base=K2),
        _CONV, kernel=("nb_row", "nb_col"), kernel_conflicts=_CONFLICTS, keras1_spellings=_KERAS1_DECONV,
        refused={"output_shape": "output_shape= (Keras 2 dropped it and computed the output size: check it)"}),
    # Not in Keras 1; no legacy interface in Keras 2.
    "Conv3DTranspose": LegacyLayer(
        None,
        signature("filters kernel_size strides padding output_padding data_format activation use_bias "
                  "kernel_initializer bias_initializer kernel_regularizer bias_regularizer activity_regularizer "
                  "kernel_constraint bias_constraint", base=K2)),
    "SeparableConv2D": LegacyLayer(
        signature("nb_filter nb_row nb_col init activation weights border_mode subsample depth_multiplier dim_ordering "
                  "depthwise_regularizer pointwise_regularizer b_regularizer activity_regularizer depthwise_constraint "
                  "pointwise_constraint b_constraint bias", base=K1),
        signature("filters kernel_size strides padding data_format dilation_rate depth_multiplier activation use_bias "
                  "depthwise_initializer pointwise_initializer bias_initializer depthwise_regularizer "
                  "pointwise_regularizer bias_regularizer activity_regularizer depthwise_constraint "
                  "pointwise_constraint bias_constraint", "", 2, base=K2),
        {k: v for k, v in _CONV.items() if k not in ("init", "W_regularizer", "W_constraint")},
        kernel=("nb_row", "nb_col"), kernel_conflicts=_CONFLICTS, legacy_spellings=_LEGACY_CONV,
        refused={"init": "SeparableConvolution2D(init=): Keras 2 gave it to depthwise_initializer= and "
                         "pointwise_initializer= both: write them"}),
    "ConvLSTM2D": LegacyLayer(
        signature("nb_filter nb_row nb_col init inner_init forget_bias_init activation inner_activation dim_ordering "
                  "border_mode subsample W_regularizer U_regularizer b_regularizer dropout_W dropout_U",
                  "weights return_sequences go_backwards stateful", base=K1),
        signature("filters kernel_size strides padding data_format dilation_rate activation recurrent_activation "
                  "use_bias kernel_initializer recurrent_initializer bias_initializer unit_forget_bias "
                  "kernel_regularizer recurrent_regularizer bias_regularizer activity_regularizer kernel_constraint "
                  "recurrent_constraint bias_constraint return_sequences go_backwards stateful dropout "
                  "recurrent_dropout", "", 2, base=K2),
        {**{k: v for k, v in _CONV.items() if k not in ("W_constraint", "b_constraint")},
         "inner_init": Rename("recurrent_initializer"), "U_regularizer": Rename("recurrent_regularizer"),
         "inner_activation": Rename("recurrent_activation"), "dropout_W": Rename("dropout"),
         "dropout_U": Rename("recurrent_dropout"), "forget_bias_init": FORGET_BIAS},
        kernel=("nb_row", "nb_col"), kernel_conflicts=_CONFLICTS, legacy_defaults=_HARD_SIGMOID),
    # batchnorm_args_preprocessor: no positional argument; mode=0 (the only mode kept) removed, others refused.
    "BatchNormalization": LegacyLayer(
        signature("epsilon mode axis momentum weights beta_init gamma_init gamma_regularizer beta_regularizer",
                  base=K1),
        signature("axis momentum epsilon center scale beta_initializer gamma_initializer moving_mean_initializer "
                  "moving_variance_initializer beta_regularizer gamma_regularizer beta_constraint gamma_constraint",
                  "", 0, base=K2),
        {"beta_init": Rename("beta_initializer"), "gamma_init": Rename("gamma_initializer"),
         "mode": Rename(None, {0: 0}, "BatchNormalization mode= other than 0 (Keras 2 removed modes 1 and 2)")}),
}

# Keras 2 names of the layers above (keras/layers/*.py: ``Convolution2D = Conv2D``, ``MaxPool2D = MaxPooling2D``).
ALIASES = {"Convolution1D": "Conv1D", "Convolution2D": "Conv2D", "Convolution3D": "Conv3D",
           "Convolution2DTranspose": "Conv2DTranspose", "Convolution3DTranspose": "Conv3DTranspose",
           "SeparableConvolution2D": "SeparableConv2D", "Deconvolution2D": "Conv2DTranspose",
           "Deconv2D": "Conv2DTranspose", "MaxPool1D": "MaxPooling1D", "AvgPool1D": "AveragePooling1D",
           "MaxPool2D": "MaxPooling2D", "AvgPool2D": "AveragePooling2D", "MaxPool3D": "MaxPooling3D",
           "AvgPool3D": "AveragePooling3D", "GlobalMaxPool2D": "GlobalMaxPooling2D",
           "GlobalAvgPool2D": "GlobalAveragePooling2D", "GlobalMaxPool3D": "GlobalMaxPooling3D",
           "GlobalAvgPool3D": "GlobalAveragePooling3D"}
