from fitmigrate.rules import Rule


class MultiGpuModel(Rule):
    """``keras.utils.multi_gpu_model`` (and ``keras.utils.training_utils``) replicated a model over GPUs
    and merged the outputs on the CPU. There is no drop-in replacement:
    ``tf.distribute.MirroredStrategy`` does the same for a model built inside its scope, so the fix
    moves where the model is built, which fitmigrate never guesses."""

    CODE = "FM414"
    NAME = "multi-gpu-model"
    SEVERITY = "error"
    SUMMARY = 'multi_gpu_model, removed in TensorFlow 2.4 and absent from Keras 3'
    FIX = ('Build and compile the model inside `with tf.distribute.MirroredStrategy().scope():` and fit that '
           'model; the batch size is then global (split over the GPUs).')
    FIX_SAFETY = "none"
    VALID = ['import tensorflow as tf\n'
             '\n'
             'strategy = tf.distribute.MirroredStrategy()\n']
    INVALID = ['from keras.utils import multi_gpu_model\n'
               '\n'
               'parallel = multi_gpu_model(model, gpus=2)\n']
