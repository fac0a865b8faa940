# equivalence: order=epoch
"""A keras.utils.Sequence with steps_per_epoch equal to its len (one full pass per epoch; the batch
order is the default shuffled one, so batches are compared as a set within each epoch), with
workers=1 and max_queue_size, then evaluate_generator and predict_generator over the whole Sequence."""
import numpy as np
from tensorflow import keras


class Rows(keras.utils.Sequence):
    def __init__(self, first, batches, batch_size=4):
        super().__init__()
        self.first, self.batches, self.batch_size = first, batches, batch_size

    def __len__(self):
        return self.batches

    def __getitem__(self, index):
        row = self.first + index * self.batch_size
        x = np.arange(row * 3, (row + self.batch_size) * 3, dtype="float32").reshape(self.batch_size, 3) / 100
        y = np.arange(row, row + self.batch_size, dtype="float32").reshape(self.batch_size, 1)
        return x, y


train = Rows(0, 5)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(train, steps_per_epoch=len(train), epochs=2, verbose=0, workers=1, max_queue_size=3)
held_out = Rows(100, 3)
model.evaluate_generator(held_out, steps=len(held_out), verbose=0)
unseen = Rows(200, 4)
predictions = model.predict_generator(unseen, steps=len(unseen), verbose=0)
