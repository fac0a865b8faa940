from fitmigrate.rules import Rule

_GEN = ("import numpy as np\n\ndef batches(first):\n    while True:\n"
        "        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n")


class ValidationGeneratorContinued(Rule):
    """Legacy Keras made the validation generator once (the call's own ``validation_data=gen(...)``)
    and drew every epoch's validation pass from it, each going on where the last stopped. Keras 3
    starts validation data again every epoch: a dataset over ``lambda: gen(...)`` would call the
    generator function again and validate on the same first batches every time. The migration makes
    the generator once (``lambda generator=gen(...): generator``) and ends validation data with
    ``.prefetch(0)``: Keras 3 drops the iterator after each pass, and with it any batch read ahead,
    and without an explicit prefetch tf.data injects one of its own (measured: one batch lost a pass)."""

    CODE = "FM210"
    NAME = "validation-generator-continued"
    SEVERITY = "info"
    SUMMARY = "the validation generator is made once and continued across epochs, as legacy Keras did"
    FIX = "Nothing to do."
    FIX_SAFETY = "safe"
    VALID = [_GEN + "val = batches(100)\n"
                    "model.fit_generator(batches(0), steps_per_epoch=3, validation_data=val, validation_steps=2)\n"]
    INVALID = [_GEN + "model.fit_generator(batches(0), steps_per_epoch=3, validation_data=batches(100), "
                      "validation_steps=2)\n"]
