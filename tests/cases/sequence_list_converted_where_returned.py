# runnable: lists made outside the return of __getitem__ (by a preprocessor's transform, which other code
# may call too, and grown with append) are converted where they are returned: tuple(...) around them.
import numpy as np
from tensorflow import keras


class Preprocessor:
    def __init__(self, width):
        self.width = width

    def transform(self, rows):
        word_ids = keras.utils.pad_sequences(rows, maxlen=self.width)
        char_ids = np.zeros((len(rows), self.width), dtype="int32")
        return [word_ids, char_ids]


class Sentences(keras.utils.Sequence):
    def __init__(self, rows, labels, preprocessor, batch_size=2):
        super().__init__()
        self.rows = rows
        self.labels = labels
        self.preprocessor = preprocessor
        self.batch_size = batch_size

    def __len__(self):
        return len(self.rows) // self.batch_size

    def __getitem__(self, index):
        start = index * self.batch_size
        batch = self.rows[start:start + self.batch_size]
        targets = []
        targets.append(self.labels[start:start + self.batch_size])
        targets.append(self.labels[start:start + self.batch_size] * 2)
        return self.preprocessor.transform(batch), targets


rows = [[1, 2, 3], [4, 5], [6], [7, 8, 9]]
labels = np.ones((4, 1), dtype="float32")
preprocessor = Preprocessor(5)
assert isinstance(preprocessor.transform(rows), list)  # other callers still get the list

words = keras.Input((5,), dtype="int32")
chars = keras.Input((5,), dtype="int32")
merged = keras.layers.Concatenate()([keras.layers.Flatten()(keras.layers.Embedding(10, 2)(words)),
                                     keras.layers.Flatten()(keras.layers.Embedding(10, 2)(chars))])
model = keras.Model([words, chars], [keras.layers.Dense(1)(merged), keras.layers.Dense(1)(merged)])
model.compile("sgd", "mse")
model.fit_generator(Sentences(rows, labels, preprocessor), epochs=1, verbose=0)
# output
# runnable: lists made outside the return of __getitem__ (by a preprocessor's transform, which other code
# may call too, and grown with append) are converted where they are returned: tuple(...) around them.
import numpy as np
from tensorflow import keras


class Preprocessor:
    def __init__(self, width):
        self.width = width

    def transform(self, rows):
        word_ids = keras.utils.pad_sequences(rows, maxlen=self.width)
        char_ids = np.zeros((len(rows), self.width), dtype="int32")
        return [word_ids, char_ids]


class Sentences(keras.utils.Sequence):
    def __init__(self, rows, labels, preprocessor, batch_size=2):
        super().__init__()
        self.rows = rows
        self.labels = labels
        self.preprocessor = preprocessor
        self.batch_size = batch_size

    def __len__(self):
        return len(self.rows) // self.batch_size

    def __getitem__(self, index):
        start = index * self.batch_size
        batch = self.rows[start:start + self.batch_size]
        targets = []
        targets.append(self.labels[start:start + self.batch_size])
        targets.append(self.labels[start:start + self.batch_size] * 2)
        return tuple(self.preprocessor.transform(batch)), tuple(targets)


rows = [[1, 2, 3], [4, 5], [6], [7, 8, 9]]
labels = np.ones((4, 1), dtype="float32")
preprocessor = Preprocessor(5)
assert isinstance(preprocessor.transform(rows), list)  # other callers still get the list

words = keras.Input((5,), dtype="int32")
chars = keras.Input((5,), dtype="int32")
merged = keras.layers.Concatenate()([keras.layers.Flatten()(keras.layers.Embedding(10, 2)(words)),
                                     keras.layers.Flatten()(keras.layers.Embedding(10, 2)(chars))])
model = keras.Model([words, chars], [keras.layers.Dense(1)(merged), keras.layers.Dense(1)(merged)])
model.compile("sgd", "mse")
model.fit(Sentences(rows, labels, preprocessor), epochs=1, verbose=0)
