# A float count of a Sequence is its ceiling (4 here), which is not len(seq) (3): Keras 3 would not run
# the legacy epochs (FM107), so the call is left as it was.
import numpy as np
from tensorflow import keras


class Rows(keras.utils.Sequence):
    def __len__(self):
        return 3

    def __getitem__(self, index):
        return np.zeros((4, 3), dtype="float32"), np.zeros((4, 1), dtype="float32")


model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.fit_generator(Rows(), steps_per_epoch=10 / 3, epochs=1)
