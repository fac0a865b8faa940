# Samples or steps? With batches of one sample the count is the same either way.
import numpy as np


def one_at_a_time():
    while True:
        yield np.zeros((1, 4), dtype="float32"), np.zeros((1, 1), dtype="float32")


model.fit_generator(one_at_a_time(), 500)
# output
# Samples or steps? With batches of one sample the count is the same either way.
import numpy as np
import tensorflow as tf


def one_at_a_time():
    while True:
        yield np.zeros((1, 4), dtype="float32"), np.zeros((1, 1), dtype="float32")


one_at_a_time_dataset = tf.data.Dataset.from_generator(
    one_at_a_time,
    output_signature=(
        tf.TensorSpec(shape=(None, 4), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(one_at_a_time_dataset, steps_per_epoch=500)
