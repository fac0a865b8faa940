"""Failure mode 3: a generator that stops after 5 batches when 10 steps x 10 epochs are asked for."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Dense, Flatten

np.random.seed(0)

NUM_CLASSES = 10
BATCH_SIZE = 32


def batches(batch_size=BATCH_SIZE):
    # The bug: a for loop where a `while True:` was needed.
    for _ in range(5):
        images = np.random.rand(batch_size, 28, 28, 1).astype("float32")
        labels = keras.utils.to_categorical(np.random.randint(0, NUM_CLASSES, batch_size), num_classes=NUM_CLASSES)
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
model.fit(batches_dataset, steps_per_epoch=10, epochs=10, verbose=2)
