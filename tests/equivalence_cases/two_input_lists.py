"""A two-input model fed batches ``[x1, x2], y`` (a list of inputs) by an endless generator, then by a
keras.utils.Sequence (in order: shuffle=False)."""
import numpy as np
from tensorflow import keras


def batches(first, batch_size=4):
    row = first
    while True:
        image = np.arange(row * 6, (row + batch_size) * 6, dtype="float32").reshape(batch_size, 6) / 10
        meta = np.arange(row * 2, (row + batch_size) * 2, dtype="float32").reshape(batch_size, 2)
        target = np.arange(row, row + batch_size, dtype="float32").reshape(batch_size, 1)
        yield [image, meta], target
        row += batch_size


class Pairs(keras.utils.Sequence):
    def __init__(self, first, batches, batch_size=4):
        super().__init__()
        self.first, self.batches, self.batch_size = first, batches, batch_size

    def __len__(self):
        return self.batches

    def __getitem__(self, index):
        row = self.first + index * self.batch_size
        image = np.arange(row * 6, (row + self.batch_size) * 6, dtype="float32").reshape(self.batch_size, 6) / 10
        meta = np.arange(row * 2, (row + self.batch_size) * 2, dtype="float32").reshape(self.batch_size, 2)
        return [image, meta], np.arange(row, row + self.batch_size, dtype="float32").reshape(self.batch_size, 1)


image_in = keras.Input((6,), name="image")
meta_in = keras.Input((2,), name="meta")
out = keras.layers.Dense(1)(keras.layers.Concatenate()([image_in, meta_in]))
model = keras.Model([image_in, meta_in], out)
model.compile("sgd", "mse", metrics=["mae"])
model.fit_generator(batches(0), steps_per_epoch=4, epochs=2, verbose=0)
scores = model.evaluate_generator(batches(500), steps=2, verbose=0)
predictions = model.predict_generator(batches(900), steps=3, verbose=0)
pairs = Pairs(2000, 3)
model.fit_generator(pairs, steps_per_epoch=len(pairs), epochs=2, shuffle=False, verbose=0)
