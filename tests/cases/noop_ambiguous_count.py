import numpy as np


def batches():
    while True:
        yield np.zeros((4, 2)), np.zeros((4, 1))


model.fit_generator(batches(), 100, 5)
