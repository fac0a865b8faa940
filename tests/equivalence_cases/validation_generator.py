# expect: fit steps_per_epoch=3 epochs=3 rows_per_step=4 validation_steps=2 validation_rows=8 validation_continues=1
"""A validation generator with validation_steps: an endless generator that never wraps around within
the run, so the batch each validation pass starts at tells whether it went on or started again.

The figures are Keras 2's and Keras 1's own loop: the call makes the validation generator once and
every epoch's pass draws the next ``validation_steps`` batches from it (no batch seen twice). tf_keras
is no reference here: it goes on too, but drops the batches its prefetch buffer held at the end of
each pass, how many depending on timing (measured: epoch 1 started at row 1016, epoch 2 at 1032 or
1036)."""
import numpy as np
from tensorflow import keras

FEATURES = 3


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
model.fit_generator(batches(0), steps_per_epoch=3, epochs=3, verbose=0,
                    validation_data=batches(1000), validation_steps=2)
