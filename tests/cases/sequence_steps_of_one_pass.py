import numpy as np
from tensorflow import keras


class Rows(keras.utils.Sequence):
    def __init__(self, count):
        super().__init__()
        self.count = count

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        return np.zeros((4, 2)), np.zeros((4, 1))


class Five(keras.utils.Sequence):
    def __len__(self):
        return 5

    def __getitem__(self, index):
        return np.zeros((4, 2)), np.zeros((4, 1))


rows = Rows(12)
model.fit_generator(rows, steps_per_epoch=len(rows), epochs=3)
model.fit_generator(Five(), steps_per_epoch=5, epochs=3)
model.evaluate_generator(rows, steps=len(rows))
# output
import numpy as np
from tensorflow import keras


class Rows(keras.utils.Sequence):
    def __init__(self, count):
        super().__init__()
        self.count = count

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        return np.zeros((4, 2)), np.zeros((4, 1))


class Five(keras.utils.Sequence):
    def __len__(self):
        return 5

    def __getitem__(self, index):
        return np.zeros((4, 2)), np.zeros((4, 1))


rows = Rows(12)
model.fit(rows, steps_per_epoch=len(rows), epochs=3)
model.fit(Five(), steps_per_epoch=5, epochs=3)
model.evaluate(rows, steps=len(rows))
