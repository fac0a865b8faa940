# runnable: a Sequence feeding a model of three outputs returns `X, [y for each output]`, built by a
# comprehension over range(self.n_len): legacy Keras read the list as a tuple, Keras 3 rejects it inside
# a batch, so the comprehension becomes tuple(...) of the same generator expression.
import numpy as np
from tensorflow import keras


class Outputs(keras.utils.Sequence):
    def __init__(self, batches, n_len=3, batch_size=4):
        super().__init__()
        self.n_len = n_len
        self.batch_size = batch_size
        self.x = np.arange(batches * batch_size * 2, dtype="float32").reshape(batches * batch_size, 2)
        self.y = np.ones((batches * batch_size, 1), dtype="float32")

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, index):
        rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
        X = self.x[rows]
        y = [self.y[rows] * i for i in range(self.n_len)]
        return X, y


inputs = keras.Input((2,))
model = keras.Model(inputs, [keras.layers.Dense(1)(inputs) for _ in range(3)])
model.compile("sgd", "mse")
model.fit_generator(Outputs(3), epochs=2, verbose=0)
# output
# runnable: a Sequence feeding a model of three outputs returns `X, [y for each output]`, built by a
# comprehension over range(self.n_len): legacy Keras read the list as a tuple, Keras 3 rejects it inside
# a batch, so the comprehension becomes tuple(...) of the same generator expression.
import numpy as np
from tensorflow import keras


class Outputs(keras.utils.Sequence):
    def __init__(self, batches, n_len=3, batch_size=4):
        super().__init__()
        self.n_len = n_len
        self.batch_size = batch_size
        self.x = np.arange(batches * batch_size * 2, dtype="float32").reshape(batches * batch_size, 2)
        self.y = np.ones((batches * batch_size, 1), dtype="float32")

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, index):
        rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
        X = self.x[rows]
        y = tuple(self.y[rows] * i for i in range(self.n_len))
        return X, y


inputs = keras.Input((2,))
model = keras.Model(inputs, [keras.layers.Dense(1)(inputs) for _ in range(3)])
model.compile("sgd", "mse")
model.fit(Outputs(3), epochs=2, verbose=0)
