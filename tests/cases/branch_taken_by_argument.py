import numpy as np


def batches(augment=False, mode="train"):
    while True:
        x = np.zeros((4, 2))
        if augment:
            x = x.astype("float32")
        if mode == "train":
            y = np.zeros((4, 1))
        elif mode == "test":
            y = np.zeros((4, 1), dtype="int32")
        else:
            raise ValueError(mode)
        yield x, y


model.fit_generator(batches(), steps_per_epoch=10)
model.evaluate_generator(batches(augment=True, mode="test"), steps=5)
# output
import numpy as np
import tensorflow as tf


def batches(augment=False, mode="train"):
    while True:
        x = np.zeros((4, 2))
        if augment:
            x = x.astype("float32")
        if mode == "train":
            y = np.zeros((4, 1))
        elif mode == "test":
            y = np.zeros((4, 1), dtype="int32")
        else:
            raise ValueError(mode)
        yield x, y


batches_dataset = tf.data.Dataset.from_generator(
    batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 2), dtype=tf.float64),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(batches_dataset, steps_per_epoch=10)
test_dataset = tf.data.Dataset.from_generator(
    lambda: batches(augment=True, mode="test"),
    output_signature=(
        tf.TensorSpec(shape=(None, 2), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.int32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.evaluate(test_dataset, steps=5)
