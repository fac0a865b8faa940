# runnable
import numpy as np
from tensorflow import keras

x_val = np.zeros((10, 4), dtype="float32")
y_val = np.zeros((10, 1), dtype="float32")


def rows():
    while True:
        yield np.ones((8, 4), dtype="float32"), np.zeros((8, 1), dtype="float32")


model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(rows(), steps_per_epoch=3, epochs=2, verbose=0,
                    class_weight='auto',
                    validation_data=(x_val, y_val), validation_steps=5)
model.fit_generator(rows(), samples_per_epoch=24, nb_epoch=1, verbose=0, validation_data=(x_val, y_val),
                    nb_val_samples=5)
# output
# runnable
import numpy as np
import tensorflow as tf
from tensorflow import keras

x_val = np.zeros((10, 4), dtype="float32")
y_val = np.zeros((10, 1), dtype="float32")


def rows():
    while True:
        yield np.ones((8, 4), dtype="float32"), np.zeros((8, 1), dtype="float32")


model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
rows_dataset = tf.data.Dataset.from_generator(
    rows,
    output_signature=(
        tf.TensorSpec(shape=(None, 4), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(rows_dataset, steps_per_epoch=3, epochs=2, verbose=0,
          validation_data=(x_val, y_val))
train_dataset = tf.data.Dataset.from_generator(
    rows,
    output_signature=(
        tf.TensorSpec(shape=(None, 4), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(train_dataset, steps_per_epoch=24, epochs=1, verbose=0, validation_data=(x_val, y_val))
