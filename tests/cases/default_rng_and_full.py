# probe
import numpy as np

rng = np.random.default_rng(0)


def batches(n=8):
    while True:
        x = rng.normal(size=(n, 3)).astype(np.float16)
        mask = np.full((n, 3), 1)
        yield (x, mask), rng.integers(0, 4, size=n)


model.fit_generator(batches(), steps_per_epoch=5)
# output
# probe
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)


def batches(n=8):
    while True:
        x = rng.normal(size=(n, 3)).astype(np.float16)
        mask = np.full((n, 3), 1)
        yield (x, mask), rng.integers(0, 4, size=n)


batches_dataset = tf.data.Dataset.from_generator(
    batches,
    output_signature=(
        (
            tf.TensorSpec(shape=(None, 3), dtype=tf.float16),
            tf.TensorSpec(shape=(None, 3), dtype=tf.int64),
        ),
        tf.TensorSpec(shape=(None,), dtype=tf.int64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(batches_dataset, steps_per_epoch=5)
