import numpy as np

N_LEN = 4
CLASSES = 36


def captchas(batch_size=32):
    while True:
        x = np.random.rand(batch_size, 60, 160, 3).astype("float32")
        y = np.random.randint(0, CLASSES, (batch_size, N_LEN))
        yield x, [y[:, i] for i in range(N_LEN)]


model.fit_generator(captchas(), steps_per_epoch=100)
# output
import numpy as np
import tensorflow as tf

N_LEN = 4
CLASSES = 36


def captchas(batch_size=32):
    while True:
        x = np.random.rand(batch_size, 60, 160, 3).astype("float32")
        y = np.random.randint(0, CLASSES, (batch_size, N_LEN))
        yield x, tuple(y[:, i] for i in range(N_LEN))


captchas_dataset = tf.data.Dataset.from_generator(
    captchas,
    output_signature=(
        tf.TensorSpec(shape=(None, 60, 160, 3), dtype=tf.float32),
        (
            tf.TensorSpec(shape=(None,), dtype=tf.int64),
            tf.TensorSpec(shape=(None,), dtype=tf.int64),
            tf.TensorSpec(shape=(None,), dtype=tf.int64),
            tf.TensorSpec(shape=(None,), dtype=tf.int64),
        ),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(captchas_dataset, steps_per_epoch=100)
