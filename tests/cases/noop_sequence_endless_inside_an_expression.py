# Reading the Sequence endlessly takes a generator function written before the statement, and this
# call sits inside another call's arguments: left as it was (FM107).
import numpy as np
from tensorflow import keras


class Rows(keras.utils.Sequence):
    def __len__(self):
        return 5

    def __getitem__(self, index):
        return np.zeros((4, 2), dtype="float32"), np.zeros((4, 1), dtype="float32")


histories = []
histories.append(model.fit_generator(Rows(), steps_per_epoch=3, epochs=3))
