# A Keras 1 sample count that is not a whole number: Keras 1 counted whole samples until it had seen at
# least that many, so the steps are ceil(samples / batch_size) (not (samples + b - 1) // b, which is a
# step short for a float); import math goes into the standard-library section.
import glob
import os

import numpy as np
from keras.layers import Dense
from keras.models import Sequential

files = ["image_%04d.png" % i for i in range(100)] or glob.glob(os.path.join("images", "*.png"))


def rows(batch_size=32):
    while True:
        yield np.ones((batch_size, 4), dtype="float32"), np.zeros((batch_size, 1), dtype="float32")


model = Sequential()
model.add(Dense(1, input_dim=4))
model.fit_generator(rows(), samples_per_epoch=len(files) / 2, nb_epoch=2)
# output
# A Keras 1 sample count that is not a whole number: Keras 1 counted whole samples until it had seen at
# least that many, so the steps are ceil(samples / batch_size) (not (samples + b - 1) // b, which is a
# step short for a float); import math goes into the standard-library section.
import glob
import math
import os

import numpy as np
import tensorflow as tf
from keras.layers import Dense
from keras.models import Sequential

files = ["image_%04d.png" % i for i in range(100)] or glob.glob(os.path.join("images", "*.png"))


def rows(batch_size=32):
    while True:
        yield np.ones((batch_size, 4), dtype="float32"), np.zeros((batch_size, 1), dtype="float32")


model = Sequential()
model.add(Dense(1, input_dim=4))
rows_dataset = tf.data.Dataset.from_generator(
    rows,
    output_signature=(
        tf.TensorSpec(shape=(None, 4), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(rows_dataset, steps_per_epoch=math.ceil(len(files) / 2 / 32), epochs=2)
