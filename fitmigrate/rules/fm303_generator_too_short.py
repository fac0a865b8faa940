from fitmigrate.rules import Rule

_GEN = ("import numpy as np\n\ndef batches():\n    {loop}\n"
        "        yield np.random.rand(4, 8), np.random.rand(4, 1)\n\n"
        "model.fit_generator(batches(), steps_per_epoch=10, epochs=10)\n")


class GeneratorTooShort(Rule):
    """The third cause in the classic write-up: a finite generator (a ``for`` over ``range(N)``, no
    ``while True``) that yields fewer batches than ``steps_per_epoch * epochs``. Keras only warns that
    the input ran out and the remaining epochs train on nothing."""

    CODE = "FM303"
    NAME = "generator-too-short"
    SEVERITY = "error"
    SUMMARY = "a finite generator yields fewer batches than steps_per_epoch * epochs"
    FIX = "Loop forever in the generator (while True:), add .repeat() to the dataset, or ask for fewer steps."
    FIX_SAFETY = "none"
    VALID = [_GEN.format(loop="while True:"), _GEN.format(loop="for i in range(100):")]
    INVALID = [_GEN.format(loop="for i in range(5):")]
