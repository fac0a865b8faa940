"""Failure mode 1: integer class labels fed to categorical_crossentropy."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Conv2D, Dense, Flatten, MaxPooling2D

np.random.seed(0)

NUM_CLASSES = 10
BATCH_SIZE = 32
IMAGE_SHAPE = (28, 28, 1)

x_train = np.random.rand(512, 28, 28, 1).astype("float32")
y_train = np.random.randint(0, NUM_CLASSES, 512)
x_val = np.random.rand(128, 28, 28, 1).astype("float32")
y_val = np.random.randint(0, NUM_CLASSES, 128)


def batches(x, y, batch_size=BATCH_SIZE):
    """Endless shuffled batches (the labels were never one-hot encoded)."""
    while True:
        idx = np.random.randint(0, len(x), batch_size)
        yield x[idx], y[idx]  # integer class ids, not one-hot rows


def images_only(x, batch_size=BATCH_SIZE):
    for start in range(0, len(x), batch_size):
        yield x[start:start + batch_size]


model = keras.Sequential([
    keras.Input(IMAGE_SHAPE),
    Conv2D(8, kernel_size=3, activation="relu"),
    MaxPooling2D(),
    Flatten(),
    Dense(NUM_CLASSES, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])

train_dataset = tf.data.Dataset.from_generator(
    lambda: batches(x_train, y_train),
    output_signature=(
        tf.TensorSpec(shape=(None, 28, 28, 1), dtype=tf.float32),
        tf.TensorSpec(shape=(None,), dtype=tf.int64),
    ),
).prefetch(tf.data.AUTOTUNE)
val_dataset = tf.data.Dataset.from_generator(
    lambda generator=batches(x_val, y_val): generator,
    output_signature=(
        tf.TensorSpec(shape=(None, 28, 28, 1), dtype=tf.float32),
        tf.TensorSpec(shape=(None,), dtype=tf.int64),
    ),
).prefetch(0)
history = model.fit(
    train_dataset,
    steps_per_epoch=8,  # 8 batches of 32 per epoch
    epochs=2,
    validation_data=val_dataset,
    validation_steps=2,
    verbose=2,
)
eval_dataset = tf.data.Dataset.from_generator(
    lambda: batches(x_val, y_val),
    output_signature=(
        tf.TensorSpec(shape=(None, 28, 28, 1), dtype=tf.float32),
        tf.TensorSpec(shape=(None,), dtype=tf.int64),
    ),
).prefetch(tf.data.AUTOTUNE)
loss, accuracy = model.evaluate(eval_dataset, steps=2)
images_only_dataset = tf.data.Dataset.from_generator(
    lambda: images_only(x_val),
    output_signature=tf.TensorSpec(shape=(None, 28, 28, 1), dtype=tf.float32),
).prefetch(tf.data.AUTOTUNE)
predictions = model.predict(images_only_dataset, steps=4)
print("evaluated", round(float(loss), 3), "predicted", predictions.shape)
