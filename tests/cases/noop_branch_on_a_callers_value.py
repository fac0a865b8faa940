import numpy as np


def batches(augment=False):
    while True:
        x = np.zeros((4, 2))
        if augment:
            x = x.astype("float32")
        yield x, np.zeros((4, 1))


def train(model, augment=False):
    # Another caller may pass augment=True: the default proves nothing about this call.
    model.fit_generator(batches(augment), steps_per_epoch=10)
