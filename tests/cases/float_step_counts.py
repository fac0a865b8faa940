# runnable: step counts that are not whole numbers (Keras 2's documentation wrote len(x) / batch_size);
# the legacy loop ran `while steps_done < steps`, so each becomes its ceiling, which Keras 3 accepts.
import numpy as np
from tensorflow import keras

batch_size = 4
x_train = np.arange(30, dtype="float32").reshape(10, 3)
y_train = np.zeros((10, 1), dtype="float32")
validation_steps = len(x_train) * 0.25


def rows(first):
    while True:
        yield np.full((batch_size, 3), first, dtype="float32"), np.zeros((batch_size, 1), dtype="float32")
        first += 1


model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(rows(0), steps_per_epoch=len(x_train) / batch_size, epochs=2, verbose=0,
                    validation_data=rows(100), validation_steps=validation_steps)
model.evaluate_generator(rows(200), np.ceil(len(x_train) / float(batch_size)), verbose=0)
predictions = model.predict_generator(rows(300), steps=x_train.shape[0] / 3)
assert len(predictions) == 4 * batch_size
# output
# runnable: step counts that are not whole numbers (Keras 2's documentation wrote len(x) / batch_size);
# the legacy loop ran `while steps_done < steps`, so each becomes its ceiling, which Keras 3 accepts.
import math

import numpy as np
import tensorflow as tf
from tensorflow import keras

batch_size = 4
x_train = np.arange(30, dtype="float32").reshape(10, 3)
y_train = np.zeros((10, 1), dtype="float32")
validation_steps = len(x_train) * 0.25


def rows(first):
    while True:
        yield np.full((batch_size, 3), first, dtype="float32"), np.zeros((batch_size, 1), dtype="float32")
        first += 1


model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
rows_dataset = tf.data.Dataset.from_generator(
    lambda: rows(0),
    output_signature=(
        tf.TensorSpec(shape=(None, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
validation_dataset = tf.data.Dataset.from_generator(
    lambda generator=rows(100): generator,
    output_signature=(
        tf.TensorSpec(shape=(None, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(0)
model.fit(rows_dataset, steps_per_epoch=-(-len(x_train) // batch_size), epochs=2, verbose=0,
          validation_data=validation_dataset, validation_steps=math.ceil(validation_steps))
eval_dataset = tf.data.Dataset.from_generator(
    lambda: rows(200),
    output_signature=(
        tf.TensorSpec(shape=(None, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.evaluate(eval_dataset, steps=int(np.ceil(len(x_train) / float(batch_size))), verbose=0)
predict_dataset = tf.data.Dataset.from_generator(
    lambda: rows(300),
    output_signature=(
        tf.TensorSpec(shape=(None, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
predictions = model.predict(predict_dataset, steps=-(-x_train.shape[0] // 3))
assert len(predictions) == 4 * batch_size
