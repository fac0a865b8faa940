# The images are a list grown in a loop, the masks are reshaped to batch_size rows: every part of a
# batch has the batch's length, so the masks prove it (Keras 1 counted 25 samples as 4 batches of 8).
import numpy as np


def pairs(batch_size):
    while True:
        images, masks = [], []
        for _ in range(batch_size):
            images.append(np.zeros((16, 16, 3), dtype=np.float32))
            masks.append(np.zeros((16, 16), dtype=np.float32))
        masks = np.array(masks, dtype=np.float32).reshape(batch_size, 16 * 16, 1)
        yield np.array(images, dtype=np.float32), masks


model.fit_generator(pairs(8), samples_per_epoch=25, nb_epoch=3)
# output
# The images are a list grown in a loop, the masks are reshaped to batch_size rows: every part of a
# batch has the batch's length, so the masks prove it (Keras 1 counted 25 samples as 4 batches of 8).
import numpy as np
import tensorflow as tf


def pairs(batch_size):
    while True:
        images, masks = [], []
        for _ in range(batch_size):
            images.append(np.zeros((16, 16, 3), dtype=np.float32))
            masks.append(np.zeros((16, 16), dtype=np.float32))
        masks = np.array(masks, dtype=np.float32).reshape(batch_size, 16 * 16, 1)
        yield np.array(images, dtype=np.float32), masks


pairs_dataset = tf.data.Dataset.from_generator(
    lambda: pairs(8),
    output_signature=(
        tf.TensorSpec(shape=(None, 16, 16, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 256, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(pairs_dataset, steps_per_epoch=(25 + 8 - 1) // 8, epochs=3)
