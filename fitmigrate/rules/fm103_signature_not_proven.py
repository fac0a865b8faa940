from fitmigrate.rules import Rule

_IMREAD = '''
from PIL import Image
import numpy as np


def batches(paths):
    while True:
        images = np.array([np.asarray(Image.open(p)) for p in paths])
        yield images, np.zeros((len(paths), 1), dtype="float32")


model.fit_generator(batches(["a.png"]), steps_per_epoch=10, validation_data=batches(["b.png"]), validation_steps=1)
'''


_SEQUENCE = '''
import pickle

import numpy as np
from tensorflow import keras


class Stored(keras.utils.Sequence):
    def __init__(self, path):
        super().__init__()
        with open(path, "rb") as handle:
            self.batches = pickle.load(handle)

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, index):
        return self.batches[index]


model.fit_generator(Stored("batches.pkl"), epochs=1)
'''


class SignatureNotProven(Rule):
    """``tf.data.Dataset.from_generator`` needs an ``output_signature``, and it casts silently to the
    dtypes declared there: float pixels declared ``tf.int32`` all become 0 and the model learns
    nothing, with no error. So a dtype or structure that cannot be proven from the code is never
    guessed; the call is left as it was, unless Keras 3 can be given the generator itself (FM216): not
    for validation data, a generator that may end, or a call with ``class_weight``, which the message
    names. The message names the obstacle and the remedy that removes it: an explicit dtype, a shape
    the code spells out, a tuple of fixed length rather than a list grown in a loop.

    A ``Sequence`` is passed to ``fit`` as it is, and Keras 3 reads its batches itself: they
    must hold tuples, dicts and arrays only, since a list inside a batch fails at the first batch. A
    Sequence whose ``__getitem__`` returns something not proven so (a part read from a pickle, a list
    nested in what a helper returns, a list in a class of another module that cannot be made a tuple
    there: a notebook, or a class whose batches other code of the project reads, which is named) is
    refused too, with the part named."""

    CODE = "FM103"
    NAME = "signature-not-proven"
    SEVERITY = "error"
    SUMMARY = "the dtype, rank or structure of what the generator yields cannot be proven; the call is left as it was"
    FIX = ("Make the dtype explicit in the generator (`.astype('float32')`, `dtype=`), yield tuples rather than "
           "nested lists, or let `fitmigrate migrate --infer sample` read the signature from one real batch; for a "
           "Sequence, return tuples of arrays from `__getitem__`, or migrate it by hand.")
    FIX_SAFETY = "none"
    VALID = ["import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2), dtype='float32'), np.zeros((4, 1))\n\n"
             "model.fit_generator(batches(), steps_per_epoch=10)\n"]
    INVALID = [_IMREAD, _SEQUENCE]
