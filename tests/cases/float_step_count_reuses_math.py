# A count that needs math.ceil uses the module's own name for math (here an alias, imported before the
# call): the count is a float of parameters, so -(-a // b) cannot be proven exact.
import math as m

import numpy as np


def rows(n_rows):
    while True:
        yield np.zeros((n_rows, 3), dtype="float32"), np.zeros((n_rows, 1), dtype="float32")


def train(model, samples, batch_size):
    model.fit_generator(rows(batch_size), steps_per_epoch=samples / batch_size, epochs=1)


print(m.pi)
# output
# A count that needs math.ceil uses the module's own name for math (here an alias, imported before the
# call): the count is a float of parameters, so -(-a // b) cannot be proven exact.
import math as m

import numpy as np
import tensorflow as tf


def rows(n_rows):
    while True:
        yield np.zeros((n_rows, 3), dtype="float32"), np.zeros((n_rows, 1), dtype="float32")


def train(model, samples, batch_size):
    rows_dataset = tf.data.Dataset.from_generator(
        lambda: rows(batch_size),
        output_signature=(
            tf.TensorSpec(shape=(None, 3), dtype=tf.float32),
            tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
        ),
    ).prefetch(tf.data.AUTOTUNE)
    model.fit(rows_dataset, steps_per_epoch=m.ceil(samples / batch_size), epochs=1)


print(m.pi)
