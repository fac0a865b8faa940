from fitmigrate.rules import Rule

_GEN = "import numpy as np\n\ndef batches(batch_size=32):\n    while True:\n        yield np.zeros((batch_size, 2)), np.zeros((batch_size, 1))\n\n"


class SampleCountConverted(Rule):
    """A Keras 1 sample count was turned into a step count: ``samples // batch_size``, the rule
    Keras 2's own legacy converter applied. Keras 1 ran until it had seen at least that many samples,
    so with a count that is not a multiple of the batch size an epoch is now one batch shorter."""

    CODE = "FM201"
    NAME = "sample-count-converted"
    SEVERITY = "info"
    SUMMARY = "a Keras 1 sample count became a step count (samples // batch_size)"
    FIX = "Check the batch size the message names."
    FIX_SAFETY = "unsafe"
    VALID = [_GEN + "model.fit_generator(batches(), steps_per_epoch=20, epochs=2)\n"]
    INVALID = [_GEN + "model.fit_generator(batches(), samples_per_epoch=640, nb_epoch=2)\n"]
