"""A keras.utils.Sequence fed to fit_generator with worker threads."""
import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import Dense

np.random.seed(0)


class RandomBatches(keras.utils.Sequence):
    """Batches of random features with regression targets."""

    def __init__(self, n_samples=256, batch_size=32, **kwargs):
        super().__init__(**kwargs)
        self.x = np.random.rand(n_samples, 16).astype("float32")
        self.y = self.x.sum(axis=1, keepdims=True).astype("float32")
        self.batch_size = batch_size

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, index):
        part = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[part], self.y[part]


train = RandomBatches()
val = RandomBatches(n_samples=64)
model = keras.Sequential([keras.Input((16,)), Dense(8, activation="relu"), Dense(1)])
model.compile(optimizer="adam", loss="mse")
train.workers = 2
train.use_multiprocessing = False
train.max_queue_size = 4
val.workers = 2
val.use_multiprocessing = False
val.max_queue_size = 4
model.fit(train, steps_per_epoch=len(train), epochs=2,
          validation_data=val, validation_steps=len(val),
          # two loader threads
          verbose=2)
