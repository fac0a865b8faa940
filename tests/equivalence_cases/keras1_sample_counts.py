# expect: fit steps_per_epoch=4 epochs=2 rows_per_step=32 rows_per_epoch=128 validation_steps=2 validation_rows=64
# expect: predict steps=4 rows=128
"""Keras 1 argument names, which no installed Keras accepts, so the figures above are Keras 1's, from
its documented loop: an epoch draws batches until at least ``samples_per_epoch`` samples have been
seen (100 samples in batches of 32: 4 batches, 128 rows), validation until ``nb_val_samples`` (64: 2
batches), and ``predict_generator`` until ``val_samples`` (128: 4 batches), returning that many rows
(Keras 1.2.2 held exactly ``val_samples`` rows and raised ValueError on a batch that went past them, so
a ``predict_generator`` call ran only with a count its batches fill exactly)."""
import numpy as np
from tensorflow import keras


def batches(first, batch_size=32):
    row = first
    while True:
        x = np.arange(row * 2, (row + batch_size) * 2, dtype="float32").reshape(batch_size, 2) / 1000
        y = np.arange(row, row + batch_size, dtype="float32").reshape(batch_size, 1)
        yield x, y
        row += batch_size


model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(batches(0), samples_per_epoch=100, nb_epoch=2, verbose=0,
                    validation_data=batches(10000), nb_val_samples=64)
predictions = model.predict_generator(batches(20000), val_samples=128)
