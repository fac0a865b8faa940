import numpy as np


def batches(augment=False):
    while True:
        x = np.zeros((4, 2))
        if np.random.rand() < 0.5:
            x = x.astype("float32")
        yield x, np.zeros((4, 1))


model.fit_generator(batches(), steps_per_epoch=10)
