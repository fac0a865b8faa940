"""A generator and its batch size from a module imported with a star (_star_batches.py): the migration
reads the module's names to prove the signature; training and prediction see the same batches."""
from tensorflow import keras

from _star_batches import *

model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(batches(0), steps_per_epoch=64 // BATCH, epochs=2, verbose=0)
predictions = model.predict_generator(batches(20000), steps=3)
