# expect: fit steps_per_epoch=3 epochs=3 rows_per_step=4 validation_steps=2 validation_rows=8 validation_continues=1
"""A validation generator given validation_steps=6 / 4 (and steps_per_epoch=10 / 4): Keras 2's loop
ran ``while steps_done < validation_steps``, 2 validation steps (and 3 training steps) an epoch, every
pass going on where the last stopped. tf_keras is no reference for a validation generator (it drops
the batches its prefetch buffer held, see validation_generator.py), so the figures are Keras 2's."""
import numpy as np
from tensorflow import keras

FEATURES = 3
validation_samples = 6


def batches(first, batch_size=4):
    """Endless: rows ``first``, ``first + 1``... ``batch_size`` at a time."""
    row = first
    while True:
        x = np.arange(row * FEATURES, (row + batch_size) * FEATURES, dtype="float32")
        x = x.reshape(batch_size, FEATURES) / 100
        y = np.arange(row, row + batch_size, dtype="float32").reshape(batch_size, 1)
        yield x, y
        row += batch_size


model = keras.Sequential([keras.Input((FEATURES,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(batches(0), steps_per_epoch=10 / 4, epochs=3, verbose=0,
                    validation_data=batches(1000), validation_steps=validation_samples / 4)
