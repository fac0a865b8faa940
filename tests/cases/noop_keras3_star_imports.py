"""Star imports whose names fitmigrate cannot be sure of: a module it cannot read comes after Keras'
(it may bind the same names), so the Keras 1 call is left; Keras 1's merge is reported."""
from keras.layers import *
from layers_of_my_own import *

x = Convolution2D(32, 3, 3, border_mode="same")(inputs)
y = merge([x, x], mode="sum")
