"""A module that shows it ran on standalone Keras 1-2.3 (AtrousConvolution2D, a layer tf.keras never had):
its Convolution2D(f, k, k) is a kernel (tf.keras read strides), its clipnorm= the global norm of all
gradients (Keras 3's global_clipnorm=; tf.keras and Keras 3's clipnorm= clip each gradient by its own), its
GRU's reset gate came before the recurrent product (reset_after=False, written)."""
from keras.layers import AtrousConvolution2D, Convolution2D, GRU
from keras.models import Sequential
from keras.optimizers import SGD

model = Sequential()
model.add(Convolution2D(64, 3, 3, activation='relu', name='conv1_1'))
model.add(AtrousConvolution2D(512, 3, 3, atrous_rate=(2, 2), activation='relu'))  # reported (FM408)
opt = SGD(lr=0.01, momentum=0.9, clipnorm=5.0)
rnn = GRU(32, recurrent_activation='sigmoid')
# output
"""A module that shows it ran on standalone Keras 1-2.3 (AtrousConvolution2D, a layer tf.keras never had):
its Convolution2D(f, k, k) is a kernel (tf.keras read strides), its clipnorm= the global norm of all
gradients (Keras 3's global_clipnorm=; tf.keras and Keras 3's clipnorm= clip each gradient by its own), its
GRU's reset gate came before the recurrent product (reset_after=False, written)."""
from keras.layers import AtrousConvolution2D, Convolution2D, GRU
from keras.models import Sequential
from keras.optimizers import SGD

model = Sequential()
model.add(Convolution2D(64, (3, 3), activation='relu', name='conv1_1'))
model.add(AtrousConvolution2D(512, 3, 3, atrous_rate=(2, 2), activation='relu'))  # reported (FM408)
opt = SGD(learning_rate=0.01, momentum=0.9, global_clipnorm=5.0)
rnn = GRU(32, recurrent_activation='sigmoid', reset_after=False)
