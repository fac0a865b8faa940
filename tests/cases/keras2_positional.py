# probe
import numpy as np
from keras.layers import Conv2D

layer = Conv2D(8, kernel_size=3)


def batches(bs):
    while True:
        yield np.random.rand(bs, 10), np.random.rand(bs, 1)


model.fit_generator(batches(10), 50, 4, 1, [], None, None)
# output
# probe
import numpy as np
import tensorflow as tf
from keras.layers import Conv2D

layer = Conv2D(8, kernel_size=3)


def batches(bs):
    while True:
        yield np.random.rand(bs, 10), np.random.rand(bs, 1)


batches_dataset = tf.data.Dataset.from_generator(
    lambda: batches(10),
    output_signature=(
        tf.TensorSpec(shape=(None, 10), dtype=tf.float64),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(batches_dataset, steps_per_epoch=50, epochs=4, verbose=1, callbacks=[], validation_data=None, validation_steps=None)
