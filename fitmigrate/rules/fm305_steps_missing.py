from fitmigrate.rules import Rule

_GEN = ("import numpy as np\n\ndef batches():\n    while True:\n"
        "        yield np.random.rand(4, 8), np.random.rand(4, 1)\n\n"
        "model.fit_generator(batches(){steps}, epochs=3)\n")


class StepsMissing(Rule):
    """A generator that never ends (``while True:``) has no length: without ``steps_per_epoch`` (or
    ``steps`` for evaluate/predict) Keras cannot know where an epoch ends, and the first epoch runs
    forever."""

    CODE = "FM305"
    NAME = "steps-missing"
    SEVERITY = "error"
    SUMMARY = "an endless generator is given without steps_per_epoch / steps"
    FIX = "Give steps_per_epoch= (or steps=): the number of batches in one epoch."
    FIX_SAFETY = "none"
    VALID = [_GEN.format(steps=", steps_per_epoch=10")]
    INVALID = [_GEN.format(steps="")]
