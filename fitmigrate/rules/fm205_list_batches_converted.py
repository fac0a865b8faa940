from fitmigrate.rules import Rule

_GEN = "import numpy as np\n\ndef batches():\n    while True:\n        a = np.zeros((4, 2))\n        yield {batch}\n\n" \
       "model.fit_generator(batches(), steps_per_epoch=10)\n"
_SEQ = ("import numpy as np\nfrom tensorflow import keras\n\n\nclass Rows(keras.utils.Sequence):\n"
        "    def __len__(self):\n        return 5\n\n    def __getitem__(self, index):\n"
        "        a = np.zeros((4, 2))\n        return {batch}\n\n\nmodel.fit_generator(Rows(), epochs=2)\n")


class ListBatchesConverted(Rule):
    """``tf.data.Dataset.from_generator`` rejects lists anywhere in what is yielded
    (``yield [img, meta], y`` fails with "did not match the expected structure"), while Keras reads a
    tuple of inputs exactly like a list. When the generator is in the same file its ``yield`` is
    rewritten to build tuples; otherwise the dataset converts each batch as it reads it.

    A ``Sequence`` passed to ``fit`` as it is fails the same way at its first batch when a list is inside
    it (``return X, [y1, y2]``: "output_signature must contain objects that are subclass of
    tf.TypeSpec"). A list display or comprehension written in the ``return`` of ``__getitem__`` (or
    assigned to a name used only there) becomes a tuple display or ``tuple(...)`` of the comprehension;
    a list made elsewhere (a preprocessor's ``transform``, a list grown with ``append``) that is one part
    of the returned tuple is converted where it is returned, ``tuple(...)`` around it, and the code that
    made it is left alone. A Sequence of another module of the project is edited in that module, in the
    same run, when nothing else in the project reads its batches (``FM205`` names both files; the run
    writes both or neither). Lists that cannot be converted exactly are refused with ``FM103``."""

    CODE = "FM205"
    NAME = "list-batches-converted"
    SEVERITY = "info"
    SUMMARY = "the generator yields lists, which tf.data rejects: they are turned into tuples"
    FIX = "Nothing to do; yield tuples in new code."
    FIX_SAFETY = "safe"
    VALID = [_GEN.format(batch="(a, a), a"), _SEQ.format(batch="a, (a, a)")]
    INVALID = [_GEN.format(batch="[a, a], a"), _SEQ.format(batch="a, [a for _ in range(3)]")]
