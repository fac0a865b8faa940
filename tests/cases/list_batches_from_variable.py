# runnable
import numpy as np
from tensorflow import keras


def batches(batch_size=4):
    while True:
        image = np.random.rand(batch_size, 6).astype("float32")
        meta = np.random.rand(batch_size, 2).astype("float32")
        inputs = [image, meta]
        yield inputs, np.zeros((batch_size, 1), dtype="float32")


image_in = keras.Input((6,), name="image")
meta_in = keras.Input((2,), name="meta")
out = keras.layers.Dense(1)(keras.layers.Concatenate()([image_in, meta_in]))
model = keras.Model([image_in, meta_in], out)
model.compile("sgd", "mse")
model.fit_generator(batches(), steps_per_epoch=2, verbose=0)
# output
# runnable
import numpy as np
import tensorflow as tf
from tensorflow import keras


def batches(batch_size=4):
    while True:
        image = np.random.rand(batch_size, 6).astype("float32")
        meta = np.random.rand(batch_size, 2).astype("float32")
        inputs = [image, meta]
        yield inputs, np.zeros((batch_size, 1), dtype="float32")


image_in = keras.Input((6,), name="image")
meta_in = keras.Input((2,), name="meta")
out = keras.layers.Dense(1)(keras.layers.Concatenate()([image_in, meta_in]))
model = keras.Model([image_in, meta_in], out)
model.compile("sgd", "mse")
batches_dataset = tf.data.Dataset.from_generator(
    lambda: ((tuple(inputs), targets) for inputs, targets in batches()),
    output_signature=(
        (
            tf.TensorSpec(shape=(None, 6), dtype=tf.float32),
            tf.TensorSpec(shape=(None, 2), dtype=tf.float32),
        ),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(batches_dataset, steps_per_epoch=2, verbose=0)
