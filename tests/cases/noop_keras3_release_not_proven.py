"""Calls standalone Keras 1-2.3 and tf.keras (Keras 2.4+) both ran, and read otherwise, in a module that does
not say which ran it: left whole and reported (Keras 3 reads them as tf.keras did)."""
from keras.layers import Conv2D, Convolution2D, GRU, LSTM
from keras.optimizers import SGD

model.add(Convolution2D(64, 3, 3, activation='relu'))  # a kernel (3, 3) in Keras 1-2.3, strides of 3 in tf.keras
model.add(Conv2D(32, 3, 3))  # the same
opt = SGD(lr=0.01, momentum=0.9, clipnorm=5.0)  # the global norm in Keras 1-2.3, each gradient's own in tf.keras
encoded = LSTM(32)  # recurrent activation: hard_sigmoid to Keras 2.2, sigmoid in 2.3, tf.keras and Keras 3 (FM427)
decoded = GRU(32, recurrent_activation='sigmoid')  # reset_after=False to Keras 2.3, True in tf.keras and Keras 3
