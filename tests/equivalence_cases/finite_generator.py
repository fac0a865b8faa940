"""Finite generators (a for loop, no while True) given exactly as many steps as they have batches:
fit over two epochs, predict over the whole generator."""
import numpy as np
from tensorflow import keras


def batches(first, count, batch_size=5):
    for index in range(count):
        row = first + index * batch_size
        x = np.arange(row * 2, (row + batch_size) * 2, dtype="float32").reshape(batch_size, 2)
        y = np.arange(row, row + batch_size, dtype="float32").reshape(batch_size, 1)
        yield x, y


model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(batches(0, 6), steps_per_epoch=3, epochs=2, verbose=0)
model.evaluate_generator(batches(50, 4), steps=4, verbose=0)
rows = model.predict_generator(batches(100, 3), steps=3, verbose=0)
