"""A Keras 1 script that star-imports Keras (issue 22): the names are resolved as named imports would be,
so its Keras 1 layer calls are rewritten; Input came with keras.models' star in Keras 2 and is imported
from keras.layers; Keras 1's merge is reported."""
from keras.models import *
from keras.layers.convolutional import Convolution2D
from keras.optimizers import *

inputs = Input(shape=(1, 28, 28))
x = Convolution2D(32, 3, 3, border_mode="same", init="he_normal", dim_ordering="th")(inputs)
model = Model(input=inputs, output=x)
model.compile(optimizer=SGD(lr=0.01, momentum=0.9), loss="mse")
# output
"""A Keras 1 script that star-imports Keras (issue 22): the names are resolved as named imports would be,
so its Keras 1 layer calls are rewritten; Input came with keras.models' star in Keras 2 and is imported
from keras.layers; Keras 1's merge is reported."""
from keras.models import *
from keras.layers import Convolution2D
from keras.optimizers import *
from keras.layers import Input

inputs = Input(shape=(1, 28, 28))
x = Convolution2D(32, (3, 3), padding="same", kernel_initializer="he_normal", data_format="channels_first")(inputs)
model = Model(inputs=inputs, outputs=x)
model.compile(optimizer=SGD(learning_rate=0.01, momentum=0.9), loss="mse")
