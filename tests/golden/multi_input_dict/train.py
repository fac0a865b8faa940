"""A two-input functional model fed dicts with sample weights, and a detection-style list generator."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

np.random.seed(0)

BATCH_SIZE = 16

image_input = keras.Input((8, 8, 3), name="image")
meta_input = keras.Input((4,), name="meta")
features = layers.Concatenate()([layers.Flatten()(image_input), meta_input])
output = layers.Dense(1, activation="sigmoid")(layers.Dense(8, activation="relu")(features))
model = keras.Model(inputs={"image": image_input, "meta": meta_input}, outputs=output)
model.compile(optimizer="adam", loss="binary_crossentropy")


def weighted_batches(batch_size=BATCH_SIZE):
    """Inputs by name, binary labels and a weight per sample."""
    while True:
        inputs = {
            "image": np.random.rand(batch_size, 8, 8, 3).astype("float32"),
            "meta": np.random.rand(batch_size, 4).astype("float32"),
        }
        labels = np.random.randint(0, 2, (batch_size, 1)).astype("float32")
        weights = np.where(labels[:, 0] > 0, 2.0, 1.0).astype("float32")
        yield inputs, labels, weights


def listed_batches(batch_size=BATCH_SIZE):
    """Legacy detection code yields its inputs as a list."""
    while True:
        image = np.random.rand(batch_size, 8, 8, 3).astype("float32")
        meta = np.random.rand(batch_size, 4).astype("float32")
        yield (image, meta), np.zeros((batch_size, 1), dtype="float32")


positional_model = keras.Model(inputs=[image_input, meta_input], outputs=output)
positional_model.compile(optimizer="adam", loss="binary_crossentropy")

weighted_batches_dataset = tf.data.Dataset.from_generator(
    weighted_batches,
    output_signature=(
        {
            "image": tf.TensorSpec(shape=(None, 8, 8, 3), dtype=tf.float32),
            "meta": tf.TensorSpec(shape=(None, 4), dtype=tf.float32),
        },
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
        tf.TensorSpec(shape=(None,), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(weighted_batches_dataset, steps_per_epoch=4, epochs=2, verbose=2)
listed_batches_dataset = tf.data.Dataset.from_generator(
    listed_batches,
    output_signature=(
        (
            tf.TensorSpec(shape=(None, 8, 8, 3), dtype=tf.float32),
            tf.TensorSpec(shape=(None, 4), dtype=tf.float32),
        ),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
positional_model.fit(listed_batches_dataset, steps_per_epoch=4, epochs=1, verbose=2)
