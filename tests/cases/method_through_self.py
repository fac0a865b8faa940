# runnable
import numpy as np
from tensorflow import keras

IMAGE_SHAPE = (8, 8)


class Trainer:
    def __init__(self, model, batch_size=16):
        self.model = model
        self.batch_size = batch_size
        self.shape = (self.batch_size,) + IMAGE_SHAPE + (1,)

    def batches(self):
        while True:
            x = np.zeros(self.shape, dtype=np.float32)
            y = np.eye(10)[np.random.randint(0, 10, self.batch_size)]
            yield x, y

    def train(self):
        return self.model.fit_generator(self.batches(), steps_per_epoch=2,
                                        epochs=1, verbose=0)


net = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
net.compile("adam", "categorical_crossentropy")
Trainer(net).train()
# output
# runnable
import numpy as np
import tensorflow as tf
from tensorflow import keras

IMAGE_SHAPE = (8, 8)


class Trainer:
    def __init__(self, model, batch_size=16):
        self.model = model
        self.batch_size = batch_size
        self.shape = (self.batch_size,) + IMAGE_SHAPE + (1,)

    def batches(self):
        while True:
            x = np.zeros(self.shape, dtype=np.float32)
            y = np.eye(10)[np.random.randint(0, 10, self.batch_size)]
            yield x, y

    def train(self):
        batches_dataset = tf.data.Dataset.from_generator(
            self.batches,
            output_signature=(
                tf.TensorSpec(shape=(None, 8, 8, 1), dtype=tf.float32),
                tf.TensorSpec(shape=(None, 10), dtype=tf.float64),
            ),
        ).prefetch(tf.data.AUTOTUNE)
        return self.model.fit(batches_dataset, steps_per_epoch=2,
                              epochs=1, verbose=0)


net = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
net.compile("adam", "categorical_crossentropy")
Trainer(net).train()
