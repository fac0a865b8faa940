"""A keras.utils.Sequence loaded by worker threads and processes: fit_generator with workers=4 and a
validation Sequence, shuffle=False so the batch order itself is compared, and predict_generator with
workers=2, use_multiprocessing=True. __getitem__ sleeps longer on even batches, so parallel loading
finishes them out of order: the enqueuer must still hand them over in order, legacy and migrated."""
import time

import numpy as np
from tensorflow import keras


class Rows(keras.utils.Sequence):
    def __init__(self, first, batches, batch_size=4, **kwargs):
        super().__init__(**kwargs)
        self.first, self.batches, self.batch_size = first, batches, batch_size

    def __len__(self):
        return self.batches

    def __getitem__(self, index):
        time.sleep(0.03 if index % 2 == 0 else 0.0)
        row = self.first + index * self.batch_size
        x = np.arange(row * 3, (row + self.batch_size) * 3, dtype="float32").reshape(self.batch_size, 3) / 100
        y = np.arange(row, row + self.batch_size, dtype="float32").reshape(self.batch_size, 1)
        return x, y


train = Rows(0, 6)
held_out = Rows(100, 3)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(train, steps_per_epoch=len(train), epochs=2, verbose=0, shuffle=False,
                    validation_data=held_out, validation_steps=len(held_out),
                    workers=4, use_multiprocessing=False, max_queue_size=5)
unseen = Rows(200, 5)
predictions = model.predict_generator(unseen, steps=len(unseen), verbose=0, workers=2, use_multiprocessing=True)
