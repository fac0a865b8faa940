"""A generator that wraps an ImageDataGenerator flow and reads it with flow.next() (Keras 3's iterators
have no next(): it becomes next(flow), the same batch) and yields two inputs."""
import numpy as np
from tensorflow import keras

x = np.arange(48, dtype="float32").reshape(12, 2, 2, 1)
y = np.arange(12, dtype="float32").reshape(12, 1)
flow = keras.preprocessing.image.ImageDataGenerator().flow(x, y, batch_size=4, shuffle=False)


def two_inputs():
    while True:
        batch_x, batch_y = flow.next()
        yield [batch_x / 10, batch_x / 20], batch_y


first, second = keras.Input((2, 2, 1)), keras.Input((2, 2, 1))
joined = keras.layers.Concatenate()([keras.layers.Flatten()(first), keras.layers.Flatten()(second)])
model = keras.Model([first, second], keras.layers.Dense(1)(joined))
model.compile("sgd", "mse")
model.fit_generator(two_inputs(), steps_per_epoch=2, epochs=3, verbose=0)
