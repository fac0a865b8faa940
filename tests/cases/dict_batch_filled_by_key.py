import numpy as np


def ctc_batches(batch_size=16, width=128, text_length=8):
    while True:
        inputs = {}
        inputs["the_input"] = np.random.rand(batch_size, width, 64, 1)
        inputs["the_labels"] = np.random.randint(1, 30, (batch_size, text_length))
        inputs["input_length"] = np.full((batch_size, 1), width // 4 - 2)
        inputs["label_length"] = np.full((batch_size, 1), text_length)
        outputs = {"ctc": np.zeros([batch_size])}
        yield inputs, outputs


model.fit_generator(ctc_batches(), steps_per_epoch=100)
# output
import numpy as np
import tensorflow as tf


def ctc_batches(batch_size=16, width=128, text_length=8):
    while True:
        inputs = {}
        inputs["the_input"] = np.random.rand(batch_size, width, 64, 1)
        inputs["the_labels"] = np.random.randint(1, 30, (batch_size, text_length))
        inputs["input_length"] = np.full((batch_size, 1), width // 4 - 2)
        inputs["label_length"] = np.full((batch_size, 1), text_length)
        outputs = {"ctc": np.zeros([batch_size])}
        yield inputs, outputs


ctc_batches_dataset = tf.data.Dataset.from_generator(
    ctc_batches,
    output_signature=(
        {
            "the_input": tf.TensorSpec(shape=(None, 128, 64, 1), dtype=tf.float64),
            "the_labels": tf.TensorSpec(shape=(None, 8), dtype=tf.int64),
            "input_length": tf.TensorSpec(shape=(None, 1), dtype=tf.int64),
            "label_length": tf.TensorSpec(shape=(None, 1), dtype=tf.int64),
        },
        {
            "ctc": tf.TensorSpec(shape=(None,), dtype=tf.float64),
        },
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(ctc_batches_dataset, steps_per_epoch=100)
