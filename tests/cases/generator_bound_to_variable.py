# runnable
import numpy as np
from tensorflow import keras


def batches(batch_size):
    while True:
        yield np.ones((batch_size, 2), dtype=np.float32), np.zeros((batch_size, 1), dtype=np.float32)


train_gen = batches(4)
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(train_gen, steps_per_epoch=2, epochs=2, verbose=0)
# output
# runnable
import numpy as np
import tensorflow as tf
from tensorflow import keras


def batches(batch_size):
    while True:
        yield np.ones((batch_size, 2), dtype=np.float32), np.zeros((batch_size, 1), dtype=np.float32)


train_gen = batches(4)
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
train_dataset = tf.data.Dataset.from_generator(
    lambda: train_gen,
    output_signature=(
        tf.TensorSpec(shape=(None, 2), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(train_dataset, steps_per_epoch=2, epochs=2, verbose=0)
