# runnable
import numpy as np
from tensorflow import keras


class Batches(keras.utils.Sequence):
    def __init__(self, batch_size=4, **kwargs):
        super().__init__(**kwargs)
        self.batch_size = batch_size

    def __len__(self):
        return 3

    def __getitem__(self, index):
        return np.zeros((self.batch_size, 2), dtype="float32"), np.zeros((self.batch_size, 1), dtype="float32")


class Fixed(keras.utils.Sequence):
    def __len__(self):
        return 2

    def __getitem__(self, index):
        return np.zeros((4, 2), dtype="float32"), np.zeros((4, 1), dtype="float32")


class Plain(keras.utils.Sequence):
    def __init__(self):
        self.rows = 4

    def __len__(self):
        return 2

    def __getitem__(self, index):
        return np.zeros((4, 2), dtype="float32"), np.zeros((4, 1), dtype="float32")


model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(Batches(batch_size=4), steps_per_epoch=3, epochs=1, workers=2, max_queue_size=4, verbose=0)
model.evaluate_generator(Fixed(), steps=2, workers=2, verbose=0)
model.predict_generator(Plain(), steps=2, workers=2, verbose=0)  # its __init__ does not take workers=
flow = keras.preprocessing.image.ImageDataGenerator().flow(np.zeros((8, 2, 2, 1), dtype="float32"),
                                                           np.zeros((8, 1), dtype="float32"), batch_size=4)
model2 = keras.Sequential([keras.Input((2, 2, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
model2.compile("sgd", "mse")
model2.fit_generator(flow, steps_per_epoch=len(flow), epochs=1, workers=2, use_multiprocessing=False, verbose=0)
# output
# runnable
import numpy as np
from tensorflow import keras


class Batches(keras.utils.Sequence):
    def __init__(self, batch_size=4, **kwargs):
        super().__init__(**kwargs)
        self.batch_size = batch_size

    def __len__(self):
        return 3

    def __getitem__(self, index):
        return np.zeros((self.batch_size, 2), dtype="float32"), np.zeros((self.batch_size, 1), dtype="float32")


class Fixed(keras.utils.Sequence):
    def __len__(self):
        return 2

    def __getitem__(self, index):
        return np.zeros((4, 2), dtype="float32"), np.zeros((4, 1), dtype="float32")


class Plain(keras.utils.Sequence):
    def __init__(self):
        self.rows = 4

    def __len__(self):
        return 2

    def __getitem__(self, index):
        return np.zeros((4, 2), dtype="float32"), np.zeros((4, 1), dtype="float32")


model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit(Batches(batch_size=4, workers=2, use_multiprocessing=False, max_queue_size=4), steps_per_epoch=3, epochs=1, verbose=0)
model.evaluate(Fixed(workers=2, use_multiprocessing=False, max_queue_size=10), steps=2, verbose=0)
model.predict(Plain(), steps=2, verbose=0)  # its __init__ does not take workers=
flow = keras.preprocessing.image.ImageDataGenerator().flow(np.zeros((8, 2, 2, 1), dtype="float32"),
                                                           np.zeros((8, 1), dtype="float32"), batch_size=4)
model2 = keras.Sequential([keras.Input((2, 2, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
model2.compile("sgd", "mse")
flow.workers = 2
flow.use_multiprocessing = False
flow.max_queue_size = 10
model2.fit(flow, steps_per_epoch=len(flow), epochs=1, verbose=0)
