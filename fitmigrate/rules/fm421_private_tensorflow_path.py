from fitmigrate.rules import Rule


class PrivateTensorflowPath(Rule):
    """``tensorflow.python.keras`` was TensorFlow's own module behind ``tf.keras`` until TensorFlow 2.5
    (its public names were exported from there), and tutorials of 2018-2019 imported it directly. TensorFlow
    2.6 to 2.21 keep a frozen, partial copy of Keras 2 there: ``tensorflow.python.keras.preprocessing`` and
    ``.applications`` are gone, ``.optimizers.Adam`` is gone, and what still imports is legacy Keras 2,
    whose layers Keras 3 models cannot hold. `migrate` imports the public path the code meant,
    ``tensorflow.keras.X`` (Keras 3), and the other Keras 3 rules then apply to it as to any
    ``tensorflow.keras`` path (``generic_utils`` -> ``tensorflow.keras.utils``). TensorFlow 1's
    ``tensorflow.contrib.keras`` (an alias of ``tf.keras`` from TensorFlow 1.4, removed in 2.0) is imported
    from ``tensorflow.keras`` the same way. ``import tensorflow.python.keras`` without a name of its own is
    reported: the code spells the private path through ``tensorflow``."""

    CODE = "FM421"
    NAME = "private-tensorflow-path"
    SEVERITY = "error"
    SUMMARY = "a private tensorflow.python.keras path (TensorFlow's legacy copy of Keras 2, not Keras 3)"
    FIX = "Import the public tensorflow.keras path (`fitmigrate migrate` does)."
    FIX_SAFETY = "safe"
    VALID = ["from tensorflow.keras.layers import Dense\n"]
    INVALID = ["from tensorflow.python.keras.layers import Dense\n"]
