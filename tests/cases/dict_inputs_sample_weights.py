# runnable
import numpy as np
from tensorflow import keras


def batches(batch_size=4):
    while True:
        features = {
            "image": np.random.rand(batch_size, 6).astype("float32"),
            "meta": np.random.rand(batch_size, 2).astype("float32"),
        }
        weights = np.ones(batch_size, dtype="float32")
        yield features, np.zeros((batch_size, 1), dtype="float32"), weights


image_in = keras.Input((6,), name="image")
meta_in = keras.Input((2,), name="meta")
out = keras.layers.Dense(1)(keras.layers.Concatenate()([image_in, meta_in]))
model = keras.Model({"image": image_in, "meta": meta_in}, out)
model.compile("sgd", "mse")
model.fit_generator(batches(), steps_per_epoch=2, verbose=0)
# output
# runnable
import numpy as np
import tensorflow as tf
from tensorflow import keras


def batches(batch_size=4):
    while True:
        features = {
            "image": np.random.rand(batch_size, 6).astype("float32"),
            "meta": np.random.rand(batch_size, 2).astype("float32"),
        }
        weights = np.ones(batch_size, dtype="float32")
        yield features, np.zeros((batch_size, 1), dtype="float32"), weights


image_in = keras.Input((6,), name="image")
meta_in = keras.Input((2,), name="meta")
out = keras.layers.Dense(1)(keras.layers.Concatenate()([image_in, meta_in]))
model = keras.Model({"image": image_in, "meta": meta_in}, out)
model.compile("sgd", "mse")
batches_dataset = tf.data.Dataset.from_generator(
    batches,
    output_signature=(
        {
            "image": tf.TensorSpec(shape=(None, 6), dtype=tf.float32),
            "meta": tf.TensorSpec(shape=(None, 2), dtype=tf.float32),
        },
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
        tf.TensorSpec(shape=(None,), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(batches_dataset, steps_per_epoch=2, verbose=0)
