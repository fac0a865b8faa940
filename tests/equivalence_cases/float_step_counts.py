"""Step counts that are not whole numbers, as Keras 2's documentation wrote them (``len(x) /
batch_size``): an endless generator given steps_per_epoch=10 / 4 (3 steps: the legacy loop ran ``while
steps_done < steps_per_epoch``, and so does tf_keras), then evaluate_generator and predict_generator
given a name assigned a float (2.5: 3 steps) and a numpy ceiling (4.0: 4 steps)."""
import numpy as np
from tensorflow import keras

FEATURES = 3
batch_size = 4
x_train = np.arange(10 * FEATURES, dtype="float32").reshape(10, FEATURES) / 100
y_train = np.arange(10, dtype="float32").reshape(10, 1)
evaluation_steps = len(x_train) * 0.25


def batches(first):
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
model.fit_generator(batches(0), steps_per_epoch=len(x_train) / batch_size, epochs=2, verbose=0)
model.evaluate_generator(batches(200), steps=evaluation_steps, verbose=0)
predictions = model.predict_generator(batches(300), np.ceil(len(x_train) / 3.0), verbose=0)
