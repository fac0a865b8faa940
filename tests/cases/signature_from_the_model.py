# The images come from files, so their dtype is not provable; the model declares what it takes.
import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, Dense, Flatten


def load(path):
    return read_image_somehow(path)


def batches(paths, labels, batch_size=16):
    while True:
        for start in range(0, len(paths) - batch_size + 1, batch_size):
            images = np.array([load(p) for p in paths[start:start + batch_size]])
            yield images, labels[start:start + batch_size]


model = Sequential()
model.add(Conv2D(16, (3, 3), input_shape=(64, 64, 3)))
model.add(Flatten())
model.add(Dense(5, activation="softmax"))
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit_generator(batches(train_paths, train_labels), steps_per_epoch=50, epochs=3)
# output
# The images come from files, so their dtype is not provable; the model declares what it takes.
import numpy as np
import tensorflow as tf
from keras.models import Sequential
from keras.layers import Conv2D, Dense, Flatten


def load(path):
    return read_image_somehow(path)


def batches(paths, labels, batch_size=16):
    while True:
        for start in range(0, len(paths) - batch_size + 1, batch_size):
            images = np.array([load(p) for p in paths[start:start + batch_size]])
            yield images, labels[start:start + batch_size]


model = Sequential()
model.add(Conv2D(16, (3, 3), input_shape=(64, 64, 3)))
model.add(Flatten())
model.add(Dense(5, activation="softmax"))
model.compile(optimizer="adam", loss="categorical_crossentropy")
train_dataset = tf.data.Dataset.from_generator(
    lambda: batches(train_paths, train_labels),
    output_signature=(
        tf.TensorSpec(shape=(None, 64, 64, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 5), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(train_dataset, steps_per_epoch=50, epochs=3)
