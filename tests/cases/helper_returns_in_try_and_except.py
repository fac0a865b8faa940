import numpy as np


def load(path):
    try:
        return np.asarray(read(path), dtype="float32")
    except IOError:
        return np.zeros((8, 3), dtype="float32")


def batches(path):
    while True:
        yield load(path).reshape(8, 3), np.zeros((8, 1))


model.fit_generator(batches("a.npy"), steps_per_epoch=10)
# output
import numpy as np
import tensorflow as tf


def load(path):
    try:
        return np.asarray(read(path), dtype="float32")
    except IOError:
        return np.zeros((8, 3), dtype="float32")


def batches(path):
    while True:
        yield load(path).reshape(8, 3), np.zeros((8, 1))


batches_dataset = tf.data.Dataset.from_generator(
    lambda: batches("a.npy"),
    output_signature=(
        tf.TensorSpec(shape=(None, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(batches_dataset, steps_per_epoch=10)
