# Keras 1 keywords in a file that uses the Keras 2 API (Conv2D): it ran on Keras 2, whose converter
# kept a generator's sample counts as step counts and divided a flow's by its batch size (floor).
import numpy as np
from keras.layers import Conv2D
from keras.preprocessing.image import ImageDataGenerator

x_train = np.zeros((100, 8, 8, 3), dtype="float32")
y_train = np.zeros((100, 10), dtype="float32")


def rows():
    while True:
        yield np.zeros((16, 8, 8, 3), dtype="float32"), np.zeros((16, 10), dtype="float32")


layer = Conv2D(8, (3, 3))
model.fit_generator(rows(), samples_per_epoch=100, nb_epoch=2, validation_data=rows(), nb_val_samples=10)
model.fit_generator(ImageDataGenerator().flow(x_train, y_train, batch_size=32), samples_per_epoch=len(x_train),
                    nb_epoch=2)
# output
# Keras 1 keywords in a file that uses the Keras 2 API (Conv2D): it ran on Keras 2, whose converter
# kept a generator's sample counts as step counts and divided a flow's by its batch size (floor).
import numpy as np
import tensorflow as tf
from keras.layers import Conv2D
from tensorflow.keras.preprocessing.image import ImageDataGenerator

x_train = np.zeros((100, 8, 8, 3), dtype="float32")
y_train = np.zeros((100, 10), dtype="float32")


def rows():
    while True:
        yield np.zeros((16, 8, 8, 3), dtype="float32"), np.zeros((16, 10), dtype="float32")


layer = Conv2D(8, (3, 3))
rows_dataset = tf.data.Dataset.from_generator(
    rows,
    output_signature=(
        tf.TensorSpec(shape=(None, 8, 8, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 10), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
validation_dataset = tf.data.Dataset.from_generator(
    lambda generator=rows(): generator,
    output_signature=(
        tf.TensorSpec(shape=(None, 8, 8, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 10), dtype=tf.float32),
    ),
).prefetch(0)
model.fit(rows_dataset, steps_per_epoch=100, epochs=2, validation_data=validation_dataset, validation_steps=10)
train_dataset = tf.data.Dataset.from_generator(
    lambda: ImageDataGenerator().flow(x_train, y_train, batch_size=32),
    output_signature=(
        tf.TensorSpec(shape=(None, 8, 8, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 10), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(train_dataset, steps_per_epoch=len(x_train) // 32,
          epochs=2)
