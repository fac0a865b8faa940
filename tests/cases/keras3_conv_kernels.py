"""Keras 1's Convolution2D(nb_filter, nb_row, nb_col): Keras 3 reads the third argument as strides. The
kernel is written as one tuple only where Keras 1 and 2 read one (integer rows and columns, no padding=
next to them) and the module shows it ran on them (border_mode=, an argument tf.keras never took: tf.keras
read Conv2D(f, 3, 3) as strides too; see noop_keras3_release_not_proven.py); the rest is left whole and
reported."""
from keras.layers import Convolution2D, Conv2D

k = 3


def block(x, nb_filter, kernel_size):
    x = Convolution2D(nb_filter, kernel_size, kernel_size, border_mode='same')(x)  # not provably ints
    x = Convolution2D(nb_filter, kernel_size, kernel_size, padding='same')(x)
    x = Convolution2D(nb_filter, k, k, border_mode='same', subsample=(2, 2))(x)  # k is 3
    x = Convolution2D(nb_filter, 3, 3, padding='same')(x)  # Keras 2 refused ints next to padding=
    x = Conv2D(nb_filter, 3, 3)(x)  # a kernel in Keras 1-2.3 (which this module's border_mode= shows)
    x = Conv2D(nb_filter, (3, 3), (2, 2), 'same')(x)  # tf.keras's positions: Keras 3's
    return Convolution2D(nb_filter, 1, 1, 'he_normal', activation='relu')(x)  # Keras 1's init by position
# output
"""Keras 1's Convolution2D(nb_filter, nb_row, nb_col): Keras 3 reads the third argument as strides. The
kernel is written as one tuple only where Keras 1 and 2 read one (integer rows and columns, no padding=
next to them) and the module shows it ran on them (border_mode=, an argument tf.keras never took: tf.keras
read Conv2D(f, 3, 3) as strides too; see noop_keras3_release_not_proven.py); the rest is left whole and
reported."""
from keras.layers import Convolution2D, Conv2D

k = 3


def block(x, nb_filter, kernel_size):
    x = Convolution2D(nb_filter, kernel_size, kernel_size, border_mode='same')(x)  # not provably ints
    x = Convolution2D(nb_filter, kernel_size, kernel_size, padding='same')(x)
    x = Convolution2D(nb_filter, (k, k), padding='same', strides=(2, 2))(x)  # k is 3
    x = Convolution2D(nb_filter, 3, 3, padding='same')(x)  # Keras 2 refused ints next to padding=
    x = Conv2D(nb_filter, (3, 3))(x)  # a kernel in Keras 1-2.3 (which this module's border_mode= shows)
    x = Conv2D(nb_filter, (3, 3), (2, 2), 'same')(x)  # tf.keras's positions: Keras 3's
    return Convolution2D(nb_filter, (1, 1), kernel_initializer='he_normal', activation='relu')(x)  # Keras 1's init by position
