"""In-memory validation data ``validation_data=(x_val, y_val)`` (40 rows) with validation_steps=2."""
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
