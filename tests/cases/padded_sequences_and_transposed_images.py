import numpy as np
from keras.preprocessing.sequence import pad_sequences
from keras.applications.imagenet_utils import preprocess_input

MAXLEN = 40
corpus_tokens = np.zeros((320, 25), dtype="int64")  # token ids: each step a number


def sentences(token_lists, labels, batch_size=16):
    while True:
        for start in range(0, len(token_lists) - batch_size + 1, batch_size):
            tokens = pad_sequences(token_lists[start:start + batch_size], maxlen=MAXLEN)
            targets = np.zeros((batch_size, 3), dtype="float32")
            yield tokens, targets


def images(batch_size=8):
    while True:
        pixels = np.zeros((batch_size, 3, 32, 32), dtype="uint8").transpose(0, 2, 3, 1)
        yield preprocess_input(pixels), np.zeros((batch_size, 1), dtype="float32")


model.fit_generator(sentences(corpus_tokens, corpus_labels), steps_per_epoch=20, epochs=2)
model.fit_generator(images(), samples_per_epoch=80, nb_epoch=2)
# output
import numpy as np
import tensorflow as tf
from keras.preprocessing.sequence import pad_sequences
from keras.applications.imagenet_utils import preprocess_input

MAXLEN = 40
corpus_tokens = np.zeros((320, 25), dtype="int64")  # token ids: each step a number


def sentences(token_lists, labels, batch_size=16):
    while True:
        for start in range(0, len(token_lists) - batch_size + 1, batch_size):
            tokens = pad_sequences(token_lists[start:start + batch_size], maxlen=MAXLEN)
            targets = np.zeros((batch_size, 3), dtype="float32")
            yield tokens, targets


def images(batch_size=8):
    while True:
        pixels = np.zeros((batch_size, 3, 32, 32), dtype="uint8").transpose(0, 2, 3, 1)
        yield preprocess_input(pixels), np.zeros((batch_size, 1), dtype="float32")


sentences_dataset = tf.data.Dataset.from_generator(
    lambda: sentences(corpus_tokens, corpus_labels),
    output_signature=(
        tf.TensorSpec(shape=(None, 40), dtype=tf.int32),
        tf.TensorSpec(shape=(None, 3), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(sentences_dataset, steps_per_epoch=20, epochs=2)
images_dataset = tf.data.Dataset.from_generator(
    images,
    output_signature=(
        tf.TensorSpec(shape=(None, 32, 32, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(images_dataset, steps_per_epoch=80, epochs=2)
