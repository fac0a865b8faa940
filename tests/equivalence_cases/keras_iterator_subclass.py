"""A subclass of Keras' image Iterator (its batches built by _get_batches_of_transformed_samples) is a
Sequence in Keras 2.1+ and a PyDataset in Keras 3: passed to fit as it is, one pass per epoch (len(it)
steps), its last batch short, then evaluate and predict over one pass."""
import numpy as np
from tensorflow import keras


class RowIterator(keras.preprocessing.image.Iterator):
    def __init__(self, x, y, batch_size=4, shuffle=False, seed=None):
        self.x = x
        self.y = y
        super(RowIterator, self).__init__(len(x), batch_size, shuffle, seed)

    def _get_batches_of_transformed_samples(self, index_array):
        return self.x[index_array] / 10, [self.y[index_array]]


x = np.arange(30, dtype="float32").reshape(10, 3)
y = np.arange(10, dtype="float32").reshape(10, 1)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
train = RowIterator(x, y)
model.fit_generator(train, steps_per_epoch=len(train), epochs=2, verbose=0, shuffle=False)
model.evaluate_generator(RowIterator(x + 100, y))
rows = model.predict_generator(RowIterator(x + 200, y))
