"""Keras 1/2 optimizer spellings Keras 3 rejects or reads otherwise: lr=, decay=, lowercase names,
positional arguments after the learning rate, epsilon=None. Adagrad(0.01, 1e-08) is left (epsilon in
Keras 1-2.2, initial_accumulator_value in tf.keras and Keras 3), and so is rmsprop's call, its name
alone renamed (Keras 3's RMSprop divides by sqrt(v + epsilon), Keras 1-2.3's by sqrt(v) + epsilon: FM427)."""
from keras import optimizers
from keras.optimizers import SGD, Adagrad, adam

sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
plain = SGD(0.1, 0.9, 0.0, True)
first = adam(lr=0.001,  # a comment stays
             epsilon=None)
second = optimizers.rmsprop(lr=0.0001, decay=1e-6)
third = Adagrad(0.01, 1e-08)
# output
"""Keras 1/2 optimizer spellings Keras 3 rejects or reads otherwise: lr=, decay=, lowercase names,
positional arguments after the learning rate, epsilon=None. Adagrad(0.01, 1e-08) is left (epsilon in
Keras 1-2.2, initial_accumulator_value in tf.keras and Keras 3), and so is rmsprop's call, its name
alone renamed (Keras 3's RMSprop divides by sqrt(v + epsilon), Keras 1-2.3's by sqrt(v) + epsilon: FM427)."""
from keras import optimizers
from keras.optimizers import SGD, Adagrad, Adam as adam

sgd = SGD(learning_rate=optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6), momentum=0.9, nesterov=True)
plain = SGD(0.1, 0.9, nesterov=True)
first = adam(learning_rate=0.001,  # a comment stays
             epsilon=1e-07)
second = optimizers.rmsprop(lr=0.0001, decay=1e-6)
third = Adagrad(0.01, 1e-08)
