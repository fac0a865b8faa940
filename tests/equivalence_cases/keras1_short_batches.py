# expect: fit epochs=3 train_batches=0:4,4:4/8:2,0:4,4:4/8:2,0:4,4:4 validation_batches=100:4,104:4/108:2,100:4/104:4,108:2
# expect: evaluate steps=2 rows=8 batches=300:4,304:4
# expect: predict steps=3 rows=10 batches=200:4,204:4,208:2
"""Keras 1 sample counts over batches that are not all batch_size long: 10 rows in batches of 4 make
passes of 4, 4 and 2 rows. The figures are Keras 1.2.2's loops (keras/engine/training.py), which no
installed Keras runs:

- fit_generator took batches from the one generator of the call until it had seen samples_per_epoch
  samples, every epoch (7 here: 4 + 4, then 2 + 4 + 4, then 2 + 4 + 4);
- each validation pass was evaluate_generator(validation_data, nb_val_samples) on the same generator,
  going on where the last pass stopped (5: 4 + 4, then 2 + 4, then 4 + 2);
- evaluate_generator and predict_generator took batches until they had val_samples samples;
  predict_generator returned exactly val_samples rows (its result held that many: a batch past them
  raised ValueError), here all 10.

The training data is an ImageDataGenerator flow (in order: shuffle=False): Keras 3 learns an epoch's
length from the first and cuts any later one after one step more, and a flow's epochs (one short
batch at the end of each pass) are never longer than that. Each batch's first value is its first
row's number."""
import numpy as np
from tensorflow import keras
from keras.preprocessing.image import ImageDataGenerator


def slices(x, y, batch_size=4):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start:start + batch_size], y[start:start + batch_size]


x_train = np.repeat(np.arange(0, 10, dtype="float32"), 4).reshape(10, 2, 2, 1)
y_train = np.arange(0, 10, dtype="float32").reshape(10, 1)
x_val, y_val = x_train + 100, y_train + 100
x_test, y_test = x_train + 200, y_train + 200
x_held, y_held = x_train + 300, y_train + 300
model = keras.Sequential([keras.Input((2, 2, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(ImageDataGenerator().flow(x_train, y_train, batch_size=4, shuffle=False),
                    samples_per_epoch=7, nb_epoch=3, verbose=0,
                    validation_data=slices(x_val, y_val), nb_val_samples=5)
model.evaluate_generator(slices(x_held, y_held), val_samples=6)
predictions = model.predict_generator(slices(x_test, y_test), val_samples=10)
