from fitmigrate.rules import Rule


class BackendFunctionToOps(Rule):
    """A ``keras.backend`` function Keras 3 moved to ``keras.ops`` with an exact counterpart: every argument
    is bound to the Keras 1/2 signature (``fitmigrate/legacy/backend.py``, from the TensorFlow backends of
    Keras 1.2.2 and 2.2.4), renamed where ``keras.ops`` names it otherwise (``K.reshape(x, shape=)`` ->
    ``newshape=``, ``K.permute_dimensions`` -> ``keras.ops.transpose(x, axes)``, Keras 1's ``dim=`` ->
    ``axis=``), and the Keras 2 default written where Keras 3's differs (``K.concatenate``'s ``axis=-1``,
    ``keras.ops.concatenate``'s is 0; ``K.arange``'s int32). ``K.sum`` / ``K.mean`` are rewritten where the
    tensor is provably a float (``keras.ops.mean`` averages an integer tensor in float32 where ``K.mean``
    truncated): a float literal operand, a true division, a function TensorFlow runs on floats only, a float
    cast, or the first two parameters of a function the module gives ``compile`` as a loss or metric (Keras 2
    fed both as float tensors). ``K.int_shape(x)`` is ``tuple(x.shape)``. The rest stays FM417."""

    CODE = "FM425"
    NAME = "backend-function-to-ops"
    SEVERITY = "error"
    SUMMARY = "a keras.backend function Keras 3 serves as a keras.ops function with the same reading"
    FIX = "Call the keras.ops function (`fitmigrate migrate` does, arguments mapped)."
    FIX_SAFETY = "safe"
    VALID = ["import keras\n"
             "\n"
             "x = keras.ops.concatenate([a, b], axis=-1)\n"]
    INVALID = ["from keras import backend as K\n"
               "\n"
               "x = K.concatenate([a, b])\n"]
