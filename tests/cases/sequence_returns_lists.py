# runnable: a two-input model fed by a Sequence whose batches hold a list of inputs.
import numpy as np
from tensorflow import keras


class Pairs(keras.utils.Sequence):
    def __init__(self, batches):
        super().__init__()
        self.batches = batches

    def __len__(self):
        return self.batches

    def __getitem__(self, index):
        image = np.full((4, 3), index, dtype="float32")
        extra = np.ones((4, 2), dtype="float32")
        if index % 2:
            inputs = [image, extra]
            return inputs, np.zeros((4, 1), dtype="float32")
        return [image, extra], np.zeros((4, 1), dtype="float32")


first = keras.Input((3,))
second = keras.Input((2,))
output = keras.layers.Dense(1)(keras.layers.Concatenate()([first, second]))
model = keras.Model([first, second], output)
model.compile("sgd", "mse")
model.fit_generator(Pairs(4), epochs=2, verbose=0)
# output
# runnable: a two-input model fed by a Sequence whose batches hold a list of inputs.
import numpy as np
from tensorflow import keras


class Pairs(keras.utils.Sequence):
    def __init__(self, batches):
        super().__init__()
        self.batches = batches

    def __len__(self):
        return self.batches

    def __getitem__(self, index):
        image = np.full((4, 3), index, dtype="float32")
        extra = np.ones((4, 2), dtype="float32")
        if index % 2:
            inputs = (image, extra)
            return inputs, np.zeros((4, 1), dtype="float32")
        return (image, extra), np.zeros((4, 1), dtype="float32")


first = keras.Input((3,))
second = keras.Input((2,))
output = keras.layers.Dense(1)(keras.layers.Concatenate()([first, second]))
model = keras.Model([first, second], output)
model.compile("sgd", "mse")
model.fit(Pairs(4), epochs=2, verbose=0)
