# runnable
import numpy as np
from tensorflow import keras

BATCH_SIZE = 8


def batches(batch_size=BATCH_SIZE):
    while True:
        x = np.random.normal(0.0, 1.0, (batch_size, 5)).astype("float32")
        yield x, np.zeros((batch_size, 1), dtype="float32")


model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(1)])
model.compile("adam", "mse")
model.fit_generator(batches(), steps_per_epoch=2, epochs=2,
                    validation_data=batches(4), validation_steps=2,
                    verbose=0)
loss = model.evaluate_generator(batches(), steps=2)
# output
# runnable
import numpy as np
import tensorflow as tf
from tensorflow import keras

BATCH_SIZE = 8


def batches(batch_size=BATCH_SIZE):
    while True:
        x = np.random.normal(0.0, 1.0, (batch_size, 5)).astype("float32")
        yield x, np.zeros((batch_size, 1), dtype="float32")


model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(1)])
model.compile("adam", "mse")
batches_dataset = tf.data.Dataset.from_generator(
    batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 5), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
validation_dataset = tf.data.Dataset.from_generator(
    lambda generator=batches(4): generator,
    output_signature=(
        tf.TensorSpec(shape=(None, 5), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(0)
model.fit(batches_dataset, steps_per_epoch=2, epochs=2,
          validation_data=validation_dataset, validation_steps=2,
          verbose=0)
eval_dataset = tf.data.Dataset.from_generator(
    batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 5), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
loss = model.evaluate(eval_dataset, steps=2)
