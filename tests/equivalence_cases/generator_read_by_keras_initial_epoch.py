"""A generator passed to fit as it is (its dtypes are not proven) with initial_epoch, batches whose
length varies (5, then 3, in turn), validation arrays, and two inputs built as a list (converted to a
tuple as each batch is read): the same batches reach the same steps."""
import numpy as np
from tensorflow import keras


def batches(first):
    row = first
    step = 0
    while True:
        size = 5 if step % 2 == 0 else 3
        left = np.array(list(map(float, range(row * 2, (row + size) * 2)))).reshape(size, 2)
        right = np.array(list(map(float, range(row, row + size)))).reshape(size, 1)
        inputs = [left / 10, right / 10]
        yield inputs, np.arange(row, row + size, dtype="float32").reshape(size, 1)
        row += size
        step += 1


left_in, right_in = keras.Input((2,)), keras.Input((1,))
out = keras.layers.Dense(1)(keras.layers.Concatenate()([left_in, right_in]))
model = keras.Model([left_in, right_in], out)
model.compile("sgd", "mse")
x_val = [np.arange(8, dtype="float32").reshape(4, 2), np.arange(4, dtype="float32").reshape(4, 1)]
model.fit_generator(batches(0), steps_per_epoch=3, epochs=4, initial_epoch=1, verbose=0,
                    validation_data=(x_val, np.ones((4, 1), dtype="float32")))
