"""Training script."""
from __future__ import annotations


def batches():
    import numpy as np

    while True:
        yield np.zeros((4, 2)), np.zeros((4, 1))


model.fit_generator(batches(), steps_per_epoch=2)
# output
"""Training script."""
from __future__ import annotations

import tensorflow as tf


def batches():
    import numpy as np

    while True:
        yield np.zeros((4, 2)), np.zeros((4, 1))


batches_dataset = tf.data.Dataset.from_generator(
    batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 2), dtype=tf.float64),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(batches_dataset, steps_per_epoch=2)
