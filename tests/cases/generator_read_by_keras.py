import threading

from PIL import Image
import numpy as np


class ThreadSafe:
    def __init__(self, iterator):
        self.iterator = iterator
        self.lock = threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self.lock:
            return next(self.iterator)


def threadsafe_generator(function):
    def made(*args, **kwargs):
        return ThreadSafe(function(*args, **kwargs))

    return made


def batches(paths, batch_size=16):
    while True:
        picked = np.random.choice(len(paths), batch_size)
        images = np.array([np.asarray(Image.open(paths[i])) for i in picked])
        yield images, [np.zeros((batch_size, 1), dtype="float32"), np.ones((batch_size, 2))]


@threadsafe_generator
def shared(paths):
    while True:
        yield np.array([np.asarray(Image.open(path)) for path in paths]), np.zeros((len(paths), 1))


def validation(paths):
    while True:
        yield np.zeros((len(paths), 32, 32, 3), dtype="float32"), [np.zeros((len(paths), 1)), np.ones((len(paths), 2))]


train = batches(["a.png", "b.png"])
model.fit_generator(train, steps_per_epoch=10, epochs=3, max_queue_size=4,
                    validation_data=validation(["c.png"]), validation_steps=2)
model.evaluate_generator(batches(["c.png"], batch_size=1), steps=5)
model.fit_generator(shared(["a.png"]), steps_per_epoch=10, epochs=2, workers=4)
# output
import threading

from PIL import Image
import numpy as np
import tensorflow as tf


class ThreadSafe:
    def __init__(self, iterator):
        self.iterator = iterator
        self.lock = threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self.lock:
            return next(self.iterator)


def threadsafe_generator(function):
    def made(*args, **kwargs):
        return ThreadSafe(function(*args, **kwargs))

    return made


def batches(paths, batch_size=16):
    while True:
        picked = np.random.choice(len(paths), batch_size)
        images = np.array([np.asarray(Image.open(paths[i])) for i in picked])
        yield images, (np.zeros((batch_size, 1), dtype="float32"), np.ones((batch_size, 2)))


@threadsafe_generator
def shared(paths):
    while True:
        yield np.array([np.asarray(Image.open(path)) for path in paths]), np.zeros((len(paths), 1))


def validation(paths):
    while True:
        yield np.zeros((len(paths), 32, 32, 3), dtype="float32"), (np.zeros((len(paths), 1)), np.ones((len(paths), 2)))


train = batches(["a.png", "b.png"])
validation_dataset = tf.data.Dataset.from_generator(
    lambda generator=validation(["c.png"]): generator,
    output_signature=(
        tf.TensorSpec(shape=(None, 32, 32, 3), dtype=tf.float32),
        (
            tf.TensorSpec(shape=(None, 1), dtype=tf.float64),
            tf.TensorSpec(shape=(None, 2), dtype=tf.float64),
        ),
    ),
).prefetch(0)
model.fit(train, steps_per_epoch=10, epochs=3,
          validation_data=validation_dataset, validation_steps=2)
model.evaluate(batches(["c.png"], batch_size=1), steps=5)
model.fit((batch for batch in shared(["a.png"])), steps_per_epoch=10, epochs=2)
