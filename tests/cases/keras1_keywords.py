from keras.models import Sequential
from keras.layers import Convolution2D
import numpy as np


def batches(batch_size=32):
    while True:
        yield np.random.rand(batch_size, 16, 16, 3), np.random.rand(batch_size, 1)


model = Sequential()
model.add(Convolution2D(8, 3, 3, border_mode="same", input_shape=(16, 16, 3)))
model.fit_generator(batches(64), samples_per_epoch=6400, nb_epoch=10,
                    validation_data=batches(), nb_val_samples=640,
                    nb_worker=2, pickle_safe=True, max_q_size=20)
score = model.evaluate_generator(batches(), val_samples=320)
# output
from keras.models import Sequential
from keras.layers import Convolution2D
import numpy as np
import tensorflow as tf


def batches(batch_size=32):
    while True:
        yield np.random.rand(batch_size, 16, 16, 3), np.random.rand(batch_size, 1)


model = Sequential()
model.add(Convolution2D(8, (3, 3), padding="same", input_shape=(16, 16, 3)))
batches_dataset = tf.data.Dataset.from_generator(
    lambda: batches(64),
    output_signature=(
        tf.TensorSpec(shape=(None, 16, 16, 3), dtype=tf.float64),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float64),
    ),
).prefetch(20)
validation_dataset = tf.data.Dataset.from_generator(
    lambda generator=batches(): generator,
    output_signature=(
        tf.TensorSpec(shape=(None, 16, 16, 3), dtype=tf.float64),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float64),
    ),
).prefetch(0)
model.fit(batches_dataset, steps_per_epoch=6400 // 64, epochs=10,
          validation_data=validation_dataset, validation_steps=640 // 32)
eval_dataset = tf.data.Dataset.from_generator(
    batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 16, 16, 3), dtype=tf.float64),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
score = model.evaluate(eval_dataset, steps=320 // 32)
