from keras.layers import Conv2D
from keras.preprocessing.image import ImageDataGenerator
import numpy as np

x = np.zeros((100, 8, 8, 3), dtype="float32")
y = np.zeros((100, 10), dtype="float32")


def train(model, bs):
    # Keras 2 (the file uses Conv2D) converted samples_per_epoch to samples_per_epoch // generator.batch_size:
    # the flow is made in the call, so its batch size is `bs`, whatever its value.
    layer = Conv2D(32, (3, 3))
    datagen = ImageDataGenerator(rotation_range=10)
    model.fit_generator(datagen.flow(x, y, batch_size=bs), samples_per_epoch=len(x) * 2, nb_epoch=3)
# output
from keras.layers import Conv2D
from tensorflow.keras.preprocessing.image import ImageDataGenerator
import numpy as np
import tensorflow as tf

x = np.zeros((100, 8, 8, 3), dtype="float32")
y = np.zeros((100, 10), dtype="float32")


def train(model, bs):
    # Keras 2 (the file uses Conv2D) converted samples_per_epoch to samples_per_epoch // generator.batch_size:
    # the flow is made in the call, so its batch size is `bs`, whatever its value.
    layer = Conv2D(32, (3, 3))
    datagen = ImageDataGenerator(rotation_range=10)
    datagen_dataset = tf.data.Dataset.from_generator(
        lambda: datagen.flow(x, y, batch_size=bs),
        output_signature=(
            tf.TensorSpec(shape=(None, 8, 8, 3), dtype=tf.float32),
            tf.TensorSpec(shape=(None, 10), dtype=tf.float32),
        ),
    ).prefetch(tf.data.AUTOTUNE)
    model.fit(datagen_dataset, steps_per_epoch=(len(x) * 2) // bs, epochs=3)
