# equivalence: order=epoch
"""A flow passed as a parameter: train() is called with flows only, so the migration passes its
parameter to fit as the flow it is, one pass per epoch (batches compared as a set within each epoch:
the order is the default shuffled one)."""
import numpy as np
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from tensorflow import keras


def train(model, batches, epochs):
    model.fit_generator(batches, steps_per_epoch=len(batches), epochs=epochs, verbose=0)


x = np.arange(48 * 4 * 4 * 1, dtype="float32").reshape(48, 4, 4, 1) / 1000
y = np.arange(48, dtype="float32").reshape(48, 1)
model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
model.compile("sgd", "mse")
train(model, ImageDataGenerator().flow(x, y, batch_size=16, shuffle=False), 2)
