from fitmigrate.rules import Rule

_GEN = "import numpy as np\n\ndef batches():\n    while True:\n        a = np.zeros((4, 2))\n        yield {batch}\n\n" \
       "model.fit_generator(batches(), steps_per_epoch=10)\n"


class ListBatchesConverted(Rule):
    """``tf.data.Dataset.from_generator`` rejects lists anywhere in what is yielded
    (``yield [img, meta], y`` fails with "did not match the expected structure"), while Keras reads a
    tuple of inputs exactly like a list. When the generator is in the same file its ``yield`` is
    rewritten to build tuples; otherwise the dataset converts each batch as it reads it."""

    CODE = "FM205"
    NAME = "list-batches-converted"
    SEVERITY = "info"
    SUMMARY = "the generator yields lists, which tf.data rejects: they are turned into tuples"
    FIX = "Nothing to do; yield tuples in new code."
    FIX_SAFETY = "safe"
    VALID = [_GEN.format(batch="(a, a), a")]
    INVALID = [_GEN.format(batch="[a, a], a")]
