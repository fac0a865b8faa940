import numpy as np
from tensorflow.keras.preprocessing.image import Iterator


class IndexIterator(Iterator):
    """Written for Keras 2.0, whose fit_generator called next(); Keras 3 never calls it."""

    def __init__(self, x, batch_size=8, shuffle=True, seed=None):
        self.x = x
        super(IndexIterator, self).__init__(len(x), batch_size, shuffle, seed)

    def next(self):
        with self.lock:
            index_array, current_index, current_batch_size = next(self.index_generator)
        return self.x[index_array], np.zeros((current_batch_size, 1))


x_train = np.random.rand(64, 4)
model.fit_generator(IndexIterator(x_train), steps_per_epoch=8, epochs=2)
