"""fit_generator with initial_epoch (epochs 1 to 3 of 4), max_queue_size and workers=1."""
import numpy as np
from tensorflow import keras


def batches(batch_size=8):
    row = 0
    while True:
        x = np.arange(row * 4, (row + batch_size) * 4, dtype="float32").reshape(batch_size, 4) / 100
        y = np.arange(row, row + batch_size, dtype="float32").reshape(batch_size, 1)
        yield x, y
        row += batch_size


model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(batches(), steps_per_epoch=2, epochs=4, initial_epoch=1, verbose=0,
                    max_queue_size=2, workers=1)
