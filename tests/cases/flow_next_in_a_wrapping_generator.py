import numpy as np
from keras.preprocessing.image import ImageDataGenerator

x_train = np.random.rand(64, 32, 32, 3).astype("float32")
y_train = np.random.randint(0, 2, (64, 1))
datagen = ImageDataGenerator(horizontal_flip=True)
train_flow = datagen.flow(x_train, y_train, batch_size=8)


def two_views():
    while True:
        x, y = train_flow.next()
        yield [x, x[:, ::-1]], y


def counted():
    for x, y in datagen.flow(x_train, y_train, batch_size=8):
        yield x, [y, y]


model.fit_generator(two_views(), steps_per_epoch=8, epochs=2)
model.evaluate_generator(counted(), steps=8)
# output
import numpy as np
import tensorflow as tf
from tensorflow.keras.preprocessing.image import ImageDataGenerator

x_train = np.random.rand(64, 32, 32, 3).astype("float32")
y_train = np.random.randint(0, 2, (64, 1))
datagen = ImageDataGenerator(horizontal_flip=True)
train_flow = datagen.flow(x_train, y_train, batch_size=8)


def two_views():
    while True:
        x, y = next(train_flow)
        yield (x, x[:, ::-1]), y


def counted():
    for x, y in datagen.flow(x_train, y_train, batch_size=8):
        yield x, (y, y)


two_views_dataset = tf.data.Dataset.from_generator(
    two_views,
    output_signature=(
        (
            tf.TensorSpec(shape=(None, 32, 32, 3), dtype=tf.float32),
            tf.TensorSpec(shape=(None, None, 32, 3), dtype=tf.float32),
        ),
        tf.TensorSpec(shape=(None, 1), dtype=tf.int64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(two_views_dataset, steps_per_epoch=8, epochs=2)
counted_dataset = tf.data.Dataset.from_generator(
    counted,
    output_signature=(
        tf.TensorSpec(shape=(None, 32, 32, 3), dtype=tf.float32),
        (
            tf.TensorSpec(shape=(None, 1), dtype=tf.int64),
            tf.TensorSpec(shape=(None, 1), dtype=tf.int64),
        ),
    ),
).prefetch(tf.data.AUTOTUNE)
model.evaluate(counted_dataset, steps=8)
