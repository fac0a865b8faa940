"""A keras.utils.Sequence of another module (_two_input_rows.py) whose batches hold lists: the migration
makes them tuples in that module, and training, evaluation and prediction see the same batches. In
order (shuffle=False), one pass per epoch."""
from tensorflow import keras

from _two_input_rows import TwoInputRows

first = keras.Input((3,))
second = keras.Input((3,))
joined = keras.layers.Concatenate()([first, second])
model = keras.Model([first, second], [keras.layers.Dense(1)(joined), keras.layers.Dense(1)(joined)])
model.compile("sgd", "mse")
model.fit_generator(TwoInputRows(3), epochs=2, verbose=0, shuffle=False)
model.evaluate_generator(TwoInputRows(2), verbose=0)
predictions = model.predict_generator(TwoInputRows(2), verbose=0)
