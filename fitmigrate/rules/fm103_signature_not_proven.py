from fitmigrate.rules import Rule

_IMREAD = '''
from PIL import Image
import numpy as np


def batches(paths):
    while True:
        images = np.array([np.asarray(Image.open(p)) for p in paths])
        yield images, np.zeros((len(paths), 1), dtype="float32")


model.fit_generator(batches(["a.png"]), steps_per_epoch=10)
'''


class SignatureNotProven(Rule):
    """``tf.data.Dataset.from_generator`` needs an ``output_signature``, and it casts silently to the
    dtypes declared there: float pixels declared ``tf.int32`` all become 0 and the model learns
    nothing, with no error. So a dtype or structure that cannot be proven from the code is never
    guessed; the call is left as it was."""

    CODE = "FM103"
    NAME = "signature-not-proven"
    SEVERITY = "error"
    SUMMARY = "the dtype, rank or structure of what the generator yields cannot be proven; the call is left as it was"
    FIX = ("Make the dtype explicit in the generator (`.astype('float32')`, `dtype=`), yield tuples rather than "
           "nested lists, or let `fitmigrate migrate --infer sample` read the signature from one real batch.")
    FIX_SAFETY = "none"
    VALID = ["import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2), dtype='float32'), np.zeros((4, 1))\n\n"
             "model.fit_generator(batches(), steps_per_epoch=10)\n"]
    INVALID = [_IMREAD]
