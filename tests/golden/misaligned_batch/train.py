"""Failure mode 2: each batch holds 32 images but 64 labels."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Dense, Flatten

np.random.seed(0)

NUM_CLASSES = 10
BATCH_SIZE = 32

x_train = np.random.rand(512, 28, 28, 1).astype("float32")
y_train = keras.utils.to_categorical(np.random.randint(0, NUM_CLASSES, 512), num_classes=NUM_CLASSES)


def batches(batch_size=BATCH_SIZE):
    while True:
        images = x_train[np.random.randint(0, len(x_train), batch_size)]
        # The bug: labels are drawn for twice as many samples as there are images.
        labels = y_train[np.random.randint(0, len(y_train), 2 * batch_size)]
        yield images, labels


model = keras.Sequential([keras.Input((28, 28, 1)), Flatten(), Dense(NUM_CLASSES, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
batches_dataset = tf.data.Dataset.from_generator(
    batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 28, 28, 1), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 10), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(batches_dataset, steps_per_epoch=8, epochs=2, verbose=2)
