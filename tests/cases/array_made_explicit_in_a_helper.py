from PIL import Image
import numpy as np


def load_batch(paths):
    batch = [np.asarray(Image.open(path).convert("RGB").resize((64, 64))) for path in paths]
    return np.array(batch, dtype=np.float32)


def load_masks(paths):
    masks = np.asarray([np.asarray(Image.open(path)) for path in paths])
    return masks.astype(np.float32).reshape(len(paths), 64, 64, 1) / 255.0


def batches(paths, masks, batch_size=8):
    while True:
        picked = np.random.randint(0, len(paths), batch_size)
        x = load_batch([paths[i] for i in picked])
        yield x.reshape(batch_size, 64, 64, 3) / 255.0, load_masks([masks[i] for i in picked])


model.fit_generator(batches(["a.png"], ["a_mask.png"]), steps_per_epoch=10)
# output
from PIL import Image
import numpy as np
import tensorflow as tf


def load_batch(paths):
    batch = [np.asarray(Image.open(path).convert("RGB").resize((64, 64))) for path in paths]
    return np.array(batch, dtype=np.float32)


def load_masks(paths):
    masks = np.asarray([np.asarray(Image.open(path)) for path in paths])
    return masks.astype(np.float32).reshape(len(paths), 64, 64, 1) / 255.0


def batches(paths, masks, batch_size=8):
    while True:
        picked = np.random.randint(0, len(paths), batch_size)
        x = load_batch([paths[i] for i in picked])
        yield x.reshape(batch_size, 64, 64, 3) / 255.0, load_masks([masks[i] for i in picked])


batches_dataset = tf.data.Dataset.from_generator(
    lambda: batches(["a.png"], ["a_mask.png"]),
    output_signature=(
        tf.TensorSpec(shape=(None, 64, 64, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 64, 64, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(batches_dataset, steps_per_epoch=10)
