# runnable
import numpy as np
from tensorflow import keras

x_train = np.random.random((100, 6))
y_train = np.random.randint(0, 2, (100, 1)).astype("float32")


def batches(x, y, batch_size=16, shuffle=True):
    while True:
        idx = np.random.randint(0, len(x), batch_size)
        yield x[idx], y[idx]


model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy")
model.fit_generator(batches(x_train, y_train, batch_size=10), steps_per_epoch=4, epochs=1, verbose=0)
# output
# runnable
import numpy as np
import tensorflow as tf
from tensorflow import keras

x_train = np.random.random((100, 6))
y_train = np.random.randint(0, 2, (100, 1)).astype("float32")


def batches(x, y, batch_size=16, shuffle=True):
    while True:
        idx = np.random.randint(0, len(x), batch_size)
        yield x[idx], y[idx]


model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy")
train_dataset = tf.data.Dataset.from_generator(
    lambda: batches(x_train, y_train, batch_size=10),
    output_signature=(
        tf.TensorSpec(shape=(None, 6), dtype=tf.float64),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(train_dataset, steps_per_epoch=4, epochs=1, verbose=0)
