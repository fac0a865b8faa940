# The image shape comes from the caller, so the batches' ranks are not proven and no output_signature
# can be written: the helper's generator goes to fit as it is, and Keras 3 reads the signature from
# its first two batches (FM214).
import numpy as np
from tensorflow import keras


class Images(keras.utils.Sequence):
    def __init__(self, paths, labels, shape, batch_size=32):
        super().__init__()
        self.paths, self.labels, self.shape, self.batch_size = paths, labels, shape, batch_size

    def __len__(self):
        return len(self.paths) // self.batch_size

    def __getitem__(self, index):
        x = np.zeros(self.shape, dtype="float32")
        y = np.zeros((self.batch_size, 10), dtype="float32")
        for i in range(self.batch_size):
            x[i] = np.load(self.paths[index * self.batch_size + i])
            y[i, self.labels[index * self.batch_size + i]] = 1
        return x, y


def fit(model, paths, labels, shape):
    images = Images(paths, labels, shape)
    model.fit_generator(images, steps_per_epoch=1000, epochs=5)
# output
# The image shape comes from the caller, so the batches' ranks are not proven and no output_signature
# can be written: the helper's generator goes to fit as it is, and Keras 3 reads the signature from
# its first two batches (FM214).
import random

import numpy as np
from tensorflow import keras


class Images(keras.utils.Sequence):
    def __init__(self, paths, labels, shape, batch_size=32):
        super().__init__()
        self.paths, self.labels, self.shape, self.batch_size = paths, labels, shape, batch_size

    def __len__(self):
        return len(self.paths) // self.batch_size

    def __getitem__(self, index):
        x = np.zeros(self.shape, dtype="float32")
        y = np.zeros((self.batch_size, 10), dtype="float32")
        for i in range(self.batch_size):
            x[i] = np.load(self.paths[index * self.batch_size + i])
            y[i, self.labels[index * self.batch_size + i]] = 1
        return x, y


def fit(model, paths, labels, shape):
    images = Images(paths, labels, shape)

    def images_batches(sequence=images):
        """The Sequence without end, each pass in a new order, as Keras 2 read it."""
        while True:
            for index in random.sample(range(len(sequence)), len(sequence)):
                yield sequence[index]
            sequence.on_epoch_end()

    model.fit(images_batches(), steps_per_epoch=1000, epochs=5)
