import numpy as np


def pairs(batch_size=8):
    while True:
        tokens = np.random.randint(0, 100, (batch_size, 20))
        segments = np.zeros((batch_size, 20), dtype="int32")
        masks = np.random.rand(batch_size, 20) > 0.5
        inputs = [np.asarray(x) for x in [tokens, segments, masks]]
        yield inputs, [np.expand_dims(x, axis=-1) for x in (tokens, masks)]


model.fit_generator(pairs(), steps_per_epoch=10)
# output
import numpy as np
import tensorflow as tf


def pairs(batch_size=8):
    while True:
        tokens = np.random.randint(0, 100, (batch_size, 20))
        segments = np.zeros((batch_size, 20), dtype="int32")
        masks = np.random.rand(batch_size, 20) > 0.5
        inputs = [np.asarray(x) for x in [tokens, segments, masks]]
        yield inputs, [np.expand_dims(x, axis=-1) for x in (tokens, masks)]


pairs_dataset = tf.data.Dataset.from_generator(
    lambda: ((tuple(inputs), tuple(targets)) for inputs, targets in pairs()),
    output_signature=(
        (
            tf.TensorSpec(shape=(None, 20), dtype=tf.int64),
            tf.TensorSpec(shape=(None, 20), dtype=tf.int32),
            tf.TensorSpec(shape=(None, 20), dtype=tf.bool),
        ),
        (
            tf.TensorSpec(shape=(None, 20, 1), dtype=tf.int64),
            tf.TensorSpec(shape=(None, 20, 1), dtype=tf.bool),
        ),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(pairs_dataset, steps_per_epoch=10)
