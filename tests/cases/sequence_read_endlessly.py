# runnable: legacy Keras went round a Sequence without end when a count was not one pass of it, and
# called on_epoch_end() after each pass; Keras 3 runs at most one pass an epoch (FM214).
import numpy as np
from tensorflow import keras


class Rows(keras.utils.Sequence):
    def __init__(self, batches):
        super().__init__()
        self.batches = batches

    def __len__(self):
        return self.batches

    def __getitem__(self, index):
        return np.full((4, 3), index, dtype="float32"), np.zeros((4, 1), dtype="float32")


train = Rows(5)
held_out = Rows(2)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(train, steps_per_epoch=8, epochs=2, verbose=0,
                    validation_data=held_out, validation_steps=3)
loss = model.evaluate_generator(held_out, steps=5, verbose=0)
# output
# runnable: legacy Keras went round a Sequence without end when a count was not one pass of it, and
# called on_epoch_end() after each pass; Keras 3 runs at most one pass an epoch (FM214).
import random

import numpy as np
import tensorflow as tf
from tensorflow import keras


class Rows(keras.utils.Sequence):
    def __init__(self, batches):
        super().__init__()
        self.batches = batches

    def __len__(self):
        return self.batches

    def __getitem__(self, index):
        return np.full((4, 3), index, dtype="float32"), np.zeros((4, 1), dtype="float32")


train = Rows(5)
held_out = Rows(2)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")


def train_batches(sequence=train):
    """The Sequence without end, each pass in a new order, as Keras 2 read it."""
    while True:
        for index in random.sample(range(len(sequence)), len(sequence)):
            yield sequence[index]
        sequence.on_epoch_end()


def held_out_batches(sequence=held_out):
    """The validation Sequence without end, pass after pass, as Keras 2 read it."""
    while True:
        for index in range(len(sequence)):
            yield sequence[index]
        sequence.on_epoch_end()


train_dataset = tf.data.Dataset.from_generator(
    train_batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
held_out_dataset = tf.data.Dataset.from_generator(
    lambda generator=held_out_batches(): generator,
    output_signature=(
        tf.TensorSpec(shape=(None, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(0)
model.fit(train_dataset, steps_per_epoch=8, epochs=2, verbose=0,
          validation_data=held_out_dataset, validation_steps=3)


def eval_batches(sequence=held_out):
    """The Sequence without end, pass after pass, as Keras 2 read it."""
    while True:
        for index in range(len(sequence)):
            yield sequence[index]
        sequence.on_epoch_end()


eval_dataset = tf.data.Dataset.from_generator(
    eval_batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(0)
loss = model.evaluate(eval_dataset, steps=5, verbose=0)
