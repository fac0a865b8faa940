"""keras.utils.Sequences whose batches hold lists, which legacy Keras read as tuples and Keras 3 rejects:
targets of a three-output model built by a comprehension over ``range(self.n_len)`` (rewritten to
``tuple(...)``), and two inputs made by a preprocessor's ``transform`` that returns a list (converted
where ``__getitem__`` returns it). In order (shuffle=False), one pass per epoch."""
import numpy as np
from tensorflow import keras


class Outputs(keras.utils.Sequence):
    def __init__(self, batches, n_len=3, batch_size=4):
        super().__init__()
        self.n_len = n_len
        self.batch_size = batch_size
        self.x = np.arange(batches * batch_size * 2, dtype="float32").reshape(batches * batch_size, 2) / 10
        self.y = np.arange(batches * batch_size, dtype="float32").reshape(batches * batch_size, 1)

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, index):
        rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[rows], [self.y[rows] + 100 * i for i in range(self.n_len)]


class Preprocessor:
    def transform(self, rows):
        first = rows * 2
        second = rows + 1000
        return [first, second]


class Pairs(keras.utils.Sequence):
    def __init__(self, batches, preprocessor, batch_size=4):
        super().__init__()
        self.rows = np.arange(batches * batch_size * 3, dtype="float32").reshape(batches * batch_size, 3)
        self.preprocessor = preprocessor
        self.batch_size = batch_size

    def __len__(self):
        return len(self.rows) // self.batch_size

    def __getitem__(self, index):
        batch = self.rows[index * self.batch_size:(index + 1) * self.batch_size]
        return self.preprocessor.transform(batch), batch[:, :1]


inputs = keras.Input((2,))
model = keras.Model(inputs, [keras.layers.Dense(1)(inputs) for _ in range(3)])
model.compile("sgd", "mse")
model.fit_generator(Outputs(3), epochs=2, verbose=0, shuffle=False)

first = keras.Input((3,))
second = keras.Input((3,))
pairs = keras.Model([first, second], keras.layers.Dense(1)(keras.layers.Concatenate()([first, second])))
pairs.compile("sgd", "mse")
pairs.fit_generator(Pairs(3, Preprocessor()), epochs=2, verbose=0, shuffle=False)
predictions = pairs.predict_generator(Pairs(2, Preprocessor()), verbose=0)
