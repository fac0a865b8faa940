# equivalence: order=epoch
"""An ImageDataGenerator flow of 10 rows in batches of 4 given steps_per_epoch=len(x) / batch_size with
its own x and batch size: the legacy loop ran the ceiling, 3 steps, which is one pass of the flow (the
last batch of 2 rows), so the flow is passed to fit as it is with the count as an integer. The batch
order within an epoch is fit_generator's shuffled one (shuffle=True), so batches are compared as a set
within each epoch."""
import numpy as np
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

batch_size = 4
images = np.arange(10 * 3, dtype="float32").reshape(10, 1, 1, 3) / 100
labels = np.arange(10, dtype="float32").reshape(10, 1)

model = keras.Sequential([keras.Input((1, 1, 3)), keras.layers.Flatten(), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(ImageDataGenerator().flow(images, labels, batch_size=batch_size, shuffle=False),
                    steps_per_epoch=len(images) / batch_size, epochs=2, verbose=0)
