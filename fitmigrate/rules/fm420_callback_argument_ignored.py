from fitmigrate.rules import Rule


class CallbackArgumentIgnored(Rule):
    """Keras 2.0-2.1.5's ``ReduceLROnPlateau(epsilon=)`` is ``min_delta=``: Keras 2.1.6 renamed it and
    converted the old name, and tf.keras did too. Keras 3's ``ReduceLROnPlateau`` takes ``**kwargs`` and
    ignores them without a word, so ``epsilon=`` is dropped: the threshold for a new best stays at its
    default (1e-4), and the rate is cut at other epochs. `migrate` renames it ``min_delta=`` (the same
    threshold, compared the same way)."""

    CODE = "FM420"
    NAME = "callback-argument-ignored"
    SEVERITY = "error"
    SUMMARY = "ReduceLROnPlateau(epsilon=): Keras 3 ignores it silently (it is min_delta=)"
    FIX = "Write min_delta= (`fitmigrate migrate` does)."
    FIX_SAFETY = "safe"
    VALID = ["from keras.callbacks import ReduceLROnPlateau\n\nreduce = ReduceLROnPlateau(factor=0.5, min_delta=1e-3)\n"]
    INVALID = ["from keras.callbacks import ReduceLROnPlateau\n\nreduce = ReduceLROnPlateau(factor=0.5, epsilon=1e-3)\n"]
