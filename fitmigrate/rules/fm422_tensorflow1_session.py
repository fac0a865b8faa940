from fitmigrate.rules import Rule


class Tensorflow1Session(Rule):
    """TensorFlow 2 (and Keras 3 on it) runs eagerly, without sessions or a default graph: ``tf.Session``,
    ``tf.ConfigProto``, ``tf.GPUOptions``, ``tf.reset_default_graph``, ``tf.placeholder`` are
    ``AttributeError``s, ``keras.backend.set_session`` / ``get_session`` are gone. `migrate` fixes the
    idioms whose meaning is exact (``fitmigrate/analysis/tf1_sessions.py``): the allow-growth set-up
    (``config = tf.ConfigProto(); config.gpu_options.allow_growth = True; K.set_session(tf.Session(config=
    config))``, its names used nowhere else) becomes ``tf.config.experimental.set_memory_growth(gpu, True)``
    for each GPU, TensorFlow 2's form of that setting; a default session handed to Keras is removed (Keras 3
    runs as it did); ``tf.reset_default_graph()`` is ``tf.compat.v1.reset_default_graph()``, the same
    function; an import of ``set_session`` left unused goes with them. Every other TensorFlow 1 name is
    reported with the TensorFlow 2 way (a memory fraction: ``tf.config.set_logical_device_configuration``;
    a seed: ``keras.utils.set_random_seed``; a session that runs tensors: eager code or ``tf.function``)."""

    CODE = "FM422"
    NAME = "tensorflow1-session"
    SEVERITY = "error"
    SUMMARY = "TensorFlow 1 session and graph boilerplate (tf.Session, tf.ConfigProto, set_session, ...)"
    FIX = ("Configure GPUs with tf.config (set_memory_growth), drop sessions (`fitmigrate migrate` does where the "
           "meaning is exact).")
    FIX_SAFETY = "safe"
    VALID = ["import tensorflow as tf\n"
             "\n"
             "for gpu in tf.config.list_physical_devices('GPU'):\n"
             "    tf.config.experimental.set_memory_growth(gpu, True)\n"]
    INVALID = ["import tensorflow as tf\n"
               "from keras import backend as K\n"
               "\n"
               "config = tf.ConfigProto()\n"
               "config.gpu_options.allow_growth = True\n"
               "K.set_session(tf.Session(config=config))\n"]
