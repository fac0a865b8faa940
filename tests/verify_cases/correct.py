"""Every call here feeds its model what it expects: verify must pass every check."""

import numpy as np
import tensorflow as tf
from tensorflow import keras

from case_data import CLASSES, class_ids, images, one_hot


def batches(x, y, batch_size=32):
    while True:
        for start in range(0, len(x) - batch_size + 1, batch_size):
            yield x[start:start + batch_size], y[start:start + batch_size]


model = keras.Sequential([keras.Input((6, 6, 1)), keras.layers.Flatten(),
                          keras.layers.Dense(CLASSES, activation="softmax")])
model.compile("adam", keras.losses.CategoricalCrossentropy())
history = model.fit(tf.data.Dataset.from_generator(
    lambda: batches(images, one_hot),
    output_signature=(
        tf.TensorSpec(shape=(None, 6, 6, 1), dtype=tf.float32),
        tf.TensorSpec(shape=(None, CLASSES), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE), steps_per_epoch=8, epochs=3,
    validation_data=tf.data.Dataset.from_generator(
        lambda: batches(images[:64], one_hot[:64]),
        output_signature=(
            tf.TensorSpec(shape=(None, 6, 6, 1), dtype=tf.float32),
            tf.TensorSpec(shape=(None, CLASSES), dtype=tf.float32),
        ),
    ), validation_steps=2, verbose=0)
print("final loss", history.history["loss"][-1], "val", history.history["val_loss"][-1])

sparse = keras.Sequential([keras.Input((6, 6, 1)), keras.layers.Flatten(), keras.layers.Dense(CLASSES)])
sparse.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
sparse.fit(images, class_ids, batch_size=64, epochs=2, verbose=0)
loss, accuracy = sparse.evaluate(images, class_ids, verbose=0)
predictions = sparse.predict(images, verbose=0)
assert predictions.shape == (256, CLASSES), predictions.shape


def tagged(batch_size=16):
    while True:
        idx = np.random.randint(0, 256, batch_size)
        yield ({"pixels": images[idx], "weight_hint": np.ones((batch_size, 1), "float32")},
               (class_ids[idx] % 2).astype("float32").reshape(-1, 1), np.ones(batch_size, "float32"))


pixels = keras.Input((6, 6, 1), name="pixels")
hint = keras.Input((1,), name="weight_hint")
joined = keras.layers.Concatenate()([keras.layers.Flatten()(pixels), hint])
binary = keras.Model({"pixels": pixels, "weight_hint": hint}, keras.layers.Dense(1, activation="sigmoid")(joined))
binary.compile("sgd", "binary_crossentropy")
binary.fit(tf.data.Dataset.from_generator(tagged, output_signature=(
    {"pixels": tf.TensorSpec((None, 6, 6, 1), tf.float32), "weight_hint": tf.TensorSpec((None, 1), tf.float32)},
    tf.TensorSpec((None, 1), tf.float32),
    tf.TensorSpec((None,), tf.float32),
)), steps_per_epoch=5, verbose=0)
