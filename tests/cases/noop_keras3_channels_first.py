"""A Keras 1 model of channels-first images (Theano's 'th', keras.json's default of its day) that neither
sets nor reads the ordering: each layer that relied on dim_ordering='default' is left (Keras 3 would read
keras.json's image_data_format, channels_last unless set). keras3_channels_first.py is its twin."""
from keras.layers import BatchNormalization, Convolution2D, Input, MaxPooling2D
from keras.models import Model

img_channels = 3
inputs = Input(shape=(img_channels, 32, 32))
x = Convolution2D(16, 3, 3, border_mode='same')(inputs)
x = BatchNormalization(axis=1)(x)
x = MaxPooling2D((2, 2), border_mode='same')(x)
x = Convolution2D(16, 3, 3, border_mode='same', dim_ordering='default')(x)
model = Model(inputs=inputs, outputs=x)
