from fitmigrate.rules import Rule

_GEN = ("import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n"
        "x_val, y_val = np.zeros((10, 2)), np.zeros((10, 1))\n")


class DeadValidationCountRemoved(Rule):
    """With in-memory validation data (``validation_data=(x_val, y_val)``) Keras 1 and 2 ignored
    ``validation_steps`` / ``nb_val_samples`` and validated every sample; Keras 3.15 ignores it too
    (measured), tf_keras does not. The count never did anything, so it is removed: the migrated call
    validates on every sample, as the legacy one did."""

    CODE = "FM209"
    NAME = "dead-validation-count-removed"
    SEVERITY = "info"
    SUMMARY = "validation_steps / nb_val_samples removed: validation_data holds arrays, validated in full"
    FIX = "Nothing to do."
    FIX_SAFETY = "safe"
    VALID = [_GEN + "model.fit_generator(batches(), steps_per_epoch=10, validation_data=batches(), validation_steps=2)\n"]
    INVALID = [_GEN + "model.fit_generator(batches(), steps_per_epoch=10, validation_data=(x_val, y_val), "
                      "validation_steps=2)\n"]
