import numpy as np


class Batches:
    def __iter__(self):
        return self

    def __next__(self):
        return np.zeros((4, 2)), np.zeros((4, 1))


model.fit_generator(Batches(), steps_per_epoch=10)
