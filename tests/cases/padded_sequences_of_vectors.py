import numpy as np
from keras.preprocessing.sequence import pad_sequences

EMBEDDING = 100
vectors = np.zeros((200, 25, EMBEDDING), dtype="float32")  # a vector per step, as GloVe sequences are


def batches(batch_size=16):
    while True:
        for start in range(0, len(vectors) - batch_size + 1, batch_size):
            steps = pad_sequences(vectors[start:start + batch_size], maxlen=40, dtype="float32")
            yield steps, np.zeros((batch_size, 1), dtype="float32")


model.fit_generator(batches(), steps_per_epoch=12, epochs=2)
# output
import numpy as np
import tensorflow as tf
from keras.preprocessing.sequence import pad_sequences

EMBEDDING = 100
vectors = np.zeros((200, 25, EMBEDDING), dtype="float32")  # a vector per step, as GloVe sequences are


def batches(batch_size=16):
    while True:
        for start in range(0, len(vectors) - batch_size + 1, batch_size):
            steps = pad_sequences(vectors[start:start + batch_size], maxlen=40, dtype="float32")
            yield steps, np.zeros((batch_size, 1), dtype="float32")


batches_dataset = tf.data.Dataset.from_generator(
    batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 40, 100), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(batches_dataset, steps_per_epoch=12, epochs=2)
