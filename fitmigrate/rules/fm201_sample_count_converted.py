from fitmigrate.rules import Rule

_GEN = "import numpy as np\n\ndef batches(batch_size=32):\n    while True:\n        yield np.zeros((batch_size, 2)), np.zeros((batch_size, 1))\n\n"


class SampleCountConverted(Rule):
    """A Keras 1 sample count was turned into a step count. Keras 1 took batches until it had seen
    *at least* that many samples, so with batches of exactly ``batch_size`` rows the count is
    ``ceil(samples / batch_size)``, written ``(samples + batch_size - 1) // batch_size`` (plain
    ``samples // batch_size`` when both are literals that divide): ``samples // batch_size``, what
    Keras 2's converter wrote, is one batch short whenever they do not divide, and a prediction then
    has fewer rows than the script's list of files. A Sequence or flow's own sample count (``it.n``,
    ``it.samples``, ``len(x)`` of ``flow(x, ...)``) is one pass: ``len(it)``. The batch size is
    written as the code names it (the generator's batch argument), never as a value copied from
    elsewhere."""

    CODE = "FM201"
    NAME = "sample-count-converted"
    SEVERITY = "info"
    SUMMARY = "a Keras 1 sample count became a step count (rounded up, as Keras 1 counted)"
    FIX = "Check the batch size the message names."
    FIX_SAFETY = "safe"
    VALID = [_GEN + "model.fit_generator(batches(), steps_per_epoch=20, epochs=2)\n"]
    INVALID = [_GEN + "model.fit_generator(batches(), samples_per_epoch=640, nb_epoch=2)\n"]
