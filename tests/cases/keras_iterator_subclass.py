import numpy as np
from keras.preprocessing.image import Iterator


class PairIterator(Iterator):
    def __init__(self, x, y, batch_size=8, shuffle=True, seed=None):
        self.x = x
        self.y = y
        super(PairIterator, self).__init__(len(x), batch_size, shuffle, seed)

    def _get_batches_of_transformed_samples(self, index_array):
        batch_x = np.array(self.x[index_array], dtype="float32")
        return batch_x, [self.y[index_array], self.y[index_array]]


x_train = np.random.rand(64, 4)
y_train = np.random.randint(0, 2, (64, 1))
train = PairIterator(x_train, y_train)
model.fit_generator(train, steps_per_epoch=len(train), epochs=2)
model.evaluate_generator(PairIterator(x_train, y_train, shuffle=False))
# output
import numpy as np
from tensorflow.keras.preprocessing.image import Iterator


class PairIterator(Iterator):
    def __init__(self, x, y, batch_size=8, shuffle=True, seed=None):
        self.x = x
        self.y = y
        super(PairIterator, self).__init__(len(x), batch_size, shuffle, seed)

    def _get_batches_of_transformed_samples(self, index_array):
        batch_x = np.array(self.x[index_array], dtype="float32")
        return batch_x, (self.y[index_array], self.y[index_array])


x_train = np.random.rand(64, 4)
y_train = np.random.randint(0, 2, (64, 1))
train = PairIterator(x_train, y_train)
model.fit(train, steps_per_epoch=len(train), epochs=2)
model.evaluate(PairIterator(x_train, y_train, shuffle=False))
