# A slice of the data: the last batch of a pass is short, so Keras 1's step count depends on where
# it falls. Left as it was (FM105).
import numpy as np

x_train = np.zeros((1000, 4), dtype="float32")
y_train = np.zeros((1000, 1), dtype="float32")


def slices(x, y, batch_size=32):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start:start + batch_size], y[start:start + batch_size]


model.fit_generator(slices(x_train, y_train), samples_per_epoch=2000, nb_epoch=3)
