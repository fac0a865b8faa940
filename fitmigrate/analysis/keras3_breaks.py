"""The Keras 1/2 names a training script dies on (or silently changes meaning with) under Keras 3,
found through import resolution, each with its exact fix where there is one (FM401-FM418).

Read-only: ``find_breaks`` returns ``Break``s, each with the edits that fix it (none: reported only);
``fitmigrate.rewrite.keras3_names`` applies them. What name in the file refers to which Keras dotted
path is decided from the file's imports alone: a name bound anywhere in the module by anything but
one import is not resolved, and nothing is fixed through it.

What Keras 3 serves is in ``keras3_api`` (static tables, checked against the installed Keras by
the tests); what Keras 1 and 2 meant is written here, from their sources (Keras 2's
``keras/legacy/interfaces.py`` for the Keras 1 argument names, each release's optimizers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst

from fitmigrate.analysis import walk
from fitmigrate.analysis.plans import code, short
from fitmigrate.analysis.keras3_api import SERVED
from fitmigrate.analysis.keras3_api import SIGNATURES
from fitmigrate.analysis.legacy_calls import (KERAS22, KERAS23, TF_KERAS, LayerCall, ModuleFacts, OptimizerCall,
                                               Reading, decide, layer_plan, legacy_evidence, trains_otherwise)
from fitmigrate.analysis.legacy_calls import HARD_SIGMOID, HARD_SIGMOID_ADVICE, _NOT_LITERAL, literal as _literal_value
from fitmigrate.legacy.optimizers import LOWERCASE as LOWERCASE_OPTIMIZERS, OPTIMIZERS as LEGACY_OPTIMIZERS
from fitmigrate.legacy.backend import BACKEND, DTYPE_KEEPING, FLOAT_RESULTS
from fitmigrate.legacy.callbacks import CALLBACKS
from fitmigrate.legacy.layers import ALIASES as LAYER_ALIASES, LAYERS
from fitmigrate.analysis.file_names import FileNames, new_suffix, resuffix
from fitmigrate.analysis.metric_names import NAMES as METRIC_NAMES, MetricNames, renamed as metric_renamed
from fitmigrate.analysis.tf1_sessions import TF1_ADVICE, TF1_RENAMED, Sessions
from fitmigrate.project.exports import library_star_names

# ---- edits: what the rewriter applies ------------------------------------------------------------


@dataclass(eq=False)
class Replace:
    """An expression (a name, a dotted chain, an import's module or name) becomes ``code``."""

    node: cst.CSTNode
    code: str


@dataclass(eq=False)
class Wrap:
    """An expression goes inside ``template`` at ``{}`` (``{}.argmax(axis=-1)``)."""

    node: cst.BaseExpression
    template: str


@dataclass(eq=False)
class EditArg:
    """An argument gets a keyword (or a new one), and/or a new value."""

    arg: cst.Arg
    keyword: Optional[str] = None
    value: Optional[str] = None


@dataclass(eq=False)
class DropArg:
    call: cst.Call
    arg: cst.Arg


@dataclass(eq=False)
class AddArg:
    """A keyword argument written at the end of a call (``reset_after=False``)."""

    call: cst.Call
    keyword: str
    value: str


@dataclass(eq=False)
class ReplaceAlias:
    """One name of an import becomes ``code`` (``Adam as adam``)."""

    alias: cst.ImportAlias
    code: str


@dataclass(eq=False)
class SplitImport:
    """A one-line import statement becomes several statements, one per line."""

    line: cst.SimpleStatementLine
    statements: List[str]


@dataclass(eq=False)
class AddImport:
    """A top-level import added after the last top-level import before statement ``first_use``."""

    statement: str
    first_use: int


@dataclass(eq=False)
class ReplaceLine:
    """A one-statement line becomes ``statements`` (none: it is removed; its own-line comments stay, on the
    next statement of its block). ``absorbs``: removed lines whose own-line comments go above these."""

    line: cst.SimpleStatementLine
    statements: List[str]
    absorbs: List[cst.SimpleStatementLine] = field(default_factory=list)


Edit = Union[Replace, Wrap, EditArg, DropArg, AddArg, ReplaceAlias, SplitImport, AddImport, ReplaceLine]


@dataclass(eq=False)
class Break:
    code: str
    node: cst.CSTNode
    message: str
    edits: List[Edit] = field(default_factory=list)  # empty: reported, not fixed

    @property
    def fixed(self) -> bool:
        return bool(self.edits)


@dataclass(eq=False)
class _OptimizerParts:
    """The breaks of one optimizer call: all fixed, or all reported."""

    fixes: List[Tuple[str, cst.CSTNode, str, List[Edit]]] = field(default_factory=list)
    refused: List[Tuple[str, cst.CSTNode, str]] = field(default_factory=list)

    def fix(self, code_: str, node: cst.CSTNode, message: str, edits: List[Edit]) -> None:
        self.fixes.append((code_, node, message, edits))

    def refuse(self, code_: str, node: cst.CSTNode, message: str) -> None:
        self.refused.append((code_, node, message))


# ---- Keras 1/2 facts ----------------------------------------------------------------------------

# Legacy modules Keras 3 does not have: the module that serves their names now (None: per name, below).
MOVED_MODULES: Dict[str, Tuple[str, Optional[str]]] = {
    **{f"keras.utils.{m}": ("FM406", "keras.utils") for m in (
        "np_utils", "generic_utils", "data_utils", "io_utils", "vis_utils", "layer_utils", "conv_utils",
        "visualize_util", "training_utils", "multi_gpu_utils", "generic_utils", "dataset_utils", "image_utils",
        "losses_utils", "metrics_utils", "tf_utils", "version_utils", "np_utils")},
    **{f"keras.layers.{m}": ("FM407", "keras.layers") for m in (
        "core", "convolutional", "normalization", "normalization_v2", "pooling", "recurrent", "recurrent_v2",
        "advanced_activations", "embeddings", "wrappers", "merge", "noise", "local", "convolutional_recurrent",
        "cudnn_recurrent", "dense_attention", "experimental", "experimental.preprocessing", "preprocessing",
        "kernelized", "multi_head_attention", "einsum_dense")},
    **{m: ("FM407", None) for m in (
        "keras.engine", "keras.engine.topology", "keras.engine.training", "keras.engine.sequential",
        "keras.engine.input_layer", "keras.engine.base_layer", "keras.engine.network", "keras.engine.functional",
        "keras.engine.input_spec")},
    "keras.objectives": ("FM407", "keras.losses"),
    "keras.legacy.layers": ("FM407", "keras.layers"),
    "keras.layers.legacy": ("FM407", "keras.layers"),
    "keras.wrappers.scikit_learn": ("FM407", None),  # Keras 3.15 has keras.wrappers, with other classes
    "keras.backend.tensorflow_backend": ("FM417", "keras.backend"),
    "keras.backend.common": ("FM417", "keras.backend"),
    "keras.backend.load_backend": ("FM417", "keras.backend"),
    # Keras 3 has no keras.preprocessing.text: tensorflow.keras serves it.
    "keras.preprocessing.text": ("FM409", "tensorflow.keras.preprocessing.text"),
}
# Where the names of keras.engine.* live in Keras 3.
ENGINE_HOMES = {"Layer": "keras.layers", "InputSpec": "keras.layers", "Input": "keras.layers", "InputLayer": "keras.layers",
                "Model": "keras.models", "Sequential": "keras.models", "get_source_inputs": "keras.utils"}
# Modules Keras 3 still has, but without some of their Keras 2 names, which tensorflow.keras serves.
PARTIAL_MODULES = {"keras.preprocessing.image": "tensorflow.keras.preprocessing.image",
                   "keras.preprocessing.sequence": "tensorflow.keras.preprocessing.sequence"}
# Modules whose every public name is judged: a name Keras 3 lacks there is a break.
CHECKED_MODULES = ("keras.layers", "keras.utils", "keras.optimizers", "keras.backend", "keras.models", "keras.losses",
                   "keras.metrics", "keras.callbacks", "keras.regularizers", "keras.preprocessing",
                   "keras.preprocessing.image", "keras.preprocessing.sequence", "keras.wrappers")

OPTIMIZERS = ("SGD", "RMSprop", "Adagrad", "Adadelta", "Adam", "Adamax", "Nadam")
# Exact aliases Keras 2 exported under another name (keras/optimizers.py: `sgd = SGD`; losses: `mse = MSE = ...`).
RENAMED: Dict[str, str] = {
    **{f"keras.optimizers.{name.lower()}": f"keras.optimizers.{name}" for name in OPTIMIZERS},
    "keras.layers.Deconvolution2D": "keras.layers.Conv2DTranspose",
    "keras.layers.Deconv2D": "keras.layers.Conv2DTranspose",
    "keras.layers.Deconvolution3D": "keras.layers.Conv3DTranspose",
    "keras.layers.Deconv3D": "keras.layers.Conv3DTranspose",
    **{f"keras.{module}.{old}": f"keras.{module}.{new}" for module in ("losses", "metrics") for old, new in (
        ("mse", "mean_squared_error"), ("MSE", "mean_squared_error"), ("mae", "mean_absolute_error"),
        ("MAE", "mean_absolute_error"), ("mape", "mean_absolute_percentage_error"),
        ("MAPE", "mean_absolute_percentage_error"), ("msle", "mean_squared_logarithmic_error"),
        ("MSLE", "mean_squared_logarithmic_error"), ("kld", "kl_divergence"), ("KLD", "kl_divergence"),
        ("kullback_leibler_divergence", "kl_divergence"), ("logcosh", "log_cosh"))},
}
RENAME_CODE = {"keras.optimizers": "FM403"}  # other renames are FM408

# Advice for names Keras 3 removed without an exact replacement.
MISSING_ADVICE: Dict[str, str] = {
    "keras.layers.Merge": "FM416",
    "keras.layers.merge": "FM416",
    "keras.engine.topology.Merge": "FM416",
    "keras.engine.topology.merge": "FM416",
    "keras.legacy.layers.Merge": "FM416",
    "keras.layers.LocallyConnected1D": "Keras 3 has no locally connected layers: keep this model on tf_keras, or "
                                       "rewrite the layer (a Conv1D shares its weights across positions; this did not)",
    "keras.layers.LocallyConnected2D": "Keras 3 has no locally connected layers: keep this model on tf_keras, or "
                                       "rewrite the layer (a Conv2D shares its weights across positions; this did not)",
    "keras.layers.CuDNNLSTM": "use keras.layers.LSTM: with its default arguments Keras 3 runs it on cuDNN by itself "
                              "(the weights are laid out differently: retrain, or convert saved weights)",
    "keras.layers.CuDNNGRU": "use keras.layers.GRU (reset_after=True, the default, is the cuDNN variant; the weights "
                             "are laid out differently: retrain, or convert saved weights)",
    "keras.layers.ThresholdedReLU": "use keras.layers.ReLU(threshold=theta) (it differs at x == theta only)",
    "keras.layers.Highway": "Keras 3 has no Highway layer: write it as a small custom layer",
    "keras.layers.MaxoutDense": "Keras 3 has no MaxoutDense layer: a Dense(units * k) reshaped and reduced with max does it",
    "keras.layers.TimeDistributedDense": "use keras.layers.TimeDistributed(keras.layers.Dense(...))",
    "keras.layers.AtrousConvolution1D": "use keras.layers.Conv1D(..., dilation_rate=atrous_rate)",
    "keras.layers.AtrousConvolution2D": "use keras.layers.Conv2D(..., dilation_rate=atrous_rate)",
    "keras.layers.AtrousConv2D": "use keras.layers.Conv2D(..., dilation_rate=atrous_rate)",
    "keras.layers.CuDNNRNN": "use keras.layers.LSTM or GRU",
    "keras.utils.multi_gpu_model": "FM414",
    "keras.utils.HDF5Matrix": "read the file with h5py (or feed it through tf.data)",
    "keras.utils.GeneratorEnqueuer": "subclass keras.utils.PyDataset and pass workers= to its __init__",
    "keras.utils.OrderedEnqueuer": "subclass keras.utils.PyDataset and pass workers= to its __init__",
    "keras.utils.probas_to_classes": "use np.argmax(probabilities, axis=-1)",
    "keras.utils.categorical_probas_to_classes": "use np.argmax(probabilities, axis=-1)",
    "keras.utils.convert_kernel": "Keras 3 has one kernel layout; no conversion is needed",
    "keras.utils.print_summary": "use model.summary()",
    "keras.utils.plot": "use keras.utils.plot_model(model, to_file=..., show_shapes=...) (show_layer_names now "
                        "defaults to False)",
    "keras.utils.to_list": "wrap the value in a list yourself",
    "keras.regularizers.l1l2": "use keras.regularizers.l1_l2(l1=..., l2=...): Keras 1's l1l2 defaulted to 0.01 for "
                               "both, l1_l2 to 0.0",
    "keras.regularizers.activity_l1": "use activity_regularizer=keras.regularizers.l1(...)",
    "keras.regularizers.activity_l2": "use activity_regularizer=keras.regularizers.l2(...)",
    "keras.regularizers.activity_l1l2": "use activity_regularizer=keras.regularizers.l1_l2(...)",
    "keras.regularizers.WeightRegularizer": "use keras.regularizers.L1L2(l1=..., l2=...)",
    "keras.regularizers.ActivityRegularizer": "use activity_regularizer=keras.regularizers.L1L2(l1=..., l2=...)",
    "keras.optimizers.TFOptimizer": "use a keras.optimizers optimizer",
    "keras.wrappers.scikit_learn": "use scikeras.wrappers.KerasClassifier / KerasRegressor (pip install scikeras), "
                                   "or Keras 3's keras.wrappers.SKLearnClassifier / SKLearnRegressor (another API)",
    "keras.wrappers.scikit_learn.KerasClassifier": "use scikeras.wrappers.KerasClassifier (pip install scikeras)",
    "keras.wrappers.scikit_learn.KerasRegressor": "use scikeras.wrappers.KerasRegressor (pip install scikeras)",
    "keras.backend.set_image_dim_ordering": "FM413",
    "keras.backend.image_dim_ordering": "FM413",
}

# keras.backend functions Keras 3 removed, with what to use instead where it is not keras.ops.<same name>.
BACKEND_ADVICE = {
    "get_value": "read the variable with variable.numpy() (an optimizer's: model.optimizer.learning_rate.numpy())",
    "set_value": "assign with variable.assign(value) (an optimizer's: model.optimizer.learning_rate = value)",
    "batch_get_value": "read each variable with variable.numpy()",
    "batch_set_value": "assign each variable with variable.assign(value)",
    "get_session": "TensorFlow 2 has no sessions: remove it",
    "set_session": "TensorFlow 2 has no sessions: remove it (configure GPUs with tf.config)",
    "tf": "import tensorflow as tf and use it",
    "placeholder": "use keras.Input(shape=...)",
    "function": "call the model (or a keras.Model built from its layers) directly",
    "variable": "use keras.Variable(value)",
    "constant": "use keras.ops.convert_to_tensor(value)",
    "int_shape": "use keras.ops.shape(x) (or x.shape)",
    "learning_phase": "pass training=True/False to the layer call instead",
    "set_learning_phase": "pass training=True/False to the layer call instead",
    "gradients": "use tf.GradientTape",
    "count_params": "use layer.count_params() or model.count_params()",
    "eval": "use keras.ops.convert_to_numpy(x)",
    "dot": "use keras.ops.matmul (K.dot of rank > 2 differs from keras.ops.dot)",
    "sqrt": "use keras.ops.sqrt(keras.ops.maximum(x, 0.0)): K.sqrt clipped negative inputs to 0 first, keras.ops.sqrt "
            "gives NaN",
    "argmax": "use keras.ops.argmax(x, axis=-1): it returns int32 where K.argmax returned int64 (mind a comparison "
              "with an int64 tensor), and its axis defaults to None",
    "argmin": "use keras.ops.argmin(x, axis=-1): it returns int32 where K.argmin returned int64, and its axis "
              "defaults to None",
    "shape": "use keras.ops.shape(x) (a tuple, with tensors for the dimensions not known statically) or tf.shape(x), "
             "which is what K.shape returned",
    "concatenate": "use keras.ops.concatenate(tensors, axis=-1): its axis defaults to 0, K.concatenate's to -1",
    "categorical_crossentropy": "use keras.losses.categorical_crossentropy (mind the argument order: y_true, y_pred)",
    "sparse_categorical_crossentropy": "use keras.losses.sparse_categorical_crossentropy",
    "binary_crossentropy": "use keras.losses.binary_crossentropy (mind the argument order: y_true, y_pred)",
    "hard_sigmoid": "K.hard_sigmoid was clip(0.2 * x + 0.5, 0, 1); keras.ops.hard_sigmoid is relu6(x + 3) / 6, "
                    "another function: write keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)",
}

DIM_ORDERING = {"tf": "channels_last", "th": "channels_first"}
# Layers only standalone Keras exported, to the release named (tf.keras never did): their use proves it.
KERAS_LE_23_NAMES = {"AtrousConvolution1D": "2.3", "AtrousConvolution2D": "2.3", "AtrousConv1D": "2.3",
                     "AtrousConv2D": "2.3", "Highway": "2.3", "MaxoutDense": "2.3", "Merge": "2.1", "merge": "2.1",
                     "TimeDistributedDense": "1.2"}
# Positional arguments of each optimizer: Keras 1 to 2.2 (``keras.optimizers``), Keras 2.3, Keras 3 (and tf.keras 2).
OPTIMIZER_POSITIONS = {
    "SGD": (("lr", "momentum", "decay", "nesterov"), ("lr", "momentum", "nesterov"),
            ("learning_rate", "momentum", "nesterov")),
    "RMSprop": (("lr", "rho", "epsilon", "decay"), ("lr", "rho"), ("learning_rate", "rho", "momentum", "epsilon")),
    "Adagrad": (("lr", "epsilon", "decay"), ("lr",), ("learning_rate", "initial_accumulator_value", "epsilon")),
    "Adadelta": (("lr", "rho", "epsilon", "decay"), ("lr", "rho"), ("learning_rate", "rho", "epsilon", "weight_decay")),
    "Adam": (("lr", "beta_1", "beta_2", "epsilon", "decay", "amsgrad"), ("lr", "beta_1", "beta_2", "amsgrad"),
             ("learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad", "weight_decay")),
    "Adamax": (("lr", "beta_1", "beta_2", "epsilon", "decay"), ("lr", "beta_1", "beta_2"),
               ("learning_rate", "beta_1", "beta_2", "epsilon", "weight_decay")),
    "Nadam": (("lr", "beta_1", "beta_2", "epsilon", "schedule_decay"), ("lr", "beta_1", "beta_2"),
              ("learning_rate", "beta_1", "beta_2", "epsilon", "weight_decay")),
}
BOOLEAN_OPTIMIZER_ARGS = {"nesterov", "amsgrad"}
# Default learning rates: standalone Keras 1 to 2.3, and Keras 3 (tf.keras 2 had these already).
KERAS2_DEFAULT_LR = {"SGD": "0.01", "RMSprop": "0.001", "Adagrad": "0.01", "Adadelta": "1.0", "Adam": "0.001",
                     "Adamax": "0.002", "Nadam": "0.002"}
KERAS3_DEFAULT_LR = {"SGD": "0.01", "RMSprop": "0.001", "Adagrad": "0.001", "Adadelta": "0.001", "Adam": "0.001",
                     "Adamax": "0.001", "Nadam": "0.001"}
KERAS2_EPSILON = "1e-07"  # K.epsilon(), what epsilon=None meant
CLIPPING = ("clipnorm", "clipvalue", "global_clipnorm")
RMSPROP_TRAINS_OTHERWISE = (
    "Keras 3's RMSprop divides each step by sqrt(v + epsilon), standalone Keras 1-2.3 (and tf.keras without momentum) "
    "by sqrt(v) + epsilon: Keras 3's steps are smaller, the more so the smaller the gradients (with epsilon=1e-7, "
    "about 0.95x at gradients of 1e-3, 0.3x at 1e-4, 0.03x at 1e-5), and no Keras 3 argument gives the old update: "
    "keep this optimizer on tf_keras (tf_keras.optimizers.legacy.RMSprop), or take Keras 3's and review the training")
ADAGRAD_TRAINS_OTHERWISE = (
    "Keras 3's Adagrad starts its accumulators at initial_accumulator_value (0.1) and divides each step by sqrt(a + "
    "epsilon), standalone Keras 1-2.3 started them at 0 and divided by sqrt(a) + epsilon (its first step is about "
    "lr whatever the gradient; Keras 3's, with gradients of 1e-3, about 300x smaller), and no Keras 3 arguments give "
    "the old update (initial_accumulator_value=0.0 still differs where gradients are small): keep this optimizer on "
    "tf_keras, or take Keras 3's and review the training")
# Code that sets the learning rate while training: a schedule in its place would make it raise.
_SETS_LR = re.compile(r"LearningRateScheduler|ReduceLROnPlateau|CyclicLR|OneCycle|\bset_value\b|"
                      r"optimizer\s*\.\s*(?:lr|learning_rate)\b|\.lr\s*=[^=]")
# Layers that keep the last dimension of their input (for a Sequential's output width).
SHAPE_KEEPING_LAYERS = {"Activation", "Dropout", "AlphaDropout", "GaussianDropout", "GaussianNoise",
                        "ActivityRegularization", "BatchNormalization", "LayerNormalization", "Softmax", "ReLU",
                        "LeakyReLU", "PReLU", "ELU", "Masking", "SpatialDropout1D", "UnitNormalization"}
SAVE_SUFFIXES = (".keras", ".h5", ".hdf5")
# Keras 2 keywords Keras 3's callbacks and compile() reject, with what to do.
TENSORBOARD_REMOVED = {
    "write_grads": "gradient histograms are gone; remove it",
    "batch_size": "it only sized the histogram computation; remove it",
    "embeddings_layer_names": "Keras 3 logs the embeddings of every Embedding layer (embeddings_freq=); remove it",
    "embeddings_data": "remove it (embeddings_metadata= still names the labels)",
    "write_batch_performance": "use update_freq='batch'",
}
COMPILE_REMOVED = {
    "sample_weight_mode": "Keras 3 takes per-timestep sample weights of shape (batch, timesteps) as they are; "
                          "remove it",
    "target_tensors": "feed the targets as y (or from a dataset)",
}

# ---- names: what each name of the module refers to ----------------------------------------------


def dotted(node: Optional[cst.CSTNode]) -> Optional[str]:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


PRIVATE = ("tensorflow.python.keras", "tensorflow.contrib.keras")


def private_public(path: str) -> str:
    """``tensorflow.python.keras.X``, TensorFlow's own module behind ``tf.keras`` until TensorFlow 2.5 (a
    frozen, partial copy of Keras 2 in 2.6-2.21), is the public ``tensorflow.keras.X``; so is TensorFlow
    1's ``tensorflow.contrib.keras.X`` (an alias of ``tf.keras`` from TensorFlow 1.4, gone in 2.0)."""
    for private in PRIVATE:
        if path == private or path.startswith(private + "."):
            return "tensorflow.keras" + path[len(private):]
    return path


_PRIVATE_WHAT = ("tensorflow.python.keras is TensorFlow's own copy of Keras 2, behind tf.keras until TensorFlow 2.5; "
                 "tensorflow.contrib.keras was TensorFlow 1's alias of tf.keras")


def tf1_module(path: str) -> bool:
    """A TensorFlow 1 module TensorFlow 2 removed (``tensorflow.contrib.*`` but its Keras alias)."""
    return (path == "tensorflow.contrib" or path.startswith("tensorflow.contrib.")) and private_public(path) == path


def canonical(path: str) -> str:
    """``tensorflow.keras.X`` is Keras 3's ``keras.X`` (TensorFlow 2.16 and later); so is the private
    ``tensorflow.python.keras.X`` it was written as."""
    path = private_public(path)
    if path == "tensorflow.keras" or path.startswith("tensorflow.keras."):
        return path[len("tensorflow."):]
    return path


def _target_names(node: cst.CSTNode) -> Iterable[str]:
    if isinstance(node, cst.Name):
        yield node.value
    elif isinstance(node, (cst.Tuple, cst.List)):
        for element in node.elements:
            yield from _target_names(element.value)
    elif isinstance(node, cst.StarredElement):
        yield from _target_names(node.value)


@dataclass(eq=False)
class _ImportAt:
    statement: Union[cst.Import, cst.ImportFrom]
    line: Optional[cst.SimpleStatementLine]
    top: int


class _Scan(walk.Visitor):
    """One walk over the module: imports, bindings, and every attribute, call and comparison."""

    def __init__(self) -> None:
        self.bindings: Dict[str, List[Tuple[str, cst.ImportAlias, _ImportAt]]] = {}
        self.other: Set[str] = set()
        self.rebinds: Set[str] = set()  # names bound by anything but an assignment
        self.imports: List[_ImportAt] = []
        self.stars: List[Tuple[Optional[str], _ImportAt]] = []  # star imports in order (None: relative)
        self.attributes: List[Tuple[cst.Attribute, int]] = []
        self.calls: List[Tuple[cst.Call, int]] = []
        self.compares: List[cst.Comparison] = []
        self.names: Dict[str, List[cst.Name]] = {}
        self.not_loads: Set[int] = set()  # Name nodes that are attribute names or keywords
        self.assigns: Dict[str, List[Tuple[cst.Assign, int, int]]] = {}  # name -> (assign, block id, top)
        self.statements_in: Dict[int, int] = {}  # id(expression statement) -> id(block)
        self.stores: Set[int] = set()  # targets of assignments (attributes, subscripts, names)
        self.name_tops: Dict[int, Tuple[int, int]] = {}  # id(Name) -> (top-level statement, order in the file)
        self.block_bodies: Dict[int, List[cst.BaseStatement]] = {}  # id(Module / IndentedBlock) -> its statements
        self.line_tops: Dict[int, int] = {}  # id(SimpleStatementLine) -> its top-level statement
        self.expression_calls: Set[int] = set()  # calls that are a whole expression statement
        self.top = 0
        self._line: Optional[cst.SimpleStatementLine] = None
        self._blocks: List[int] = []

    # blocks, for the statements a Sequential is built with
    def visit_Module(self, node: cst.Module) -> None:
        self._blocks.append(id(node))
        self.block_bodies[id(node)] = list(node.body)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._blocks.append(id(node))
        self.block_bodies[id(node)] = list(node.body)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock) -> None:
        self._blocks.pop()

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self._blocks.append(id(node))

    def leave_SimpleStatementSuite(self, original_node: cst.SimpleStatementSuite) -> None:
        self._blocks.pop()

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._line = node
        self.line_tops[id(node)] = self.top
        for small in node.body:
            self.statements_in[id(small)] = self._blocks[-1] if self._blocks else 0
            if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
                self.expression_calls.add(id(small.value))

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine) -> None:
        self._line = None

    # imports
    def visit_Import(self, node: cst.Import) -> bool:
        at = _ImportAt(node, self._line, self.top)
        self.imports.append(at)
        for alias in node.names:
            full = dotted(alias.name) or ""
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._bind(alias.asname.name.value, full, alias, at)
            else:
                root = full.split(".")[0]
                self._bind(root, root, alias, at)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        at = _ImportAt(node, self._line, self.top)
        self.imports.append(at)
        module = dotted(node.module) if node.module is not None else None
        if isinstance(node.names, cst.ImportStar):
            self.stars.append((module if not node.relative else None, at))
            return False
        for alias in node.names:
            name = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) \
                else dotted(alias.name) or ""
            if node.relative or module is None:
                self.other.add(name)
            else:
                self._bind(name, f"{module}.{dotted(alias.name)}", alias, at)
        return False

    def _bind(self, name: str, path: str, alias: cst.ImportAlias, at: _ImportAt) -> None:
        self.bindings.setdefault(name, []).append((path, alias, at))

    # other bindings
    def visit_Assign(self, node: cst.Assign) -> None:
        self.stores.update(id(target.target) for target in node.targets)
        for target in node.targets:
            for name in _target_names(target.target):
                self.other.add(name)
                self.assigns.setdefault(name, []).append((node, self._blocks[-1] if self._blocks else 0, self.top))

    def _rebind(self, names: Iterable[str]) -> None:
        for name in names:
            self.other.add(name)
            self.rebinds.add(name)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._rebind(_target_names(node.target))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self.stores.add(id(node.target))
        self._rebind(_target_names(node.target))

    def visit_For(self, node: cst.For) -> None:
        self._rebind(_target_names(node.target))

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._rebind(_target_names(node.target))

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._rebind(_target_names(node.asname.name))

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._rebind(_target_names(node.name.name))

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._rebind(_target_names(node.target))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._rebind([node.name.value])

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._rebind([node.name.value])

    def visit_Param(self, node: cst.Param) -> None:
        self._rebind([node.name.value])
        self.not_loads.add(id(node.name))

    def visit_Global(self, node: cst.Global) -> None:
        for item in node.names:
            self.not_loads.add(id(item.name))

    # uses
    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.attributes.append((node, self.top))
        self.not_loads.add(id(node.attr))

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append((node, self.top))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.not_loads.add(id(node.keyword))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        self.compares.append(node)

    def visit_Name(self, node: cst.Name) -> None:
        self.names.setdefault(node.value, []).append(node)
        self.name_tops[id(node)] = (self.top, len(self.name_tops))


class Names:
    """Resolution of names and dotted chains to the Keras paths they import."""

    def __init__(self, scan: _Scan) -> None:
        self.scan = scan

    def binding(self, name: str) -> Optional[Tuple[str, cst.ImportAlias, _ImportAt]]:
        """The import that binds ``name``: None when anything else binds it, or when its imports mean
        different things under Keras 3. Imports of one thing by two spellings (``keras.utils.np_utils``'s
        ``to_categorical`` and ``keras.utils``'s, ``adam`` and ``Adam as adam``: a file half migrated, or
        an old and a new branch) resolve, so one run fixes what they lead to."""
        found = self.scan.bindings.get(name)
        if not found and name not in self.scan.other:
            return self.star_binding(name)
        if not found or name in self.scan.other or len({_meaning(path) for path, _, _ in found}) != 1:
            return None
        return found[0]

    def star_binding(self, name: str) -> Optional[Tuple[str, Optional[cst.ImportAlias], _ImportAt]]:
        """A name only a star import of a Keras module binds (``from keras.layers import *``), resolved as
        a named import would be: the last star import that binds it, when no other star import after it
        (whose names fitmigrate cannot read) may bind it instead."""
        chosen = None
        for module, at in self.scan.stars:
            known = star_names(module) if module is not None else frozenset()
            if name in known:
                chosen = (f"{module}.{name}", None, at)
                continue
            if not known and module is not None:
                library = library_star_names(module)
                known = frozenset(library) if library is not None else frozenset()
            if chosen is not None and not known:
                return None  # a module whose names are not known may bind it too
            if name in known:
                chosen = None  # numpy's `add` after keras.layers': not Keras
        return chosen

    def resolve(self, node: cst.CSTNode) -> Optional[str]:
        """The raw dotted path an expression names, or None."""
        if isinstance(node, cst.Name):
            bound = self.binding(node.value)
            return bound[0] if bound else None
        if isinstance(node, cst.Attribute):
            base = self.resolve(node.value)
            return f"{base}.{node.attr.value}" if base else None
        return None

    def loads(self, name: str) -> List[cst.Name]:
        """Where ``name`` is read other than as the base of an attribute."""
        bases = {id(a.value) for a, _ in self.scan.attributes}
        return [n for n in self.scan.names.get(name, []) if id(n) not in self.scan.not_loads and id(n) not in bases]

    def attribute_uses(self, name: str) -> List[cst.Attribute]:
        return [a for a, _ in self.scan.attributes if isinstance(a.value, cst.Name) and a.value.value == name]

    def bound_to(self, path: str) -> Optional[str]:
        """A name the module binds (by an import, at top level) to ``path`` or to a package ``path`` is in."""
        best: Optional[Tuple[int, str, str]] = None
        for name, found in self.scan.bindings.items():
            bound = self.binding(name)
            if bound is None:
                continue
            bound_path = bound[0]
            for candidate in {bound_path, canonical(bound_path)}:
                if path == candidate or path.startswith(candidate + "."):
                    if best is None or len(candidate) > best[0]:
                        best = (len(candidate), name, candidate)
        return None if best is None else best[1] + path[len(best[2]):]


def _module_name(name: str) -> Tuple[str, str]:
    module, _, leaf = name.rpartition(".")
    return module, leaf


# ---- where a Keras 2 path lives in Keras 3 --------------------------------------------------------


@dataclass
class Target:
    kind: str  # "move" (another module), "rename" (same module), "missing"
    code: str
    path: Optional[str] = None  # the Keras 3 path (raw: tensorflow.keras.* where only tensorflow.keras serves it)
    advice: str = ""


def served(module: str) -> Optional[frozenset]:
    return SERVED.get(module)


def target(raw: str) -> Optional[Target]:
    """What becomes of a Keras 1/2 path under Keras 3: None where it is still served as it is."""
    found = _target(raw)
    if found is not None and found.path == raw:
        return None  # already where Keras 3 serves it (tensorflow.keras.preprocessing.text)
    return found


def _target(raw: str) -> Optional[Target]:
    public = private_public(raw)
    if public != raw:
        found = _target(public)
        if found is None:
            return Target("move", "FM421", public)
        if found.kind != "missing":
            return Target(found.kind, "FM421", found.path, found.advice)
        return found
    via_tf = raw.startswith("tensorflow.")
    path = canonical(raw)
    if not path.startswith("keras."):
        return None
    module, leaf = _module_name(path)
    if leaf.startswith("__"):
        return None
    if path in MOVED_MODULES:  # the module itself, imported as a name
        code_, home = MOVED_MODULES[path]
        if home is None:
            return Target("missing", code_, None, MISSING_ADVICE.get(path, "import the names it held from their Keras 3 "
                                                                          "modules"))
        return Target("move", code_, _raw(home, via_tf))
    if module in MOVED_MODULES:
        code_, home = MOVED_MODULES[module]
        if home is None:
            home = ENGINE_HOMES.get(leaf) if module.startswith("keras.engine") else None
            if home is None:
                advice = MISSING_ADVICE.get(f"{module}.{leaf}", "")
                if advice.startswith("FM"):
                    return Target("missing", advice, None, "")
                return Target("missing", code_, None, advice)
        renamed = RENAMED.get(f"{canonical(home)}.{leaf}", f"{canonical(home)}.{leaf}")
        if canonical(home).startswith("keras.") and not home.startswith("tensorflow."):
            names = served(canonical(home))
        else:
            names = served(home)
        new_leaf = renamed.rpartition(".")[2]
        if names is None or new_leaf not in names:
            advice = MISSING_ADVICE.get(f"{canonical(home)}.{leaf}", "")
            if advice.startswith("FM"):
                return Target("missing", advice, None, "")
            return Target("missing", code_, None, advice)
        return Target("move", code_, _raw(home, via_tf) + "." + new_leaf)
    if module in PARTIAL_MODULES:
        if via_tf:
            names = served(raw.rpartition(".")[0])
            if names is None or leaf in names:
                return None
            return Target("missing", "FM409", None, "")
        if leaf in (served(module) or ()):
            return None
        home = PARTIAL_MODULES[module]
        if leaf in (served(home) or ()):
            return Target("move", "FM409", f"{home}.{leaf}")
        return Target("missing", "FM409", None, "")
    if path in RENAMED:
        new = RENAMED[path]
        return Target("rename", RENAME_CODE.get(module, "FM408"), _raw(new, via_tf))
    if module in CHECKED_MODULES:
        names = (served(f"tensorflow.{module}") if via_tf else None) or served(module)
        if names is not None and leaf not in names:
            advice = MISSING_ADVICE.get(path, "")
            if advice.startswith("FM"):
                return Target("missing", advice, None, "")
            if module == "keras.backend":
                ops = SERVED["keras.ops"]
                advice = BACKEND_ADVICE.get(leaf) or (f"use keras.ops.{leaf} (check its arguments)" if leaf in ops else
                                                      f"use tensorflow.keras.backend.{leaf} (tf.keras's function, which "
                                                      "Keras 3 serves for TensorFlow tensors: inside a Lambda layer, a "
                                                      "loss or a metric)" if leaf in SERVED["tensorflow.keras.backend"]
                                                      else "")
                return Target("missing", "FM417", None, advice)
            return Target("missing", "FM408", None, advice)
    return None


def _meaning(raw: str) -> Tuple[str, bool]:
    """What an imported path is under Keras 3 (through moves and renames), and whether it came through
    tensorflow.keras (whose Keras 2 was tf.keras, not standalone Keras)."""
    found = target(raw)
    path = found.path if found is not None and found.path is not None else raw
    return canonical(path), raw.startswith("tensorflow.")


def _raw(path: str, via_tf: bool) -> str:
    if via_tf and path.startswith("keras."):
        return "tensorflow." + path
    return path


def effective(names: Names, node: cst.CSTNode) -> Optional[str]:
    """The canonical Keras 3 path an expression refers to, through moves and renames (None: not Keras)."""
    raw = names.resolve(node)
    if raw is None:
        return None
    found = target(raw)
    if found is not None and found.path is not None:
        return canonical(found.path)
    return canonical(raw)


def _layer_class(path: Optional[str]) -> Optional[str]:
    if path is None:
        return None
    module, leaf = _module_name(path)
    if module == "keras.layers" or (module == "keras" and leaf in ("Input", "Model", "Sequential")):
        return LAYER_ALIASES.get(leaf, leaf)
    return None


# What a star import of a Keras module bound in Keras 1/2 (its public names: ``keras/layers/__init__.py``
# imported every layer module's classes, ``keras/models.py`` Input and the saving functions besides the
# models), as far as the rules judge them; Keras 3's public names besides.
_KERAS2_STAR_EXTRA: Dict[str, FrozenSet[str]] = {
    "keras.layers": frozenset(LAYERS) | frozenset(LAYER_ALIASES) | frozenset({"merge", "Merge"}),
    "keras.models": frozenset({"Input", "InputLayer", "Layer", "model_from_yaml", "model_from_config"}),
    "keras.optimizers": frozenset(LOWERCASE_OPTIMIZERS),
    "keras.utils": frozenset({"np_utils", "generic_utils"}),
}


# Names a Keras 2 star import bound that the same module of Keras 3 does not: where Keras 3 serves them
# (Keras 2.0-2.2.4's keras/models.py imported Input, InputLayer and Layer from keras.engine).
STAR_HOMES: Dict[str, Dict[str, str]] = {"keras.models": {"Input": "keras.layers", "InputLayer": "keras.layers",
                                                          "Layer": "keras.layers"}}


def star_names(module: str) -> FrozenSet[str]:
    """The names ``from <module> import *`` bound that the rules can judge (Keras modules only)."""
    path = canonical(module)
    if not path.startswith("keras") or path in MOVED_MODULES:
        home = MOVED_MODULES.get(path, (None, None))[1]
        if home is None:
            return frozenset()
        path = canonical(home)
    names = set(SERVED.get(path, ())) | _KERAS2_STAR_EXTRA.get(path, frozenset())
    prefix = path + "."
    names.update(p[len(prefix):] for p in (*MISSING_ADVICE, *RENAMED) if p.startswith(prefix) and
                 "." not in p[len(prefix):])
    return frozenset(n for n in names if not n.startswith("_"))


# ---- the finder -----------------------------------------------------------------------------------


class Finder:
    def __init__(self, module: cst.Module, source: str, path: Optional[Path] = None) -> None:
        self.module = module
        self.source = source
        self.path = Path(path) if path is not None else None
        self.scan = _Scan()
        self.scan.visit_Module(module)
        for index, statement in enumerate(module.body):
            self.scan.top = index
            walk.visit(statement, self.scan)
        self.names = Names(self.scan)
        self.breaks: List[Break] = []
        self._module_refs: Set[str] = set()  # names whose import is rewritten to another module
        self._added: Dict[str, AddImport] = {}
        self._claimed: Set[int] = set()  # attributes a call or comparison rule has judged
        self._removed_calls: Dict[str, Set[int]] = {}  # name -> its uses (calls) that a fix removes
        roots = {canonical(path).split(".")[0] for found in self.scan.bindings.values() for path, _, _ in found}
        roots.update((dotted(at.statement.module) or "").split(".")[0] for at in self.scan.imports
                     if isinstance(at.statement, cst.ImportFrom) and at.statement.module is not None)
        self.keras_file = bool(roots & {"keras", "tensorflow"})
        # Standalone Keras (1 to 2.3) read some arguments otherwise than tf.keras did.
        self._star_layers = any(  # `from keras.layers import *`: Keras 1's merge and Merge came with it
            isinstance(at.statement, cst.ImportFrom) and isinstance(at.statement.names, cst.ImportStar) and
            at.statement.module is not None and
            canonical(dotted(at.statement.module) or "") in ("keras.layers", "keras.engine.topology", "keras.engine",
                                                               "keras.layers.core", "keras.legacy.layers")
            for at in self.scan.imports)
        self.standalone = any(path.split(".")[0] == "keras" for found in self.scan.bindings.values()
                              for path, _, _ in found) or \
            any((module or "").split(".")[0] == "keras" for module, _ in self.scan.stars)

    # ---- what the module shows about the Keras it ran on

    def module_facts(self) -> ModuleFacts:
        if not hasattr(self, "_facts"):
            self._facts = ModuleFacts(self._standalone_evidence(), self._channels_first_evidence(), self._value_of)
        return self._facts

    def _standalone_evidence(self) -> str:
        """What in the module proves it ran on standalone Keras 1 to 2.3 (not tf.keras, not Keras 2.4+,
        whose code is tf.keras's): a layer argument only Keras 1 took (``border_mode=``, ``nb_filter=``,
        ``init=``: Keras 2.0-2.3 converted them, tf.keras never took them), a name only Keras <= 2.3
        exported (``Deconvolution2D``, ``AtrousConvolution2D``, ``Merge``, ``merge()``, ``Highway``,
        ``MaxoutDense``), an optimizer by its lower-case name (``sgd``). Only through ``keras.*`` imports.
        ``Convolution2D`` is not evidence: tf.keras exports it too. "" when there is none."""
        for call, _ in self.scan.calls:
            raw = self.names.resolve(call.func)
            if raw is None or raw.startswith("tensorflow."):
                continue
            module, leaf = _module_name(raw)
            if module.startswith(("keras.layers", "keras.legacy", "keras.engine")) and leaf in KERAS_LE_23_NAMES:
                return f"`{code(call.func)}`, a name only Keras 1 to {KERAS_LE_23_NAMES[leaf]} had"
            if module == "keras.optimizers" and leaf in LOWERCASE_OPTIMIZERS:
                return f"`{code(call.func)}`, a lower-case optimizer name only Keras 1 to 2.3 had"
            layer = _layer_class(effective(self.names, call.func))
            if layer in LAYERS and not any(arg.star for arg in call.args):
                lc = LayerCall(call, layer, leaf, LAYERS[layer], False, self._int_kind)
                keyword = lc.keras1_keyword()
                if leaf in LAYERS[layer].keras1_spellings:
                    return f"`{code(call.func)}`, a name only Keras 1 to 2.3 had"
                if keyword is not None:
                    return f"`{leaf}(..., {keyword}=...)`, a Keras 1 argument tf.keras never took"
        return ""

    def _channels_first_evidence(self) -> str:
        """A per-sample image shape with the channels first (``Input(shape=(3, rows, cols))``,
        ``input_shape=(channels, 224, 224)``), or ``dim_ordering='th'`` / ``data_format='channels_first'``
        written, in a module that neither sets nor reads the ordering (one that does decides it itself,
        and its migration (FM413) keeps that)."""
        for call, _ in self.scan.calls:
            path = effective(self.names, call.func) or ""
            if path.rpartition(".")[2] in ("set_image_dim_ordering", "set_image_data_format", "image_dim_ordering",
                                          "image_data_format"):
                return ""
        for call, _ in self.scan.calls:
            path = effective(self.names, call.func)
            if path is None or not path.startswith("keras."):
                continue
            for index, arg in enumerate(call.args):
                name = arg.keyword.value if arg.keyword is not None else None
                if name in ("dim_ordering", "data_format") and _string(arg.value) in ("th", "channels_first"):
                    return f"`{code(arg)}`"
                shape = name in ("shape", "input_shape", "batch_input_shape") or (
                    name is None and index == 0 and path in ("keras.layers.Input", "keras.Input"))
                if shape and isinstance(arg.value, cst.Tuple):
                    dims = [e.value for e in arg.value.elements][1 if name == "batch_input_shape" else 0:]
                    if len(dims) == 3 and self._channels(dims[0]) and not self._channels(dims[2]):
                        return f"`{code(arg)}`"
        return ""

    def _channels(self, node: cst.BaseExpression) -> bool:
        value = self._int_value(node)
        if value is not None:
            return value in (1, 3)
        name = node.attr.value if isinstance(node, cst.Attribute) else node.value if isinstance(node, cst.Name) else ""
        return "channel" in name.lower()

    def _value_of(self, node: cst.BaseExpression) -> object:
        """A literal, also through a name the module binds once (at any level) to one."""
        value = _literal_value(node)
        if value is _NOT_LITERAL and isinstance(node, cst.Name) and node.value not in self.scan.rebinds and \
                node.value not in self.scan.bindings:
            assigns = self.scan.assigns.get(node.value, [])
            if len(assigns) == 1 and len(assigns[0][0].targets) == 1 and assigns[0][0].value is not None:
                value = _literal_value(assigns[0][0].value)
        return value

    def add(self, code_: str, node: cst.CSTNode, message: str, edits: Sequence[Edit] = ()) -> None:
        self.breaks.append(Break(code_, node, message, list(edits)))

    def run(self) -> List[Break]:
        if not self.keras_file:
            return []
        self.sessions = Sessions(self)
        self.sessions.run()
        self.file_names = FileNames(self, self.path)
        self._renamed: Dict[str, Optional[str]] = {}  # file name -> None (renamed by an earlier break) or why not
        self._string_edits: Dict[int, Replace] = {}  # id(string literal) -> its one Replace
        self._claimed.update(self.sessions.claimed)
        for at in self.scan.imports:
            if isinstance(at.statement, cst.ImportFrom):
                self._import_from(at)
            else:
                self._import(at)
        for compare in self.scan.compares:
            self._compare(compare)
        for call, top in self.scan.calls:
            self._call(call, top)
        self._star_uses()
        self._metric_names()
        bases = {id(attribute.value) for attribute, _ in self.scan.attributes}
        for attribute, top in self.scan.attributes:
            if id(attribute) not in self._claimed:
                self._attribute(attribute, top, id(attribute) in bases)
                self._rate_attribute(attribute)
        self._hold_callee_renames()
        return self.breaks

    def _hold_callee_renames(self) -> None:
        """A call left whole (its arguments reported, not fixed) keeps its callee's name too: renaming
        ``keras.optimizers.rmsprop(lr=...)`` to ``RMSprop(lr=...)`` would half-fix a call the rules
        leave, so the rename is reported with the call instead of made."""
        reported = {id(found.node) for found in self.breaks if not found.edits}
        left = [call for call, _ in self.scan.calls
                if id(call) in reported or any(id(arg) in reported for arg in call.args)]
        callees = {id(call.func): call for call in left}
        for index, found in enumerate(self.breaks):
            if found.edits and id(found.node) in callees and all(isinstance(e, Replace) for e in found.edits):
                self.breaks[index] = Break(found.code, found.node, found.message.replace(
                    ": `fitmigrate migrate` renames it", "") + "; left with the call, which is reported whole")

    def removed_uses(self, setter: cst.Call) -> None:
        """A call a fix removes: the name it was called by, when imported by name and used nowhere else,
        loses its import too (``from keras.backend.tensorflow_backend import set_session``)."""
        if isinstance(setter.func, cst.Name):
            self._removed_calls.setdefault(setter.func.value, set()).add(id(setter.func))

    def _import_only_for_removed(self, name: str) -> bool:
        removed = self._removed_calls.get(name)
        return bool(removed) and all(id(node) in removed for node in self.names.loads(name)) and \
            not self.names.attribute_uses(name)

    def _star_uses(self) -> None:
        """Names a star import of a Keras module binds that Keras 3's module lacks or renamed: reported at
        their first use, renamed where Keras 3 serves the same object under another name, imported from
        their Keras 3 home where only the module changed (``Input`` of ``from keras.models import *``)."""
        for name, nodes in sorted(self.scan.names.items()):
            if name in self.scan.bindings or name in self.scan.other:
                continue
            bound = self.names.star_binding(name)
            loads = self.names.loads(name) + [a.value for a in self.names.attribute_uses(name)]
            if bound is None or not loads:
                continue
            raw = bound[0]
            module = raw.rpartition(".")[0]
            home = STAR_HOMES.get(canonical(module), {}).get(name)
            first = min(loads, key=lambda n: self._position(n))
            if home is not None:
                statement = f"from {_raw(home, raw.startswith('tensorflow.'))} import {name}"
                top = min(self._top_of(n) for n in loads)
                self.add("FM408", first, f"{name} came with `from {module} import *` in Keras 2 (its keras.models "
                                         f"imported it from keras.engine); Keras 3's keras.models does not export it "
                                         f"(NameError): `fitmigrate migrate` adds `{statement}`",
                         [AddImport(statement, top)])
                continue
            found = target(raw)
            if found is None:
                continue
            if found.kind == "rename" and found.path is not None:
                new = found.path.rpartition(".")[2]
                self.add(found.code, first, f"{raw} is {canonical(found.path)} in Keras 3 (the star import binds that "
                                            f"name): `fitmigrate migrate` writes {new}",
                         [Replace(node, new) for node in self.names.loads(name) +
                          [a.value for a in self.names.attribute_uses(name)]])
            elif found.kind == "missing" and canonical(raw) not in ("keras.layers.merge", "keras.layers.Merge"):
                self._report_missing(found, first, raw)

    def _position(self, node: cst.CSTNode) -> int:
        return self.scan.name_tops.get(id(node), (0, 0))[1]

    def _top_of(self, node: cst.CSTNode) -> int:
        return self.scan.name_tops.get(id(node), (0, 0))[0]

    # ---- spelling new paths in the file's own names

    def spell(self, raw: str, top: int, chain: Optional[cst.CSTNode] = None) -> Tuple[str, List[Edit]]:
        """``raw`` written with a name the module binds (through ``chain``'s own prefix first), or
        with an import added for it."""
        if chain is not None:
            prefix = chain
            while isinstance(prefix, cst.Attribute):
                prefix = prefix.value
                resolved = self.names.resolve(prefix)
                if resolved is None:
                    continue
                for candidate in (resolved, canonical(resolved)):
                    if raw == candidate or raw.startswith(candidate + "."):
                        return code(prefix) + raw[len(candidate):], []
        via = self.names.bound_to(raw)
        if via is not None:
            return via, []
        root = "tensorflow" if raw.startswith("tensorflow.") else "keras"
        alias = "tf" if root == "tensorflow" else "keras"
        if alias in self.scan.bindings or alias in self.scan.other:
            alias = root
            if alias in self.scan.other or (alias in self.scan.bindings and self.names.binding(alias) is None):
                return "", []
        statement = f"import {root} as {alias}" if alias != root else f"import {root}"
        edit = self._added.get(statement)
        if edit is None or top < edit.first_use:
            edit = AddImport(statement, top)
            self._added[statement] = edit
        return alias + raw[len(root):], [edit]

    # ---- imports

    def _import_from(self, at: _ImportAt) -> None:
        node = at.statement
        assert isinstance(node, cst.ImportFrom)
        if node.relative or node.module is None:
            return
        raw_module = dotted(node.module)
        if raw_module is None:
            return
        if tf1_module(raw_module) or (raw_module == "tensorflow" and not isinstance(node.names, cst.ImportStar) and
                                      any(dotted(a.name) == "contrib" for a in node.names)):
            if not (raw_module == "tensorflow.contrib" and not isinstance(node.names, cst.ImportStar) and
                    all(dotted(a.name) == "keras" for a in node.names)):
                self.add("FM422", node, f"`{code(node)}`: {TF1_ADVICE['contrib']}")
                return
        if isinstance(node.names, cst.ImportStar):
            module = canonical(raw_module)
            if module in MOVED_MODULES or (module in PARTIAL_MODULES and not raw_module.startswith("tensorflow.")):
                code_, home = MOVED_MODULES.get(module, ("FM409", PARTIAL_MODULES.get(module)))
                where = f"; import the names you use from {home}" if home else ""
                self.add(code_, node, f"`from {raw_module} import *`: {raw_module} is not what it was in Keras 3"
                                      f"{where} (a star import cannot be rewritten exactly)")
            return
        bound_names = [alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name)
                       else dotted(alias.name) or "" for alias in node.names]
        if at.line is not None and len(at.line.body) == 1 and \
                all(self._import_only_for_removed(name) for name in bound_names):
            self.add("FM422", node, f"`{code(node)}`: every use of {', '.join(bound_names)} is removed with TensorFlow 1's "
                                    "session set-up: `fitmigrate migrate` removes the import too",
                     [ReplaceLine(at.line, [])])
            return
        items: List[Tuple[cst.ImportAlias, str, Optional[Target]]] = []
        for alias in node.names:
            name = dotted(alias.name) or ""
            found = target(f"{raw_module}.{name}")
            bound = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) \
                else name
            if f"{canonical(raw_module)}.{name}" == "keras.layers.merge":
                found = self._merge_ref(bound, found)
            if found is not None and found.kind == "move" and f"{canonical(raw_module)}.{name}" in MOVED_MODULES:
                found = self._module_ref(bound, found)
            elif found is None and f"{canonical(raw_module)}.{name}" in PARTIAL_MODULES and \
                    not raw_module.startswith("tensorflow."):
                found = self._partial_ref(bound, f"{canonical(raw_module)}.{name}")
            items.append((alias, name, found))
        if all(found is None for _, _, found in items):
            return
        missing = [(alias, name, found) for alias, name, found in items if found is not None and found.kind == "missing"]
        for alias, name, found in missing:
            assert found is not None
            self._report_missing(found, alias, f"{raw_module}.{name}")
        if missing:
            moved = [name for _, name, found in items if found is not None and found.kind != "missing"]
            if moved:
                codes = {found.code for _, _, found in items if found is not None and found.kind != "missing"}
                self.add(sorted(codes)[0], node, f"`from {raw_module} import {', '.join(moved)}` fails in Keras 3 too, "
                                                  "but this import also names what Keras 3 lacks: fix those first")
            return
        self._rewrite_from(at, raw_module, items)

    def _merge_ref(self, bound: str, found: Optional[Target]) -> Optional[Target]:
        """``from keras.layers import merge`` was Keras 1's merge() function, and Keras 2's module of
        concatenate, add, ...: the module only where the file reads nothing but its attributes."""
        if self.names.attribute_uses(bound) and not self.names.loads(bound):
            return found
        return Target("missing", "FM416", None, "")

    def _module_ref(self, bound: str, found: Target) -> Optional[Target]:
        """A legacy module imported as a name (``from keras.utils import np_utils``): exact to import
        its home under that name when the home serves every attribute the file uses."""
        assert found.path is not None
        problems = self._uses_served(bound, found.path)
        if problems is not None:
            return Target("missing", found.code, None, problems)
        self._module_refs.add(bound)
        return found

    def _partial_ref(self, bound: str, module: str) -> Optional[Target]:
        """``from keras.preprocessing import image``: Keras 3's own module lacks ImageDataGenerator;
        tensorflow.keras's serves it and everything else the file uses."""
        uses = self.names.attribute_uses(bound)
        if all(use.attr.value in (served(module) or ()) for use in uses):
            return None
        home = PARTIAL_MODULES[module]
        problems = self._uses_served(bound, home)
        if problems is not None:
            return Target("missing", "FM409", None, problems)
        self._module_refs.add(bound)
        return Target("move", "FM409", home)

    def _uses_served(self, bound: str, home: str) -> Optional[str]:
        names = served(home) if home.startswith("tensorflow.") else served(canonical(home))
        if names is None:
            return f"{home} is not a module Keras 3 serves"
        if self.names.loads(bound):
            return f"`{bound}` is used as a value, so the names it needs cannot be checked: import them from {home}"
        lacking = sorted({use.attr.value for use in self.names.attribute_uses(bound)
                          if use.attr.value not in names and not use.attr.value.startswith("__")})
        if lacking:
            return f"{home} has no {', '.join(lacking)}"
        return None

    def _report_missing(self, found: Target, node: cst.CSTNode, path: str) -> None:
        name = path.rpartition(".")[2]
        if found.code == "FM414":
            self.add("FM414", node, MULTI_GPU_MESSAGE)
        elif found.code == "FM416" and name == "merge":
            self.add("FM416", node, "merge is Keras 1's merge() function (Keras 2.0-2.1 kept it as keras.layers.merge; "
                                    "Keras 2.2 removed it, and keras.layers.merge became the module of concatenate, "
                                    "add, ...) and Keras 3 has neither: call keras.layers.concatenate / add / "
                                    "multiply / average / maximum / dot on functional-API tensors (merge(..., "
                                    "mode='concat') is concatenate(...))" + (
                                        "; a module that star-imports this one needs them too"
                                        if isinstance(node, cst.ImportAlias) else ""))
        elif found.code == "FM416":
            self.add("FM416", node, f"{name} was removed in Keras 2.2 (Keras 1's merge layer, which Keras 2.0-2.1 "
                                    "kept, deprecated): "
                                    "use keras.layers.concatenate / add / multiply / average / maximum / dot on "
                                    "functional-API tensors (a Sequential model of two branches becomes a functional model)")
        elif found.code == "FM413":
            self.add("FM413", node, f"{name} was removed in Keras 2.3: use keras.backend.set_image_data_format / "
                                    "image_data_format ('tf' is 'channels_last', 'th' is 'channels_first')")
        else:
            advice = f": {found.advice}" if found.advice else ""
            self.add(found.code, node, f"{path} does not exist in Keras 3{advice}")

    def _rewrite_from(self, at: _ImportAt, raw_module: str, items) -> None:
        node = at.statement
        assert isinstance(node, cst.ImportFrom)
        # Each name's new module and name.
        wanted: List[Tuple[cst.ImportAlias, str, str, Optional[str], Optional[Target]]] = []
        for alias, name, found in items:
            asname = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) \
                else None
            if found is None:
                wanted.append((alias, raw_module, name, asname, None))
                continue
            assert found.path is not None
            new_module, new_name = _module_name(found.path)
            if new_name != name and asname is None:
                asname = name
            wanted.append((alias, new_module, new_name, asname, found))
        modules = []
        for _, module, _, _, _ in wanted:
            if module not in modules:
                modules.append(module)
        if len(modules) > 1:
            for module in modules:  # one module that serves every name keeps the statement whole
                names = served(module) if module.startswith("tensorflow.") else served(canonical(module))
                if names is not None and all(new_name in names for _, _, new_name, _, _ in wanted):
                    wanted = [(alias, module, new_name, asname, found) for alias, _, new_name, asname, found in wanted]
                    modules = [module]
                    break
        codes = sorted({found.code for *_, found in wanted if found is not None})
        summary = self._import_message(raw_module, [(name, found) for _, name, found in items])
        if len(modules) == 1:
            edits: List[Edit] = []
            if modules[0] != raw_module:
                edits.append(Replace(node.module, modules[0]))  # type: ignore[arg-type]
            for alias, _, new_name, asname, found in wanted:
                old = dotted(alias.name)
                if new_name != old:
                    edits.append(ReplaceAlias(alias, f"{new_name} as {asname}" if asname and asname != new_name
                                              else new_name))
            self.add(codes[0], node, summary + f": `fitmigrate migrate` imports from {modules[0]}", edits)
            return
        line = at.line
        if line is None or len(line.body) != 1 or "\n" in code(node) or node.lpar is not None:
            self.add(codes[0], node, summary + ": split this import by hand (" + "; ".join(
                f"{', '.join(n for _, m, n, _, _ in wanted if m == module)} from {module}" for module in modules) + ")")
            return
        statements = []
        for module in modules:
            names = ", ".join(f"{n} as {a}" if a and a != n else n for _, m, n, a, _ in wanted if m == module)
            statements.append(f"from {module} import {names}")
        self.add(codes[0], node, summary + ": `fitmigrate migrate` splits it: " + "; ".join(statements),
                 [SplitImport(line, statements)])

    def _import_message(self, raw_module: str, items) -> str:
        module = canonical(raw_module)
        if module in MOVED_MODULES:
            return f"{raw_module} does not exist in Keras 3"
        parts = []
        for name, found in items:
            if found is None:
                continue
            if found.kind == "rename":
                parts.append(f"{raw_module}.{name} is {found.path} in Keras 3")
            elif found.code == "FM409":
                parts.append(f"{raw_module}.{name} is served by tensorflow.keras only ({found.path})")
            else:
                parts.append(f"{raw_module}.{name} is {found.path} in Keras 3")
        return "; ".join(parts)

    def _import(self, at: _ImportAt) -> None:
        node = at.statement
        assert isinstance(node, cst.Import)
        for alias in node.names:
            raw = dotted(alias.name)
            if raw is None:
                continue
            module = canonical(raw)
            asname = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) \
                else None
            if tf1_module(raw):
                self.add("FM422", alias, f"{raw}: {TF1_ADVICE['contrib']}")
                continue
            if private_public(raw) != raw and module not in MOVED_MODULES:
                if asname is None:
                    self.add("FM421", alias, f"{raw} is not Keras 3 ({_PRIVATE_WHAT}): import the public "
                                             "tensorflow.keras path and spell it through that name")
                else:
                    self.add("FM421", alias, f"{raw} is not Keras 3 ({_PRIVATE_WHAT}): `fitmigrate migrate` imports "
                                             f"{private_public(raw)}, the public path it was",
                             [Replace(alias.name, private_public(raw))])
                continue
            if module in MOVED_MODULES:
                code_, home = MOVED_MODULES[module]
                if home is None:
                    advice = MISSING_ADVICE.get(module, "import the names it held from their Keras 3 modules "
                                                        "(keras.layers, keras.models, keras.utils)")
                    self.add(code_, alias, f"{raw} does not exist in Keras 3: {advice}")
                    continue
                new = _raw(home, raw.startswith("tensorflow."))
                if asname is not None:
                    problems = self._uses_served(asname, new)
                    if problems is not None:
                        self.add(code_, alias, f"{raw} does not exist in Keras 3: {problems}")
                        continue
                    self._module_refs.add(asname)
                self.add(code_, alias, f"{raw} does not exist in Keras 3: `fitmigrate migrate` imports {new}",
                         [Replace(alias.name, new)])
            elif module in PARTIAL_MODULES and asname is not None and not raw.startswith("tensorflow."):
                found = self._partial_ref(asname, module)
                if found is None:
                    continue
                if found.kind == "missing":
                    self.add("FM409", alias, f"{raw} lacks what this file uses from it in Keras 3: {found.advice}")
                    continue
                assert found.path is not None
                self.add("FM409", alias, f"{raw} in Keras 3 lacks what this file uses from it "
                                         f"(ImageDataGenerator and its kin): `fitmigrate migrate` imports {found.path}, "
                                         "which serves them", [Replace(alias.name, found.path)])

    # ---- dotted chains and names from modules

    def _attribute(self, node: cst.Attribute, top: int, is_base: bool) -> None:
        base = node.value
        if isinstance(base, cst.Name) and base.value in self._module_refs:
            return  # its import is rewritten to a module that serves it
        raw_base = self.names.resolve(base)
        if raw_base is None:
            return
        raw = f"{raw_base}.{node.attr.value}"
        root = base
        while isinstance(root, cst.Attribute):
            root = root.value
        bound = self.names.binding(root.value) if isinstance(root, cst.Name) else None
        if bound is not None and private_public(bound[0]) != bound[0]:
            raw = private_public(raw)  # its import is rewritten to the public path (FM421): judged as that path
            raw_base = private_public(raw_base)
        if canonical(raw) == "keras.activations.hard_sigmoid":
            self.add("FM427", node, f"{raw} runs under Keras 3 and computes otherwise: {HARD_SIGMOID}: "
                                    f"{HARD_SIGMOID_ADVICE}")
            return
        if canonical(raw_base) in MOVED_MODULES and isinstance(base, cst.Name):
            return  # `import keras.utils.np_utils as u`: judged at the import
        if raw_base == "tensorflow":
            self._tf1(node, raw, top)
            return
        if is_base and private_public(raw) != raw:
            return  # `tf.python.keras` in `tf.python.keras.layers.Dense`: judged with the name it leads to
        found = target(raw)
        if found is None:
            return
        if is_base and canonical(raw) in MOVED_MODULES:
            return  # `keras.layers.core` in `keras.layers.core.Dense`: judged with the name it leads to
        if canonical(raw) == "keras.layers.merge":  # not the base of an attribute: Keras 1's function
            self._report_missing(Target("missing", "FM416", None, ""), node, raw)
            return
        if found.kind == "missing":
            self._report_missing(found, node, raw)
            return
        assert found.path is not None
        if found.kind == "rename":
            new_leaf = found.path.rpartition(".")[2]
            self.add(found.code, node, f"{raw} is {canonical(found.path)} in Keras 3: `fitmigrate migrate` renames it",
                     [Replace(node.attr, new_leaf)])
            return
        if isinstance(base, cst.Name) and (self.names.binding(base.value) or ("", None, None))[0] == raw_base and \
                canonical(raw_base) in PARTIAL_MODULES:
            return  # `from keras.preprocessing import image` or `import ... as kimage`: judged at the import
        spelled, edits = self.spell(found.path, top, node)
        if not spelled:
            self.add(found.code, node, f"{raw} is {found.path} in Keras 3 (no name in this file reaches it)")
            return
        self.add(found.code, node, f"{raw} is {found.path} in Keras 3: `fitmigrate migrate` writes {spelled}",
                 [Replace(node, spelled), *edits])

    def _tf1(self, node: cst.Attribute, raw: str, top: int) -> None:
        """``tf.<name>`` that TensorFlow 2 lacks (FM422): renamed where tf.compat.v1 serves the same function
        and keeping it is exact, reported with the TensorFlow 2 way otherwise."""
        name = node.attr.value
        if name in TF1_RENAMED:
            self.add("FM422", node, f"tf.{name} is TensorFlow 1's name (AttributeError in TensorFlow 2): `fitmigrate "
                                    f"migrate` writes {code(node.value)}.{TF1_RENAMED[name]}, the same function (Keras 3 "
                                    "builds no model in TensorFlow's default graph; keras.backend.clear_session() resets "
                                    "Keras' own state)", [Replace(node.attr, TF1_RENAMED[name])])
        elif name in TF1_ADVICE:
            self.add("FM422", node, f"tf.{name} is TensorFlow 1's (AttributeError in TensorFlow 2): {TF1_ADVICE[name]}")

    # ---- calls

    def _call(self, call: cst.Call, top: int) -> None:
        path = effective(self.names, call.func)
        if isinstance(call.func, cst.Attribute):
            method = call.func.attr.value
            if method in ("predict_classes", "predict_proba"):
                self._predict_classes(call, method)
            elif method == "fit":
                self._fit_keras1(call)
            elif method in ("save_weights", "save"):
                self._save(call, method)
            elif method == "compile":
                self._compile_optimizer(call)
                self._removed_keywords(call, "compile()", COMPILE_REMOVED)
        if isinstance(call.func, cst.Name) and call.func.value in ("merge", "Merge") and self._star_layers and \
                call.func.value not in self.scan.bindings and call.func.value not in self.scan.other:
            self._report_missing(Target("missing", "FM416", None, ""), call, call.func.value)
        if path is None:
            return
        module, leaf = _module_name(path)
        if module == "keras.backend" and isinstance(call.func, cst.Attribute):
            raw_func = self.names.resolve(call.func) or ""
            if leaf in ("get_value", "set_value", "eval") and self._rate_call(call, leaf):
                return
            if not raw_func.startswith("tensorflow.") and (leaf in BACKEND or leaf == "int_shape"):
                self._backend(call, leaf, top)
        if module == "keras.optimizers" and leaf in OPTIMIZERS:
            self._optimizer(call, leaf, top)
        elif path in ("keras.models.Model", "keras.Model"):
            self._model(call)
        elif path == "keras.backend.set_image_dim_ordering":
            self._set_dim_ordering(call)
        elif path == "keras.utils.to_categorical":
            self._to_categorical(call)
        elif path == "keras.callbacks.ModelCheckpoint":
            self._checkpoint(call)
        elif path == "keras.callbacks.ReduceLROnPlateau":
            self._reduce_lr(call)
        elif path == "keras.callbacks.TensorBoard":
            self._removed_keywords(call, "TensorBoard", TENSORBOARD_REMOVED)

        layer = _layer_class(path)
        raw = self.names.resolve(call.func) or ""
        if layer is not None:
            self._layer(call, layer, raw.startswith("tensorflow."), (raw or path or "").rpartition(".")[2])

    # optimizers: FM401 lr, FM402 decay, FM404 positions, FM405 epsilon=None, FM418 default learning rate
    def _optimizer(self, call: cst.Call, cls: str, top: int) -> None:
        """Every argument bound to the optimizer's Keras 1/2 signature, as each Keras that could have run
        it bound it; all translated to Keras 3, or none (a call half fixed can run where it failed, with
        what was not translated silently lost: ``SGD(lr=, decay=)`` with its decay ignored)."""
        if any(arg.star for arg in call.args):
            return
        raw = self.names.resolve(call.func) or ""
        via_tf = raw.startswith("tensorflow.")
        oc = OptimizerCall(call, cls, LEGACY_OPTIMIZERS[cls], via_tf, raw.rpartition(".")[2] in LOWERCASE_OPTIMIZERS,
                           self.module_facts().standalone)
        outcomes = oc.outcomes()
        reading, why = decide(outcomes)
        keywords = {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}
        if reading is None:
            if any(o.reading is not None for o in outcomes):
                why = why.replace("the Keras releases that accept it read it differently: ", "")
                self.add("FM404", call, f"the positional arguments of {cls}() meant different parameters in the Keras "
                                        f"releases that could have run this call ({why}; Keras 3 reads them as "
                                        "tf.keras did): pass them by keyword, with the names of the release the "
                                        "script was written for")
            else:
                legacy = next((keywords[k] for k in ("lr", "decay", "schedule_decay") if k in keywords), None)
                if legacy is not None:
                    name = legacy.keyword.value  # type: ignore[union-attr]
                    self.add("FM401" if name == "lr" else "FM402", legacy,
                             f"{cls}() is left as it is: no Keras release read it ({why})")
            return
        ok = [o.dialect for o in outcomes if o.reading is not None]
        parts = _OptimizerParts()
        self._optimizer_parts(call, cls, reading, oc, ok, via_tf, top, parts)
        self._optimizer_training(call, cls, reading, oc, ok, parts)
        if cls == "Nadam" and parts.fixes and not any(code_ == "FM402" for code_, _, _ in parts.refused):
            parts.refuse("FM402", call, "Keras 3's Nadam schedules its momentum as 0.96 ** step, where Keras 1/2 and "
                                        "tf.keras used 0.96 ** (step * schedule_decay) (0.004 unless given): the same "
                                        "arguments train differently, so this call is not made to run under Keras 3 "
                                        "silently; keep Keras 2's Nadam (tf_keras), or switch to Keras 3's and review "
                                        "the training")
        if parts.refused:
            for code_, node, message in parts.refused:
                self.add(code_, node, message)
            blocker_code, blocker, _ = parts.refused[0]
            because = (f"`{_arg_text(blocker)}` does not" if isinstance(blocker, cst.Arg) else
                       f"Keras 3's {cls} trains otherwise")
            for code_, node, message, _ in parts.fixes:
                problem, _, action = message.partition(": `fitmigrate migrate` ")
                self.add(code_, node, f"{problem}: left as it is, with the whole call (`fitmigrate migrate` {action} "
                                      f"only when the whole call translates exactly, and {because}: {blocker_code})")
        else:
            for code_, node, message, edits in parts.fixes:
                self.add(code_, node, message, edits)
        if "lr" not in reading.values and "decay" not in reading.values and not via_tf and \
                KERAS2_DEFAULT_LR[cls] != KERAS3_DEFAULT_LR[cls]:
            self.add("FM418", call, f"{cls}() without a learning rate trained at {KERAS2_DEFAULT_LR[cls]} in Keras 1 "
                                    f"to 2.3 and trains at {KERAS3_DEFAULT_LR[cls]} in Keras 3 (and tf.keras): "
                                    f"write learning_rate={KERAS2_DEFAULT_LR[cls]} if the script was tuned for Keras 2")

    def _optimizer_parts(self, call: cst.Call, cls: str, reading: Reading, oc: OptimizerCall, ok: List[str],
                         via_tf: bool, top: int, parts: "_OptimizerParts") -> None:
        positional, accepted = SIGNATURES[f"keras.optimizers.{cls}"]
        accepted = accepted | frozenset(positional)
        carried = {id(value.args[0]): name for name, value in reading.values.items()}
        index, keep, moved = 0, True, []
        for arg in call.args:
            name = carried[id(arg)]
            if name in CLIPPING:  # keyword-only everywhere: _optimizer_training
                continue
            if name == "decay":
                if self._decay(call, cls, arg, reading, oc, ok, via_tf, top, parts) and arg.keyword is None:
                    keep = False
                continue
            if name == "schedule_decay":
                parts.refuse("FM402", arg, "Keras 3's Nadam has no schedule_decay (ValueError), and its momentum "
                                           "schedule is fixed (0.96 ** step, where Keras 2 used 0.96 ** (step * "
                                           "schedule_decay)): remove it and review the training, or keep Keras 2's "
                                           "Nadam on tf_keras")
                continue
            new = "learning_rate" if name == "lr" else name
            if new not in accepted:
                parts.refuse("FM404", arg, f"Keras 3's {cls}() has no {new}=: remove it or find its Keras 3 "
                                           "counterpart by hand")
                continue
            value = None
            if name == "epsilon" and isinstance(arg.value, cst.Name) and arg.value.value == "None":
                if "set_epsilon" in self.source:
                    parts.refuse("FM405", arg, f"epsilon=None meant K.epsilon() in Keras 2, and Keras 3's {cls}() "
                                               "fails on None at its first step: give the number (this file changes "
                                               "K.epsilon())")
                    continue
                value = KERAS2_EPSILON
            keyword = None
            if arg.keyword is None:
                if keep and index < len(positional) and positional[index] == new:
                    index += 1
                else:
                    keep = False
                    keyword = new
                    moved.append((arg, name))
            elif arg.keyword.value != new:
                keyword = new
            if name == "lr" and arg.keyword is not None and arg.keyword.value == "lr":
                parts.fix("FM401", arg, f"Keras 3's {cls}() rejects lr= (ValueError): `fitmigrate migrate` renames it "
                                        "learning_rate=", [EditArg(arg, keyword)])
                keyword = None
            if value is not None:
                parts.fix("FM405", arg, f"epsilon=None meant K.epsilon() (1e-07) in Keras 2; Keras 3's {cls}() fails "
                                        "on None at its first step: `fitmigrate migrate` writes epsilon=1e-07",
                          [EditArg(arg, keyword if keyword is not None else None, value)])
                if keyword is not None and (arg, name) in moved:
                    moved.remove((arg, name))
                keyword = None
            if keyword is not None and (arg, name) not in moved:
                parts.fix("FM404", arg, f"{cls}()'s {name}= is {new}= in Keras 3: `fitmigrate migrate` renames it",
                          [EditArg(arg, keyword)])
        if moved:
            first = moved[0][0]
            names = [name for _, name in moved]
            parts.fix("FM404", first, f"{cls}()'s positional arguments after the learning rate meant {', '.join(names)} "
                                      f"in Keras 1/2, and other parameters at those positions in Keras 3 "
                                      f"({', '.join(positional[1:4])}, ...): `fitmigrate migrate` passes them by "
                                      "keyword", [EditArg(arg, name) for arg, name in moved])

    def _optimizer_training(self, call: cst.Call, cls: str, reading: Reading, oc: OptimizerCall, ok: List[str],
                            parts: "_OptimizerParts") -> None:
        """FM427: what Keras 3 would train otherwise than the releases that could have run the call, as the
        numeric oracle measures it (``tests/legacy_numerics.py``): standalone Keras 1-2.3 clipped
        ``clipnorm=`` by the global norm of all gradients (Keras 3's ``global_clipnorm=``; tf.keras's and
        Keras 3's ``clipnorm=`` clip each gradient by its own norm), applied ``clipnorm`` and ``clipvalue``
        both (Keras 3 takes one); RMSprop and Adagrad put epsilon outside the square root (and standalone
        Adagrad started its accumulators at 0), which no Keras 3 argument reproduces."""
        standalone = [d for d in ok if d in (KERAS22, KERAS23)]
        proof = oc.standalone_only(ok)
        clips = [name for name in CLIPPING if name in reading.values]
        if len(clips) > 1:
            norm, value = (_literal(reading.values[n].args[0].value) if n in reading.values else None
                           for n in ("clipnorm", "clipvalue"))
            idle = isinstance(norm, (int, float)) and isinstance(value, (int, float)) and 0 < norm <= value
            parts.refuse("FM427", call, f"Keras 3's {cls}() takes one of clipnorm=, clipvalue= and global_clipnorm= "
                                        f"(ValueError with {' and '.join(f'{c}=' for c in clips)}), where Keras 1-2.3 "
                                        "clipped by the global norm and then each value: " + (
                                            "here clipvalue= never acted (no value exceeds the norm clipnorm= leaves): "
                                            "remove it" if idle else "keep one, or clip the gradients yourself (a "
                                            "custom train_step)"))
        elif clips == ["clipnorm"]:
            arg = reading.values["clipnorm"].args[0]
            value = _literal(arg.value)
            if isinstance(value, (int, float)) and value <= 0:
                pass  # no clipping, in any release
            elif standalone and proof:
                parts.fix("FM427", arg, f"clipnorm= clipped the gradients by their global norm in standalone Keras 1-2.3 "
                                        f"({proof}), each by its own norm in Keras 3: `fitmigrate migrate` writes "
                                        "global_clipnorm=, Keras 3's clipping by the global norm",
                          [EditArg(arg, "global_clipnorm")])
            elif standalone:
                parts.refuse("FM427", arg, "clipnorm= clipped the gradients by their global norm in standalone Keras "
                                           "1-2.3 (Keras 3's global_clipnorm=), each by its own norm in tf.keras and "
                                           "Keras 2.4+ (Keras 3's clipnorm=), and nothing in this file says which one "
                                           "ran it: write global_clipnorm= if it was standalone Keras, keep clipnorm= "
                                           "if tf.keras")
        if cls == "RMSprop":
            momentum = reading.values.get("momentum")
            value = _literal(momentum.args[0].value) if momentum is not None else None
            if not (ok == [TF_KERAS] and isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0):
                parts.refuse("FM427", call, RMSPROP_TRAINS_OTHERWISE)
        elif cls == "Adagrad":
            if standalone:
                parts.refuse("FM427", call, ADAGRAD_TRAINS_OTHERWISE)
            elif "initial_accumulator_value" in reading.values or "epsilon" in reading.values:
                parts.refuse("FM427", call, "tf.keras's Adagrad divided each step by sqrt(a) + epsilon, Keras 3's by "
                                            "sqrt(a + epsilon): with the default initial_accumulator_value (0.1) and "
                                            "epsilon they step alike, with others they may not: check the steps, or "
                                            "keep this optimizer on tf_keras")

    def _compile_optimizer(self, call: cst.Call) -> None:
        """``compile(optimizer='adadelta')``: the string's defaults are Keras 3's (FM418); 'rmsprop' and
        (standalone Keras's) 'adagrad' step otherwise in Keras 3 (FM427)."""
        arg = next((a for a in call.args if a.keyword is not None and a.keyword.value == "optimizer"), None)
        if arg is None and call.args and call.args[0].keyword is None:
            arg = call.args[0]
        name = _string(arg.value) if arg is not None else None
        cls = {n.lower(): n for n in OPTIMIZERS}.get(name or "")
        if cls == "RMSprop":
            self.add("FM427", arg, f"optimizer='{name}': {RMSPROP_TRAINS_OTHERWISE}")
        elif cls == "Adagrad" and self.standalone:
            self.add("FM427", arg, f"optimizer='{name}', if the script ran on standalone Keras: {ADAGRAD_TRAINS_OTHERWISE}")
        if not self.standalone:
            return
        if cls is None or KERAS2_DEFAULT_LR[cls] == KERAS3_DEFAULT_LR[cls]:
            return
        assert arg is not None
        self.add("FM418", arg, f"optimizer='{name}' trained at a learning rate of {KERAS2_DEFAULT_LR[cls]} in Keras 1 to "
                               f"2.3 and trains at {KERAS3_DEFAULT_LR[cls]} in Keras 3 (and tf.keras): pass "
                               f"keras.optimizers.{cls}(learning_rate={KERAS2_DEFAULT_LR[cls]}) if the script was tuned "
                               "for Keras 2")

    def _decay(self, call: cst.Call, cls: str, decay: cst.Arg, reading: Reading, oc: OptimizerCall, ok: List[str],
               via_tf: bool, top: int, parts: "_OptimizerParts") -> bool:
        """FM402: the schedule Keras 2's decay was, or decay=0 removed. True when the argument goes."""
        value = _literal(decay.value)
        if value == 0 and not isinstance(value, bool):
            parts.fix("FM402", decay, f"Keras 3's {cls}() ignores decay= (it only warns); decay=0 decayed nothing: "
                                      "`fitmigrate migrate` removes it", [DropArg(call, decay)])
            return True
        why = "Keras 3 ignores decay= with a warning, so the learning rate would stay constant"
        if _SETS_LR.search(self.source):
            parts.refuse("FM402", decay, f"{why}; Keras 2 applied lr / (1 + decay * iterations), which is "
                                         "keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay), "
                                         "but this file also sets or reads the learning rate while training (a "
                                         "schedule cannot be set): rewrite it by hand")
            return False
        lr = reading.values.get("lr")
        lr_arg = lr.args[0] if lr is not None else None
        if lr_arg is None:
            defaults = oc.default_lr(ok)
            if len(set(defaults.values())) > 1:
                parts.refuse("FM402", decay, f"{why}; the learning rate it decayed is {cls}'s default, which was "
                                             f"{KERAS2_DEFAULT_LR[cls]} in Keras 1-2.3 and {KERAS3_DEFAULT_LR[cls]} in "
                                             "tf.keras: write learning_rate=keras.optimizers.schedules."
                                             "InverseTimeDecay(<lr>, decay_steps=1, decay_rate=decay) with the one the "
                                             "script was tuned with")
                return False
            lr_code = next(iter(defaults.values()))
        else:
            lr_code = code(lr_arg.value)
        schedules, added = self.spell(_raw("keras.optimizers.schedules.InverseTimeDecay", via_tf), top, call.func)
        if not schedules:
            parts.refuse("FM402", decay, f"{why}: write learning_rate=keras.optimizers.schedules.InverseTimeDecay(lr, "
                                         "decay_steps=1, decay_rate=decay) (no name in this file reaches it)")
            return False
        value_code = f"{schedules}({lr_code}, decay_steps=1, decay_rate={code(decay.value)})"
        if lr_arg is None:
            edits: List[Edit] = [EditArg(decay, keyword="learning_rate", value=value_code)]
        else:
            edits = [EditArg(lr_arg, keyword="learning_rate" if lr_arg.keyword is not None else None, value=value_code),
                     DropArg(call, decay)]
        parts.fix("FM402", decay, f"{why}; Keras 2 applied lr / (1 + decay * iterations) at every step: `fitmigrate "
                                  "migrate` writes the same schedule, learning_rate=InverseTimeDecay(lr, decay_steps=1, "
                                  "decay_rate=decay)", [*edits, *added])
        return lr_arg is not None

    # FM425 keras.backend functions Keras 3 moved to keras.ops
    def _backend(self, call: cst.Call, leaf: str, top: int) -> None:
        """``K.sum(x, axis=1)`` is ``keras.ops.sum(x, axis=1)``: every argument bound to the Keras 1/2
        signature (``fitmigrate/legacy/backend.py``), renamed where keras.ops names it otherwise, the Keras 2
        default written where Keras 3's differs; all or nothing."""
        if any(arg.star for arg in call.args):
            return  # the attribute's FM417 says what to use
        written = code(call.func)
        if leaf == "int_shape":
            if len(call.args) != 1 or call.args[0].keyword is not None:
                return  # the attribute's FM417 says what to use
            self._claimed.add(id(call.func))
            value = call.args[0].value
            template = "{}.shape" if isinstance(value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) \
                else "({}).shape"
            self.add("FM425", call, f"{written}() is not in Keras 3's keras.backend (AttributeError): `fitmigrate "
                                    "migrate` writes tuple(x.shape), the tuple of ints and None Keras 2's int_shape "
                                    "returned", [Replace(call.func, "tuple"), Wrap(value, template)])
            return
        fn = BACKEND[leaf]
        bound, why = self._bind_backend(call, fn)
        if bound is not None and fn.dtype == "float" and not self._float(bound[fn.keras2.positional[0]].value):
            why = (f"it is the same on float tensors only ({_DTYPE_WHY.get(leaf, '')}), and "
                   f"`{code(bound[fn.keras2.positional[0]].value)}` is not provably one")
        if bound is not None and why is None and fn.keras2.positional and fn.keras2.positional[0] in bound:
            tensor = bound[fn.keras2.positional[0]].value
            built = self._functional_tensor(tensor)
            if built:
                why = (f"`{code(tensor)}` is a tensor of the functional model being built ({built}): Keras 2's "
                       f"{leaf}() gave a TensorFlow tensor of it, Keras 3's gives a symbolic KerasTensor, which only "
                       "a layer can take (a Lambda's function cannot close over it)")
        if bound is not None and why is None:
            for name in sorted(fn.int_literals & set(bound)):
                literal = _literal(bound[name].value)
                if not isinstance(literal, int) or isinstance(literal, bool):
                    why = f"{name}=`{code(bound[name].value)}` is not an int literal (a float bound was truncated by " \
                          "Keras 2's cast, and keras.ops.arange refuses it in int32)"
        self._claimed.add(id(call.func))
        ops = f"keras.ops.{fn.ops}"
        if why is not None:
            self.add("FM417", call, f"{written}() is not in Keras 3's keras.backend (AttributeError); {ops} is its "
                                    f"Keras 3 counterpart, but {why}: write {ops}(...) by hand where that holds")
            return
        assert bound is not None
        spelled, added = self.spell(ops, top)
        if not spelled:
            self.add("FM417", call, f"{written}() is not in Keras 3's keras.backend (AttributeError): use {ops} "
                                    "(no name in this file reaches it)")
            return
        edits = [Replace(call.func, spelled), *added]
        notes = []
        for name, arg in bound.items():
            new = fn.renames.get(name, name)
            if arg.keyword is not None and arg.keyword.value != new:
                edits.append(EditArg(arg, new))
        for name, value in fn.defaults.items():
            if name not in bound:
                edits.append(AddArg(call, fn.renames.get(name, name), value))
                notes.append(f"{fn.renames.get(name, name)}={value}, Keras 2's default (Keras 3's differs)")
        renamed = [f"{k}= is {v}=" for k, v in fn.renames.items() if k in bound and bound[k].keyword is not None]
        detail = "; ".join(renamed + notes)
        self.add("FM425", call, f"{written}() is not in Keras 3's keras.backend (AttributeError): `fitmigrate migrate` "
                                f"writes {spelled}(), the same TensorFlow op on the same arguments"
                                + (f" ({detail})" if detail else ""), edits)

    def _functional_tensor(self, node: cst.BaseExpression) -> str:
        """Where a name is made a tensor of a functional model (every assignment of it in the module is a layer
        called on something, ``Conv2D(...)(x)``, or ``Input(...)``): "" when it is not provably one."""
        if not isinstance(node, cst.Name):
            return ""
        assigns = self.scan.assigns.get(node.value, [])
        if not assigns:
            return ""
        for assign, _, _ in assigns:
            value = assign.value
            if len(assign.targets) != 1 or not isinstance(value, cst.Call):
                return ""
            layer_output = isinstance(value.func, cst.Call)
            made_input = (effective(self.names, value.func) or "") in ("keras.layers.Input", "keras.Input")
            if not (layer_output or made_input):
                return ""
        return f"`{node.value} = {short(assigns[0][0].value)}`"

    def _bind_backend(self, call: cst.Call, fn) -> Tuple[Optional[Dict[str, cst.Arg]], Optional[str]]:
        """Each argument's Keras 2 parameter (Keras 1's ``dim=`` read as Keras 2's ``axis``), or why not."""
        sig = fn.keras2
        bound: Dict[str, cst.Arg] = {}
        positional = [arg for arg in call.args if arg.keyword is None]
        if len(positional) > len(sig.positional):
            return None, f"it is given {len(positional)} positional arguments; Keras 2's took {len(sig.positional)}"
        bound.update(zip(sig.positional, positional))
        for arg in call.args:
            if arg.keyword is None:
                continue
            name = fn.keras1_names.get(arg.keyword.value, arg.keyword.value)
            if name not in sig.names or name in bound:
                return None, f"`{arg.keyword.value}=` is no parameter of the Keras 1/2 function"
            bound[name] = arg
        dropped = sorted(set(bound) & fn.dropped)
        if dropped:
            return None, f"keras.ops.{fn.ops} has no {dropped[0]}="
        return bound, None

    def _float(self, node: cst.BaseExpression, seen: Optional[Set[str]] = None) -> bool:
        """Whether an expression is provably a float tensor (or number) wherever the legacy code ran:
        TensorFlow's ops take one dtype, so arithmetic with a float operand, a true division, or a
        function that raises on integers (exp, log, sigmoid, ...) is float; a cast to a float dtype
        is; a dtype-keeping function of a float is."""
        seen = seen if seen is not None else set()
        if isinstance(node, cst.Float):
            return True
        if isinstance(node, cst.Name) and id(node) in self._loss_arguments():
            return True
        if isinstance(node, cst.UnaryOperation):
            return self._float(node.expression, seen)
        if isinstance(node, cst.BinaryOperation):
            if isinstance(node.operator, cst.Divide):
                return True
            return self._float(node.left, seen) or self._float(node.right, seen)
        if isinstance(node, (cst.List, cst.Tuple)) and node.elements:
            return all(self._float(element.value, seen) for element in node.elements)
        if isinstance(node, cst.Name):
            if node.value in seen or node.value in self.scan.rebinds or node.value in self.scan.bindings:
                return False
            assigns = self.scan.assigns.get(node.value, [])
            if len(assigns) != 1 or len(assigns[0][0].targets) != 1 or \
                    not isinstance(assigns[0][0].targets[0].target, cst.Name):
                return False
            return self._float(assigns[0][0].value, seen | {node.value})
        if isinstance(node, cst.Call):
            path = effective(self.names, node.func)
            if path is None:
                return False
            module, leaf = _module_name(path)
            if module not in ("keras.backend", "keras.ops"):
                return False
            if leaf in FLOAT_RESULTS:
                return True
            if leaf in ("cast", "arange"):
                dtype = next((a.value for a in node.args if a.keyword is not None and a.keyword.value == "dtype"), None)
                if dtype is None and leaf == "cast" and len(node.args) > 1 and node.args[1].keyword is None:
                    dtype = node.args[1].value
                text = _string(dtype) if dtype is not None else None
                return (text or "").startswith(("float", "bfloat")) or (
                    isinstance(dtype, cst.Call) and effective(self.names, dtype.func) == "keras.backend.floatx")
            if leaf in DTYPE_KEEPING and node.args and node.args[0].keyword is None:
                return self._float(node.args[0].value, seen)
        return False

    def _loss_arguments(self) -> Set[int]:
        """The uses of ``y_true`` / ``y_pred`` (the first two parameters, whatever their names) in the body of a
        function of this module given to ``compile`` as a loss or a metric: Keras 2 fed both as float
        tensors (keras/engine/training.py at 2.2.4: the targets are placeholders of the output's dtype)."""
        if hasattr(self, "_loss_ids"):
            return self._loss_ids
        self._loss_ids: Set[int] = set()
        given: Set[str] = set()
        for call, _ in self.scan.calls:
            if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "compile"):
                continue
            positional = [a for a in call.args if a.keyword is None]
            values = [a.value for a in call.args if a.keyword is not None and a.keyword.value in ("loss", "metrics")]
            values += [a.value for a in positional[1:3]]
            for value in values:
                elements = [e.value for e in value.elements] if isinstance(value, (cst.List, cst.Tuple)) else \
                    [e.value for e in value.elements if isinstance(e, cst.DictElement)] if isinstance(value, cst.Dict) \
                    else [value]
                given.update(e.value for e in elements if isinstance(e, cst.Name))
        if not given:
            return self._loss_ids
        ids = self._loss_ids

        class Functions(cst.CSTVisitor):
            def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
                params = node.params.params
                if node.name.value not in given or len(params) < 2 or any(p.default is not None for p in params[:2]):
                    return
                names = {params[0].name.value, params[1].name.value}
                rebound: Set[str] = set()

                class Uses(cst.CSTVisitor):
                    def visit_FunctionDef(self, inner: cst.FunctionDef) -> bool:
                        return inner is node  # a nested function's names are its own

                    def visit_Lambda(self, inner: cst.Lambda) -> bool:
                        return False

                    def visit_AssignTarget(self, target: cst.AssignTarget) -> None:
                        rebound.update(_target_names(target.target))

                    def visit_Name(self, name: cst.Name) -> None:
                        if name.value in names:
                            found.append(name)

                found: List[cst.Name] = []
                node.visit(Uses())
                ids.update(id(n) for n in found if n.value not in rebound)

        self.module.visit(Functions())
        return ids

    # FM426 the optimizer's learning rate: Keras 3's optimizers have no lr, and K.set_value cannot assign it
    def _rate(self, node: cst.BaseExpression) -> Optional[cst.Attribute]:
        """``<model>.optimizer`` of ``<model>.optimizer.lr`` (or ``.learning_rate``)."""
        if isinstance(node, cst.Attribute) and node.attr.value in ("lr", "learning_rate") and \
                isinstance(node.value, cst.Attribute) and node.value.attr.value == "optimizer":
            return node.value
        return None

    def _rate_call(self, call: cst.Call, leaf: str) -> bool:
        """``K.set_value(m.optimizer.lr, v)`` -> ``m.optimizer.learning_rate.assign(v)``; ``K.get_value`` /
        ``K.eval`` of it -> ``m.optimizer.learning_rate.numpy()``."""
        if not call.args or call.args[0].keyword is not None or call.args[0].star or any(a.star for a in call.args):
            return False
        optimizer = self._rate(call.args[0].value)
        if optimizer is None:
            return False
        written = code(call.func)
        rate = f"{code(optimizer)}.learning_rate"
        if len(call.args) != (2 if leaf == "set_value" else 1) or call.args[-1].keyword is not None:
            return False
        self._claimed.update((id(call.func), id(call.args[0].value)))
        if leaf == "set_value":
            if id(call) not in self.scan.expression_calls:
                self.add("FM426", call, f"{written}() cannot assign a Keras 3 optimizer's rate (Keras 3's optimizers have "
                                        f"no lr, and the rate is a Keras 3 variable): use {rate}.assign(value) (its "
                                        "value is used here: K.set_value returned None)")
                return True
            edits: List[Edit] = [Replace(call.func, f"{rate}.assign"), DropArg(call, call.args[0])]
            self.add("FM426", call, f"{written}() cannot assign a Keras 3 optimizer's rate (Keras 3's optimizers have no "
                                    "lr, and the rate is a Keras 3 variable): `fitmigrate migrate` writes "
                                    f"{rate}.assign(...), which sets the same variable to the value cast to its dtype, "
                                    "as K.set_value did", edits)
            return True
        self.add("FM426", call, f"{written}() of the optimizer's lr: Keras 3's optimizers have no lr: `fitmigrate migrate` "
                                f"writes {rate}.numpy(), the rate's value as a numpy float32, as K.{leaf} returned it",
                 [Replace(call.func, f"{rate}.numpy"), DropArg(call, call.args[0])])
        return True

    def _rate_attribute(self, node: cst.Attribute) -> None:
        if node.attr.value != "lr" or self._rate(node) is None or id(node) in self._claimed:
            return
        if id(node) in self.scan.stores:
            self.add("FM426", node, f"`{code(node)} = ...`: Keras 3's optimizers have no lr; in Keras 2 this replaced the "
                                    "rate variable with a number, read only if the training function was not built yet: "
                                    "set the rate with optimizer.learning_rate.assign(value) where the script means it")
            return
        self.add("FM426", node, f"Keras 3's optimizers have no lr (AttributeError): `fitmigrate migrate` writes "
                                f"{code(node.value)}.learning_rate, the same rate variable",
                 [Replace(node.attr, "learning_rate")])

    # FM410 Model(input=, output=)
    def _model(self, call: cst.Call) -> None:
        keywords = {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}
        for old, new in (("input", "inputs"), ("output", "outputs")):
            arg = keywords.get(old)
            if arg is None:
                continue
            if new in keywords:
                self.add("FM410", arg, f"Model() is given both {old}= and {new}=: remove {old}=")
                continue
            self.add("FM410", arg, f"Keras 3's Model() rejects {old}= (Keras 1's name; ValueError): `fitmigrate "
                                   f"migrate` renames it {new}=", [EditArg(arg, new)])

    # FM413 K.set_image_dim_ordering('tf') / K.image_dim_ordering() == 'th'
    def _set_dim_ordering(self, call: cst.Call) -> None:
        self._claimed.add(id(call.func))
        value = _string(call.args[0].value) if len(call.args) == 1 and not call.args[0].star else None
        if value in DIM_ORDERING and isinstance(call.func, cst.Attribute):
            self.add("FM413", call, "set_image_dim_ordering() was removed in Keras 2.3: `fitmigrate migrate` writes "
                                    f"set_image_data_format('{DIM_ORDERING[value]}')",
                     [Replace(call.func.attr, "set_image_data_format"),
                      EditArg(call.args[0], value=_requote(call.args[0].value, DIM_ORDERING[value]))])
        else:
            self.add("FM413", call, "set_image_dim_ordering() was removed in Keras 2.3: use "
                                    "keras.backend.set_image_data_format('channels_last') for 'tf', 'channels_first' "
                                    "for 'th'")

    def _compare(self, node: cst.Comparison) -> None:
        left = node.left
        if not (isinstance(left, cst.Call) and not left.args and
                effective(self.names, left.func) == "keras.backend.image_dim_ordering"):
            return
        if len(node.comparisons) != 1 or not isinstance(node.comparisons[0].operator, (cst.Equal, cst.NotEqual)):
            return
        right = node.comparisons[0].comparator
        value = _string(right)
        if value in DIM_ORDERING and isinstance(left.func, cst.Attribute):
            self._claimed.add(id(left.func))
            self.add("FM413", node, "image_dim_ordering() was removed in Keras 2.3: `fitmigrate migrate` writes "
                                    f"image_data_format() compared with '{DIM_ORDERING[value]}'",
                     [Replace(left.func.attr, "image_data_format"), Replace(right, _requote(right, DIM_ORDERING[value]))])

    # FM406 to_categorical(nb_classes=, dtype=)
    def _to_categorical(self, call: cst.Call) -> None:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == "nb_classes":
                self.add("FM406", arg, "nb_classes= is Keras 1's name: Keras 3's to_categorical() takes num_classes= "
                                       "(TypeError): `fitmigrate migrate` renames it", [EditArg(arg, "num_classes")])
        dtype = next((a for a in call.args if a.keyword is not None and a.keyword.value == "dtype"), None)
        positional = [a for a in call.args if a.keyword is None]
        if dtype is None and len(positional) > 2:
            dtype = positional[2]
        if dtype is not None:
            if dtype is call.args[-1] and not any(a.star for a in call.args):
                self.add("FM406", dtype, "Keras 3's to_categorical() has no dtype (TypeError; it returns float64): "
                                         f"`fitmigrate migrate` casts its result, .astype({code(dtype.value)})",
                         [DropArg(call, dtype), Wrap(call, "{}.astype(" + code(dtype.value) + ")")])
            else:
                self.add("FM406", dtype, "Keras 3's to_categorical() has no dtype (TypeError): cast its result with "
                                         ".astype(dtype)")

    # FM411 predict_classes / predict_proba
    def _predict_classes(self, call: cst.Call, method: str) -> None:
        receiver = call.func.value  # type: ignore[attr-defined]
        units = self._output_units(receiver)
        proven = units is not None or self._is_keras_model(receiver)
        if method == "predict_proba":
            if not proven:
                return  # scikit-learn's predict_proba is not ours to judge
            self.add("FM411", call, "predict_proba() was removed in Keras 3; in Keras 2 it was predict() (with a "
                                    "warning when the output was not in [0, 1]): `fitmigrate migrate` calls predict()",
                     [Replace(call.func.attr, "predict")])  # type: ignore[attr-defined]
            return
        if units is None:
            self.add("FM411", call, "predict_classes() was removed in Keras 3: use model.predict(x).argmax(axis=-1) for "
                                    "an output of several units, (model.predict(x) > 0.5).astype('int32') for one unit "
                                    "(what Keras 2 did); fitmigrate cannot prove this model's output width")
            return
        template = "{}.argmax(axis=-1)" if units > 1 else '({} > 0.5).astype("int32")'
        self.add("FM411", call, f"predict_classes() was removed in Keras 3; this model's output has {units} unit"
                                f"{'s' if units > 1 else ''}, for which Keras 2 returned "
                                f"{'predict(x).argmax(axis=-1)' if units > 1 else '(predict(x) > 0.5).astype(int32)'}: "
                                "`fitmigrate migrate` writes that",
                 [Replace(call.func.attr, "predict"), Wrap(call, template)])  # type: ignore[attr-defined]

    def _assigned_call(self, receiver: cst.CSTNode) -> Optional[Tuple[cst.Call, int]]:
        if not isinstance(receiver, cst.Name):
            return None
        assigns = self.scan.assigns.get(receiver.value, [])
        if len(assigns) != 1 or receiver.value in self.scan.bindings or receiver.value in self.scan.rebinds:
            return None
        assign, block, _ = assigns[0]
        if len(assign.targets) != 1 or not isinstance(assign.targets[0].target, cst.Name) or \
                not isinstance(assign.value, cst.Call):
            return None
        return assign.value, block

    def _is_keras_model(self, receiver: cst.CSTNode) -> bool:
        found = self._assigned_call(receiver)
        if found is None:
            return False
        path = effective(self.names, found[0].func)
        return path in ("keras.models.Sequential", "keras.Sequential", "keras.models.Model", "keras.Model",
                        "keras.models.load_model", "keras.saving.load_model")

    def _output_units(self, receiver: cst.CSTNode) -> Optional[int]:
        """The width of a Sequential's output, when the module builds it in one block of plain statements."""
        found = self._assigned_call(receiver)
        if found is None:
            return None
        built, block = found
        if effective(self.names, built.func) not in ("keras.models.Sequential", "keras.Sequential"):
            return None
        name = receiver.value  # type: ignore[attr-defined]
        layers: List[cst.BaseExpression] = []
        if built.args:
            first = built.args[0]
            if first.keyword is not None and first.keyword.value != "layers":
                return None
            if not isinstance(first.value, (cst.List, cst.Tuple)):
                return None
            layers.extend(element.value for element in first.value.elements)
        for call, _ in self.scan.calls:
            if isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name) and \
                    call.func.value.value == name:
                if call.func.attr.value in ("pop", "layers"):
                    return None
                if call.func.attr.value != "add":
                    continue
                statement = next((s for s in self._expression_statements() if s.value is call), None)
                if statement is None or self.scan.statements_in.get(id(statement)) != block or len(call.args) != 1:
                    return None
                layers.append(call.args[0].value)
        for layer in reversed(layers):
            if not isinstance(layer, cst.Call):
                return None
            cls = _layer_class(effective(self.names, layer.func))
            if cls in SHAPE_KEEPING_LAYERS:
                continue
            if cls != "Dense":
                return None
            units = next((a.value for a in layer.args if a.keyword is not None and a.keyword.value in ("units", "output_dim")),
                         None)
            if units is None and layer.args and layer.args[0].keyword is None:
                units = layer.args[0].value
            value = self._int_value(units)
            return value
        return None

    def _expression_statements(self) -> List[cst.Expr]:
        if not hasattr(self, "_exprs"):
            exprs: List[cst.Expr] = []

            class Collect(walk.Visitor):
                def visit_Expr(self, node: cst.Expr) -> None:
                    exprs.append(node)

            walk.visit(self.module, Collect())
            self._exprs = exprs
        return self._exprs

    def _int_value(self, node: Optional[cst.BaseExpression]) -> Optional[int]:
        literal = _literal(node) if node is not None else None
        if isinstance(literal, int) and not isinstance(literal, bool):
            return literal
        if isinstance(node, cst.Name) and node.value not in self.scan.rebinds and node.value not in self.scan.bindings:
            assigns = self.scan.assigns.get(node.value, [])
            if len(assigns) == 1 and assigns[0][0].value is not None:
                value = _literal(assigns[0][0].value)
                if isinstance(value, int) and not isinstance(value, bool):
                    return value
        return None

    # FM306 fit(nb_epoch=)
    def _fit_keras1(self, call: cst.Call) -> None:
        keywords = {arg.keyword.value: arg for arg in call.args if arg.keyword is not None}
        arg = keywords.get("nb_epoch")
        if arg is None or "epochs" in keywords:
            return
        self.add("FM306", arg, "nb_epoch= is Keras 1's name: Keras 3's fit() rejects it: `fitmigrate migrate` renames "
                               "it epochs=", [EditArg(arg, "epochs")])

    # FM412 save paths Keras 3 rejects
    def _save(self, call: cst.Call, method: str) -> None:
        if not call.args or (call.args[0].keyword is not None and call.args[0].keyword.value != "filepath"):
            return
        path = self._path_text(call.args[0])
        if path is None:
            return
        if method == "save_weights":
            if not path.endswith(".weights.h5"):
                self._file_name(call.args[0], f"Keras 3's save_weights() requires a name ending in .weights.h5 "
                                              f"(ValueError on '{path}')", "rename the file here and wherever it is "
                                              "loaded (load_weights reads the old .h5 files as they are)")
            return
        if not self._is_keras_model(call.func.value):  # type: ignore[attr-defined]
            return
        if not path.endswith(SAVE_SUFFIXES):
            self._file_name(call.args[0], f"Keras 3's save() requires a name ending in .keras (or .h5) (ValueError on "
                                          f"'{path}'; TensorFlow's SavedModel folder is model.export())",
                            "rename it here and wherever it is loaded")

    def _path_text(self, arg: cst.Arg) -> Optional[str]:
        """The end of a path argument: a literal's tail, or the literal a name is bound to once."""
        path = _string_tail(arg.value)
        if path is None:
            use = self.file_names.use_of(arg)
            path = use.string.evaluated_value if use is not None else None  # type: ignore[assignment]
        return path

    def _file_name(self, arg: cst.Arg, problem: str, advice: str) -> None:
        """FM423 where the name can be renamed with every load of it (``analysis/file_names.py``), else FM412."""
        use = self.file_names.use_of(arg)
        if use is None:
            self.add("FM412", arg, f"{problem}: {advice}")
            return
        text = use.string.evaluated_value
        assert isinstance(text, str)
        if text in self._renamed:
            why = self._renamed[text]
            if why is not None:
                self.add("FM412", arg, f"{problem}: {advice} (not renamed: {why})")
            return
        new, strings, why = self.file_names.plan(use)
        if new is None:
            self._renamed[text] = why
            self.add("FM412", arg, f"{problem}: {advice} (not renamed: {why})")
            return
        self._renamed[text] = None
        loads = sum(1 for u in self.file_names.uses if u.string.evaluated_value == text and not u.saves)
        self.add("FM423", arg, f"{problem}: `fitmigrate migrate` names the file '{new}' here"
                               + (f" and where this file loads it ({loads} load{'s' if loads > 1 else ''})" if loads else "")
                               + "; nothing else in the project reads it by its old name",
                 [self._string_edit(string, resuffix(string, *new_suffix(text, use.kind)))  # type: ignore[misc]
                  for string in strings])

    def _string_edit(self, node: cst.SimpleString, text: str) -> "Replace":
        """One Replace per string literal, shared by the fixes that rewrite it (a checkpoint's file name
        renamed, FM423, and its {val_acc} field, FM424)."""
        edit = self._string_edits.get(id(node))
        if edit is None:
            edit = self._string_edits[id(node)] = Replace(node, text)
        else:
            edit.code = text
        return edit

    # FM424 accuracy's name in the logs
    def _metric_names(self) -> None:
        metrics = MetricNames(self)
        sites = metrics.sites()
        if not sites:
            return
        compiled = metrics.compiled_with()
        if compiled == "acc":
            return  # Keras 3 logs metrics=['acc'] as 'acc' too
        for node in sites:
            value = node.evaluated_value
            shown = value if value in METRIC_NAMES else "a {val_acc} field"
            if compiled is None:
                self.add("FM424", node, f"'{value}' is accuracy's name in the logs of Keras 2.0-2.2 for "
                                        "metrics=['accuracy'] (and of every Keras for metrics=['acc']); Keras 3 logs "
                                        "metrics=['accuracy'] as 'accuracy' / 'val_accuracy', and a callback monitoring "
                                        "a name that is not logged never acts (mode='max': EarlyStopping never stops) "
                                        "or raises ValueError (mode='auto'): fitmigrate cannot see this model's compile "
                                        "metrics here; write 'accuracy' / 'val_accuracy' if it is compiled with "
                                        "'accuracy'" if value in METRIC_NAMES else
                         f"this checkpoint's file name formats {shown}; Keras 3 logs metrics=['accuracy'] as "
                         "'val_accuracy' (Keras 2.0-2.2: 'val_acc'), a KeyError when the file is saved: fitmigrate "
                         "cannot see this model's compile metrics here; write {val_accuracy...} if it is compiled "
                         "with 'accuracy'")
                continue
            code_ = self._string_edits[id(node)].code if id(node) in self._string_edits else None
            new = metric_renamed(cst.parse_expression(code_) if code_ else node)  # type: ignore[arg-type]
            what = f"'{METRIC_NAMES[value]}'" if value in METRIC_NAMES else "{val_accuracy...}"
            self.add("FM424", node, f"this file compiles with metrics=['accuracy'], which Keras 2.0-2.2 logged as "
                                    f"'acc' / 'val_acc' and Keras 3 logs as 'accuracy' / 'val_accuracy' (a callback "
                                    "monitoring the old name never acts with mode='max' and raises ValueError with "
                                    "mode='auto', a history or logs key is a KeyError): "
                                    f"`fitmigrate migrate` writes {what}", [self._string_edit(node, new)])

    def _callback_arguments(self, call: cst.Call, name: str) -> Optional[Dict[str, cst.Arg]]:
        """Each argument's Keras 2 parameter (``fitmigrate/legacy/callbacks.py``), or None."""
        if any(arg.star for arg in call.args):
            return None
        sig = CALLBACKS[name].keras2
        positional = [arg for arg in call.args if arg.keyword is None]
        if len(positional) > len(sig.positional):
            return None
        bound = dict(zip(sig.positional, positional))
        bound.update((arg.keyword.value, arg) for arg in call.args if arg.keyword is not None)
        return bound

    def _checkpoint(self, call: cst.Call) -> None:
        keywords = self._callback_arguments(call, "ModelCheckpoint")
        if keywords is None:
            return
        first = keywords.get("filepath")
        if first is None:
            return
        path = self._path_text(first)
        weights_only = keywords.get("save_weights_only")
        only = _literal(weights_only.value) if weights_only is not None else False
        if path is not None and only is True and not path.endswith(".weights.h5"):
            self._file_name(first, f"Keras 3's ModelCheckpoint(save_weights_only=True) requires a name ending in "
                                   f".weights.h5 (ValueError on '{path}')", "rename it here and wherever it is loaded")
        elif path is not None and only is False and not path.endswith((".keras", ".h5")):
            self._file_name(first, f"Keras 3's ModelCheckpoint requires a name ending in .keras or .h5 (ValueError on "
                                   f"'{path}')", "rename it here and wherever it is loaded")
        period = keywords.get("period")
        if period is not None and period.keyword is None:
            self.add("FM419", period, f"ModelCheckpoint's seventh positional argument was period= in Keras 1/2 (save "
                                      f"every {code(period.value)} epochs); Keras 3 reads it as save_freq=, a count of "
                                      "batches: remove it to save every epoch, or save every N epochs from a callback")
        elif period is not None:
            self.add("FM419", period, "Keras 3's ModelCheckpoint has no period= (TypeError): save_freq= counts batches, "
                                      "not epochs; remove it to save every epoch, or save every N epochs from a callback")

    # FM420 ReduceLROnPlateau(epsilon=): Keras 3 takes **kwargs and ignores them
    def _reduce_lr(self, call: cst.Call) -> None:
        bound = self._callback_arguments(call, "ReduceLROnPlateau")
        if bound is None:
            return
        epsilon = bound.get("epsilon")
        if epsilon is None:
            return
        if "min_delta" in bound:
            self.add("FM420", epsilon, "ReduceLROnPlateau is given both epsilon= and min_delta=; Keras 2 took "
                                       "epsilon= as min_delta= (and refused both), Keras 3 ignores epsilon= silently: "
                                       "remove it")
            return
        self.add("FM420", epsilon, "Keras 3's ReduceLROnPlateau takes epsilon= and ignores it, silently (the "
                                   "threshold stays at its default, 1e-4); it is Keras 2's min_delta= (Keras 2.1.6 "
                                   "renamed it and converted the old name): `fitmigrate migrate` renames it",
                 [EditArg(epsilon, "min_delta")])

    def _removed_keywords(self, call: cst.Call, what: str, removed: Dict[str, str]) -> None:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value in removed:
                self.add("FM419", arg, f"Keras 3's {what} has no {arg.keyword.value}= (TypeError): "
                                       f"{removed[arg.keyword.value]}")

    # FM415 Keras 1 layer arguments (and Keras 2 positions Keras 3 reads as other parameters)
    def _layer(self, call: cst.Call, layer: str, via_tf: bool, written: str) -> None:
        legacy = LAYERS.get(layer)
        if legacy is None:
            hard = next((arg for arg in call.args if self._value_of(arg.value) == "hard_sigmoid"), None)
            if hard is not None:
                self.add("FM427", hard, f"{written}({code(hard)}) runs under Keras 3 and computes otherwise: "
                                        f"{HARD_SIGMOID}: {HARD_SIGMOID_ADVICE}")
            return
        lc = LayerCall(call, layer, written, legacy, via_tf, self._int_kind, self.module_facts())
        if any(arg.star for arg in call.args):
            if legacy_evidence(lc):
                self.add("FM415", call, f"{written}() passes arguments through * or **, which cannot be bound to "
                                        f"Keras 1/2's {written} signature: write the call in its Keras 2 form by hand")
            return
        plan, why = layer_plan(lc)
        if plan is None and not why:
            message = trains_otherwise(lc)
            if message:
                self.add("FM427", call, message)
            return
        if plan is None:
            if why:
                if why.startswith("Keras 3's"):  # an argument Keras 3 lacks: the advice is in the reason
                    tail = ""
                elif legacy.kernel and len(lc.positional) > len(legacy.kernel) and ("kernel" in why or "strides" in why):
                    tail = "; pass the kernel as one tuple, kernel_size=(rows, cols), and strides by keyword"
                else:
                    tail = "; write the call in its Keras 2 form by hand"
                self.add("FM415", call, f"{written}() is left as it is (a call is rewritten whole or not at all): "
                                        f"{why}{tail}")
            return
        edits: List[Edit] = []
        for arg in call.args:
            if id(arg) in plan.keywords or id(arg) in plan.values:
                edits.append(EditArg(arg, plan.keywords.get(id(arg)), plan.values.get(id(arg))))
        edits.extend(DropArg(call, arg) for arg in plan.dropped)
        edits.extend(AddArg(call, name, value) for name, value in plan.added)
        if plan.added and not (plan.keywords or plan.values or plan.dropped):
            proof = lc.standalone_only() or "tf.keras rejects it"
            self.add("FM427", call, f"{written}() relies on a default of standalone Keras 1-2.3 that Keras 3 changed "
                                    f"({proof}): `fitmigrate migrate` writes it ({', '.join(plan.notes)})",
                     edits)
            return
        self.add("FM415", call, f"Keras 1/2 arguments of {written}() that Keras 3 rejects or reads otherwise: "
                                f"`fitmigrate migrate` writes the same layer in Keras 3's terms ({', '.join(plan.notes)})",
                 edits)

    def _int_kind(self, node: cst.BaseExpression) -> Optional[bool]:
        """True: provably an int; False: provably not (a tuple, string, float... literal, or a name bound
        once to one); None: not known."""
        if self._int_value(node) is not None:
            return True
        if isinstance(node, cst.Name):
            assigns = self.scan.assigns.get(node.value, [])
            if len(assigns) == 1 and node.value not in self.scan.rebinds and node.value not in self.scan.bindings:
                node = assigns[0][0].value
        if isinstance(node, (cst.Tuple, cst.List, cst.SimpleString, cst.ConcatenatedString, cst.FormattedString,
                             cst.Float, cst.Dict, cst.Set)):
            return False
        if isinstance(node, cst.Name) and node.value in ("None", "True", "False"):
            return False
        return None

    def _is_int(self, node: cst.BaseExpression) -> bool:
        return self._int_value(node) is not None


_DTYPE_WHY = {"mean": "K.mean of an integer tensor was an integer mean, truncated; keras.ops.mean averages in "
                      "float32",
              "sum": "K.sum of an 8- or 16-bit integer tensor kept that type; keras.ops.sum accumulates in int32"}

MULTI_GPU_MESSAGE = ("multi_gpu_model was removed in TensorFlow 2.4 and Keras 3: build and compile the model inside "
                     "`with tf.distribute.MirroredStrategy().scope():` and train that model itself (the batch size "
                     "you give fit is then split over the GPUs)")


def _literal(node: Optional[cst.BaseExpression]):
    if isinstance(node, cst.Integer):
        return node.evaluated_value
    if isinstance(node, cst.Float):
        return node.evaluated_value
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = _literal(node.expression)
        return -inner if isinstance(inner, (int, float)) and not isinstance(inner, bool) else None
    return None


def _arg_text(node: cst.CSTNode) -> str:
    if isinstance(node, cst.Arg):
        value = code(node.value)
        return f"{node.keyword.value}={value}" if node.keyword is not None else value
    return code(node)


def _string(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _string_tail(node: cst.BaseExpression) -> Optional[str]:
    """The end of a path given as a string literal, an f-string or os.path.join(..., 'name')."""
    if isinstance(node, cst.SimpleString):
        return _string(node)
    if isinstance(node, cst.FormattedString) and node.parts and isinstance(node.parts[-1], cst.FormattedStringText):
        return node.parts[-1].value
    if isinstance(node, cst.ConcatenatedString):
        return _string_tail(node.right)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _string_tail(node.right)
    if isinstance(node, cst.Call) and dotted(node.func) in ("os.path.join", "path.join") and node.args:
        return _string_tail(node.args[-1].value)
    return None


def _requote(node: cst.BaseExpression, value: str) -> str:
    quote = "'" if isinstance(node, cst.SimpleString) and node.value.lstrip("rbuRBU").startswith("'") else '"'
    return f"{quote}{value}{quote}"


def find_breaks(module: cst.Module, source: str, path=None) -> List[Break]:
    """Every Keras 3 break in the module, each with the edits that fix it exactly (or none); ``path`` (the
    module's file) lets a file name be renamed where the project around it is seen whole (FM423)."""
    return Finder(module, source, path).run()


def written_names() -> List[str]:
    """Every dotted path a fix may write, for the test that imports them all under Keras 3."""
    paths: Set[str] = set()
    for module, (_, home) in MOVED_MODULES.items():
        if home is not None:
            paths.add(home)
    paths.update(ENGINE_HOMES[name] + "." + name for name in ENGINE_HOMES)
    paths.update(PARTIAL_MODULES.values())
    paths.update(RENAMED.values())
    paths.update(f"keras.optimizers.{name}" for name in OPTIMIZERS)
    paths.add("keras.optimizers.schedules.InverseTimeDecay")
    paths.update({"keras.backend.set_image_data_format", "keras.backend.image_data_format",
                  "keras.utils.to_categorical", "keras.models.Model"})
    paths.update(f"keras.layers.{layer}" for layer in LAYERS)
    paths.update(f"keras.layers.{alias}" for alias in LAYER_ALIASES if alias in SERVED["keras.layers"])
    paths.update(f"keras.ops.{fn.ops}" for fn in BACKEND.values())
    paths.update(f"{home}.{name}" for homes in STAR_HOMES.values() for name, home in homes.items())
    paths.update({"tensorflow.config.list_physical_devices", "tensorflow.config.experimental.set_memory_growth"})
    paths.update(f"tensorflow.{new}" for new in TF1_RENAMED.values())
    return sorted(paths)


def said_missing() -> List[str]:
    """Every dotted path a diagnostic may say Keras 3 lacks (or serves under another name), for the
    test that fails to import each under the installed Keras 3."""
    paths = set(MOVED_MODULES) | set(MISSING_ADVICE) | set(RENAMED)
    paths.update(f"keras.backend.{name}" for name in BACKEND_ADVICE)
    paths.update(f"keras.backend.{name}" for name in BACKEND)
    paths.update(f"keras.backend.{name}" for name in ("int_shape", "get_value", "set_value", "eval"))
    paths.update(f"{module}.{name}" for module, homes in STAR_HOMES.items() for name in homes)
    paths.update(f"tensorflow.{name}" for name in (*TF1_ADVICE, *TF1_RENAMED))
    paths.update({"tensorflow.keras.backend.set_session", "tensorflow.keras.backend.get_session"})
    return sorted(paths)


def written_arguments() -> Dict[str, Set[str]]:
    """Every keyword a fix gives a Keras 3 callable, by the callable's path (checked against its signature)."""
    found: Dict[str, Set[str]] = {}  # layers, optimizers, callbacks: keras3_api.SIGNATURES, checked as a whole
    found["keras.models.Model"] = {"inputs", "outputs"}
    found["keras.utils.to_categorical"] = {"num_classes"}
    found["keras.optimizers.schedules.InverseTimeDecay"] = {"decay_steps", "decay_rate"}
    found["keras.callbacks.ReduceLROnPlateau"] = {"min_delta"}
    for fn in BACKEND.values():  # FM425: the keywords a backend call keeps or is given, by their keras.ops name
        found.setdefault(f"keras.ops.{fn.ops}", set()).update(fn.renames.get(name, name) for name in fn.keras2.names
                                                                if name not in fn.dropped)
    return found
