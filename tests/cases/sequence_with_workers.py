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


seq = Batches()
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(seq, steps_per_epoch=len(seq), epochs=1,
                    workers=2,  # two loader threads
                    use_multiprocessing=False,
                    max_queue_size=4, verbose=0)
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


seq = Batches()
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
seq.workers = 2
seq.use_multiprocessing = False
seq.max_queue_size = 4
model.fit(seq, steps_per_epoch=len(seq), epochs=1,
          # two loader threads
          verbose=0)
