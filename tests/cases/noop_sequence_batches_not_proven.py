# A Sequence is passed to fit as it is only when its batches are proven to hold tuples, dicts and arrays
# all the way down: here the list of inputs is nested inside what a helper returns (it cannot be turned
# into a tuple where __getitem__ returns it), and in the second class a part of the batch is read from
# data the analyzer cannot see (it may be a list). Both are refused (FM103).
import pickle

import numpy as np
from tensorflow import keras


def batch_of(index):
    images = np.zeros((4, 8), dtype="float32")
    extra = np.zeros((4, 2), dtype="float32")
    return [images, extra], np.zeros((4, 1), dtype="float32")


class Nested(keras.utils.Sequence):
    def __len__(self):
        return 4

    def __getitem__(self, index):
        return batch_of(index)


class Stored(keras.utils.Sequence):
    def __init__(self, path):
        super().__init__()
        with open(path, "rb") as handle:
            self.batches = pickle.load(handle)

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, index):
        x, y = self.batches[index]
        return x, y


model.fit_generator(Nested(), epochs=1)
model.fit_generator(Stored("batches.pkl"), epochs=1)
