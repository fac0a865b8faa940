"""A generator function behind a thread-safety decorator (which returns an iterator object, not a
generator) whose dtypes are not proven: it is given to fit through a generator expression over it, and
the model gets the same batches, epoch after epoch."""
import threading

import numpy as np
from tensorflow import keras


class ThreadSafe:
    def __init__(self, iterator):
        self.iterator = iterator
        self.lock = threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self.lock:
            return next(self.iterator)


def threadsafe_generator(function):
    def made(*args, **kwargs):
        return ThreadSafe(function(*args, **kwargs))

    return made


@threadsafe_generator
def batches(first, batch_size=4):
    row = first
    while True:
        x = np.array(list(map(float, range(row * 2, (row + batch_size) * 2)))).reshape(batch_size, 2)
        yield [x / 10], np.arange(row, row + batch_size, dtype="float32").reshape(batch_size, 1)
        row += batch_size


FEATURES = 2
model = keras.Sequential([keras.Input((FEATURES,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(batches(0), steps_per_epoch=2, epochs=3, verbose=0, workers=1)
