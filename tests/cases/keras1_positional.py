from keras.models import Sequential
from keras.layers import Dense
import numpy as np

BATCH_SIZE = 50
n_train_samples = 5000


def batches():
    while True:
        yield np.random.rand(BATCH_SIZE, 10), np.random.rand(BATCH_SIZE, 1)


model = Sequential()
model.add(Dense(1, input_dim=10, init="uniform"))
model.fit_generator(batches(), n_train_samples, 5)
# output
from keras.models import Sequential
from keras.layers import Dense
import numpy as np
import tensorflow as tf

BATCH_SIZE = 50
n_train_samples = 5000


def batches():
    while True:
        yield np.random.rand(BATCH_SIZE, 10), np.random.rand(BATCH_SIZE, 1)


model = Sequential()
model.add(Dense(1, input_dim=10, kernel_initializer="uniform"))
batches_dataset = tf.data.Dataset.from_generator(
    batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 10), dtype=tf.float64),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(batches_dataset, steps_per_epoch=(n_train_samples + BATCH_SIZE - 1) // BATCH_SIZE, epochs=5)
