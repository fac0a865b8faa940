"""Training script whose generator is imported from data.py."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Dense

from data import batches

np.random.seed(0)

x_train = np.random.rand(256, 12).astype("float32")
y_train = np.random.randint(0, 3, 256)

model = keras.Sequential([keras.Input((12,)), Dense(16, activation="relu"), Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
train_dataset = tf.data.Dataset.from_generator(
    lambda: batches(x_train, y_train),
    output_signature=(
        tf.TensorSpec(shape=(None, 12), dtype=tf.float32),
        tf.TensorSpec(shape=(None,), dtype=tf.int64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(train_dataset, steps_per_epoch=8, epochs=2, verbose=2)
