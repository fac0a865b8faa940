"""A generator whose dtypes only show at run time (parsed text), for `migrate --infer sample`."""

import json

import numpy as np
from tensorflow import keras

RECORDS = json.loads("""[{"features": [0.5, 1.5, 2.5], "label": 1},
                         {"features": [3.0, 4.0, 5.0], "label": 0},
                         {"features": [6.5, 7.5, 8.5], "label": 2}]""")
features = np.asarray([record["features"] for record in RECORDS])
labels = np.asarray([record["label"] for record in RECORDS])


def batches(x, y, batch_size):
    while True:
        idx = np.random.randint(0, len(x), batch_size)
        yield x[idx], y[idx]


model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, activation="softmax")])
model.compile("adam", "sparse_categorical_crossentropy")
# class_weight: Keras 3 would not take the generator itself (FM216), so only a sampled signature migrates it.
model.fit_generator(batches(features, labels, 8), steps_per_epoch=3, epochs=1, class_weight={0: 1.0, 1: 1.0, 2: 1.0})
AFTER_FIT = True

if __name__ == "__main__":
    raise SystemExit("the __main__ block must not run while sampling")
