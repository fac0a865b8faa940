"""An endless generator function with steps_per_epoch and epochs (the generator goes on from epoch to
epoch), then evaluate_generator and predict_generator with steps."""
import numpy as np
from tensorflow import keras

FEATURES = 3


def batches(first, count, batch_size=4):
    """Endless: the ``count`` batches of rows ``first``, ``first + 1``... in turn."""
    index = 0
    while True:
        start = (first + index * batch_size) * FEATURES
        x = np.arange(start, start + batch_size * FEATURES, dtype="float32").reshape(batch_size, FEATURES) / 100
        row = first + index * batch_size
        y = np.arange(row, row + batch_size, dtype="float32").reshape(batch_size, 1)
        yield x, y
        index = (index + 1) % count


model = keras.Sequential([keras.Input((FEATURES,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(batches(0, 10), steps_per_epoch=3, epochs=3, verbose=0)
model.evaluate_generator(batches(200, 4), steps=3, verbose=0)
predictions = model.predict_generator(batches(300, 4), steps=5, verbose=0)
