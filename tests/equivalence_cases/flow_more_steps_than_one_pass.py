# expect: fit steps_per_epoch=10 epochs=3 validation_steps=9 validation_continues=1
"""An ImageDataGenerator flow of 100 rows in batches of 16 (7 batches a pass, the last of 4 rows)
given steps_per_epoch=10, more than one pass, and a validation flow of 30 batches given
validation_steps=9 (27 in three epochs: no batch twice unless a pass starts again).

The figures are Keras 2's fit_generator: it read the flow as an endless iterator, so every epoch had
10 steps and 9 validation steps, each going on where the last stopped. tf_keras is no reference
here: it restarts a Sequence every epoch and stops training when one runs out (measured: one epoch
of 7 steps)."""
import numpy as np
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

x_train = np.arange(100 * 4 * 4 * 1, dtype="float32").reshape(100, 4, 4, 1) / 1000
y_train = np.arange(100, dtype="float32").reshape(100, 1)
x_val = np.arange(240 * 4 * 4 * 1, dtype="float32").reshape(240, 4, 4, 1) / 1000 + 1
y_val = np.arange(240, dtype="float32").reshape(240, 1)
datagen = ImageDataGenerator()
train_flow = datagen.flow(x_train, y_train, batch_size=16, shuffle=False)

model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(train_flow, steps_per_epoch=10, epochs=3, verbose=0,
                    validation_data=datagen.flow(x_val, y_val, batch_size=8, shuffle=False),
                    validation_steps=9)
