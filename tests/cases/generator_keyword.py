# runnable
import numpy as np
from tensorflow import keras


def batches():
    while True:
        yield np.zeros((4, 2), dtype="float32"), np.zeros((4, 1), dtype="float32")


model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(generator=batches(), steps_per_epoch=2, verbose=0)
# output
# runnable
import numpy as np
import tensorflow as tf
from tensorflow import keras


def batches():
    while True:
        yield np.zeros((4, 2), dtype="float32"), np.zeros((4, 1), dtype="float32")


model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
batches_dataset = tf.data.Dataset.from_generator(
    batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 2), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(x=batches_dataset, steps_per_epoch=2, verbose=0)
