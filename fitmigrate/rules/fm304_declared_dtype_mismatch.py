from fitmigrate.rules import Rule

_DATASET = ("import numpy as np\nimport tensorflow as tf\n\ndef batches():\n    while True:\n"
            "        yield np.random.rand(4, 8), np.zeros((4, 1), dtype='float32')\n\n"
            "dataset = tf.data.Dataset.from_generator(batches, output_signature=(\n"
            "    tf.TensorSpec(shape=(None, 8), dtype=tf.{dtype}), tf.TensorSpec(shape=(None, 1), dtype=tf.float32)))\n"
            "model.fit(dataset, steps_per_epoch=10)\n")


class DeclaredDtypeMismatch(Rule):
    """In code already on ``tf.data``: ``Dataset.from_generator`` casts every yielded value to the
    dtype its ``output_signature`` declares, silently. Float pixels declared ``tf.int32`` all become
    0 and the model learns nothing, with no error. Reported when the generator provably yields another
    dtype than the one declared."""

    CODE = "FM304"
    NAME = "declared-dtype-mismatch"
    SEVERITY = "error"
    SUMMARY = "output_signature declares a dtype the generator does not yield; from_generator casts silently"
    FIX = "Declare the dtype the generator yields (the message names it), or cast in the generator."
    FIX_SAFETY = "none"
    VALID = [_DATASET.format(dtype="float64")]
    INVALID = [_DATASET.format(dtype="int32")]
