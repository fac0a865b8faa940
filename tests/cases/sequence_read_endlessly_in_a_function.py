# In order (shuffle=False), from a function: the helper is a nested def. The Sequence is read by the
# dataset on one thread, so workers= and use_multiprocessing= go (FM202); max_queue_size is the prefetch.
import numpy as np
from tensorflow import keras


class Windows(keras.utils.Sequence):
    def __init__(self, series, length=16, batch_size=8):
        super().__init__()
        self.series, self.length, self.batch_size = series, length, batch_size

    def __len__(self):
        return (len(self.series) - self.length) // self.batch_size

    def __getitem__(self, index):
        start = index * self.batch_size
        x = np.zeros((self.batch_size, self.length), dtype="float32")
        for i in range(self.batch_size):
            x[i] = self.series[start + i:start + i + self.length]
        return x, np.zeros((self.batch_size, 1), dtype="float32")


def train(model, series):
    windows = Windows(series)
    model.fit_generator(windows, steps_per_epoch=500, epochs=10, shuffle=False,
                        workers=4, use_multiprocessing=True, max_queue_size=20)
    return model
# output
# In order (shuffle=False), from a function: the helper is a nested def. The Sequence is read by the
# dataset on one thread, so workers= and use_multiprocessing= go (FM202); max_queue_size is the prefetch.
import numpy as np
import tensorflow as tf
from tensorflow import keras


class Windows(keras.utils.Sequence):
    def __init__(self, series, length=16, batch_size=8):
        super().__init__()
        self.series, self.length, self.batch_size = series, length, batch_size

    def __len__(self):
        return (len(self.series) - self.length) // self.batch_size

    def __getitem__(self, index):
        start = index * self.batch_size
        x = np.zeros((self.batch_size, self.length), dtype="float32")
        for i in range(self.batch_size):
            x[i] = self.series[start + i:start + i + self.length]
        return x, np.zeros((self.batch_size, 1), dtype="float32")


def train(model, series):
    windows = Windows(series)

    def windows_batches(sequence=windows):
        """The Sequence without end, pass after pass, as Keras 2 read it."""
        while True:
            for index in range(len(sequence)):
                yield sequence[index]
            sequence.on_epoch_end()

    windows_dataset = tf.data.Dataset.from_generator(
        windows_batches,
        output_signature=(
            tf.TensorSpec(shape=(None, 16), dtype=tf.float32),
            tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
        ),
    ).prefetch(20)
    model.fit(windows_dataset, steps_per_epoch=500, epochs=10, shuffle=False)
    return model
