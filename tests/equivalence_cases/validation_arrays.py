# expect: fit steps_per_epoch=2 epochs=2 rows_per_step=8 validation_rows=40
"""In-memory validation data ``validation_data=(x_val, y_val)`` (40 rows) with validation_steps=2.

Keras 2's fit_generator ignored validation_steps for arrays and validated all 40 rows every epoch
(the figures above). tf_keras is no reference here: it uses the count to cut the 40 rows into 2
batches of 20, where Keras 2 and the migrated call batch them 32 + 8; the rows are the same."""
import numpy as np
from tensorflow import keras


def batches(batch_size=8):
    row = 0
    while True:
        x = np.arange(row * 4, (row + batch_size) * 4, dtype="float32").reshape(batch_size, 4) / 100
        y = np.arange(row, row + batch_size, dtype="float32").reshape(batch_size, 1)
        yield x, y
        row += batch_size


x_val = np.arange(40 * 4, dtype="float32").reshape(40, 4) / 7
y_val = np.arange(40, dtype="float32").reshape(40, 1)

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(batches(), steps_per_epoch=2, epochs=2, verbose=0,
                    validation_data=(x_val, y_val), validation_steps=2)
