# expect: fit steps_per_epoch=10 epochs=3 train_batches=0:16,16:16,32:16,48:16,64:16,80:16,96:4,0:16,16:16,32:16/48:16,64:16,80:16,96:4,0:16,16:16,32:16,48:16,64:16,80:16/96:4,0:16,16:16,32:16,48:16,64:16,80:16,96:4,0:16,16:16
"""An ImageDataGenerator flow of 100 rows in batches of 16 (7 batches a pass, the last of 4 rows),
given steps_per_epoch=10, whose labels come from the caller, so the flow's batches are not proven
and no output_signature can be written: the flow is read as a Python generator, which Keras 3 reads
itself (its signature from the first two batches), one iterator for the whole call.

The figures are Keras 2's fit_generator, which read the flow without end: every epoch 10 batches, each
going on where the last stopped. Keras 2.0.0 to 2.0.8 called next() on the flow; from 2.0.9 a flow
was a Sequence, read by an OrderedEnqueuer, and with shuffle=False (the flow's and fit_generator's)
both read its batches in order. Each batch's first value is its first row's number. tf_keras is no
reference here: it restarts a Sequence every epoch and stops when one runs out."""
import numpy as np
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator


def train(model, data, batch_size=16):
    x_train, y_train = data
    datagen = ImageDataGenerator()
    model.fit_generator(datagen.flow(x_train, y_train, batch_size=batch_size, shuffle=False),
                        steps_per_epoch=10, epochs=3, verbose=0, shuffle=False)


rows = np.arange(100, dtype="float32")
model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
model.compile("sgd", "mse")
train(model, (np.repeat(rows, 16).reshape(100, 4, 4, 1), rows.reshape(100, 1)))
