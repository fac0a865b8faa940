# runnable: Keras 1 counted samples until it had seen at least samples_per_epoch of them.
import numpy as np
from tensorflow import keras

batch_size = 32
files = ["image_%04d.png" % i for i in range(100)]


def rows(batch_size):
    while True:
        yield np.ones((batch_size, 4), dtype="float32"), np.zeros((batch_size, 1), dtype="float32")


model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(rows(batch_size), samples_per_epoch=len(files), nb_epoch=1, verbose=0)
predictions = model.predict_generator(rows(batch_size), val_samples=len(files))
for name, row in zip(files, predictions):
    assert row.shape == (1,), name
assert len(predictions) >= len(files)
# output
# runnable: Keras 1 counted samples until it had seen at least samples_per_epoch of them.
import numpy as np
import tensorflow as tf
from tensorflow import keras

batch_size = 32
files = ["image_%04d.png" % i for i in range(100)]


def rows(batch_size):
    while True:
        yield np.ones((batch_size, 4), dtype="float32"), np.zeros((batch_size, 1), dtype="float32")


model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
rows_dataset = tf.data.Dataset.from_generator(
    lambda: rows(batch_size),
    output_signature=(
        tf.TensorSpec(shape=(None, 4), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(rows_dataset, steps_per_epoch=(len(files) + batch_size - 1) // batch_size, epochs=1, verbose=0)
predict_dataset = tf.data.Dataset.from_generator(
    lambda: rows(batch_size),
    output_signature=(
        tf.TensorSpec(shape=(None, 4), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
predictions = model.predict(predict_dataset, steps=(len(files) + batch_size - 1) // batch_size)
for name, row in zip(files, predictions):
    assert row.shape == (1,), name
assert len(predictions) >= len(files)
