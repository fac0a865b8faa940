# runnable
import numpy as np
from tensorflow import keras


def batches():
    while True:
        x = np.random.rand(8, 4).astype("float32")
        y = keras.utils.to_categorical(np.random.randint(0, 3, 8), num_classes=3)
        yield x, y


model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile("adam", "categorical_crossentropy")
history = model.fit_generator(batches(), steps_per_epoch=3, epochs=2, verbose=0)
# output
# runnable
import numpy as np
import tensorflow as tf
from tensorflow import keras


def batches():
    while True:
        x = np.random.rand(8, 4).astype("float32")
        y = keras.utils.to_categorical(np.random.randint(0, 3, 8), num_classes=3)
        yield x, y


model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile("adam", "categorical_crossentropy")
batches_dataset = tf.data.Dataset.from_generator(
    batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 4), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 3), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
history = model.fit(batches_dataset, steps_per_epoch=3, epochs=2, verbose=0)
