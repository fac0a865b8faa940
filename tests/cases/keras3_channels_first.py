"""The twin of noop_keras3_channels_first.py: the layers of a channels-first Keras 1 model that say so
(dim_ordering='th') are rewritten, data_format='channels_first'."""
from keras.layers import BatchNormalization, Convolution2D, Input, MaxPooling2D
from keras.models import Model

img_channels = 3
inputs = Input(shape=(img_channels, 32, 32))
x = Convolution2D(16, 3, 3, border_mode='same', dim_ordering='th')(inputs)
x = BatchNormalization(axis=1)(x)
x = MaxPooling2D((2, 2), border_mode='same', dim_ordering='th')(x)
model = Model(inputs=inputs, outputs=x)
# output
"""The twin of noop_keras3_channels_first.py: the layers of a channels-first Keras 1 model that say so
(dim_ordering='th') are rewritten, data_format='channels_first'."""
from keras.layers import BatchNormalization, Convolution2D, Input, MaxPooling2D
from keras.models import Model

img_channels = 3
inputs = Input(shape=(img_channels, 32, 32))
x = Convolution2D(16, (3, 3), padding='same', data_format='channels_first')(inputs)
x = BatchNormalization(axis=1)(x)
x = MaxPooling2D((2, 2), padding='same', data_format='channels_first')(x)
model = Model(inputs=inputs, outputs=x)
