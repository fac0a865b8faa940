"""A generator whose dtypes no static analysis proves (its numbers come through map(), which the analyzer
does not follow) is passed to fit / evaluate / predict as it is: Keras 3 reads the dtypes from its first
two batches and goes on through it across epochs, as fit_generator did (3 epochs of 3 steps: batches 0
to 8), then evaluate and predict read their steps once."""
import numpy as np
from tensorflow import keras

FEATURES = 3


def batches(first, batch_size=4):
    """Endless: rows ``first``, ``first + 1``... ``batch_size`` at a time."""
    row = first
    while True:
        values = list(map(float, range(row * FEATURES, (row + batch_size) * FEATURES)))
        x = np.array(values).reshape(batch_size, FEATURES) / 100
        y = np.array(list(map(float, range(row, row + batch_size)))).reshape(batch_size, 1)
        yield x, y
        row += batch_size


model = keras.Sequential([keras.Input((FEATURES,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(batches(0), steps_per_epoch=3, epochs=3, verbose=0)
model.evaluate_generator(batches(200), steps=3, verbose=0)
predictions = model.predict_generator(batches(300), steps=5, verbose=0)
