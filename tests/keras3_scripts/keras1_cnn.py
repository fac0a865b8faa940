"""A 2016 Keras 1 CNN on CIFAR-shaped arrays: Convolution2D(nb_filter, nb_row, nb_col), border_mode,
init, np_utils, SGD(lr, decay), nb_epoch, predict_classes, the dimension ordering."""
# breaks: FM306 FM401 FM402 FM406 FM411 FM413 FM415
import numpy as np
from keras import backend as K
from keras.layers import Activation, Convolution2D, Dense, Dropout, Flatten, MaxPooling2D
from keras.models import Sequential
from keras.optimizers import SGD
from keras.utils import np_utils

K.set_image_dim_ordering('tf')
np.random.seed(1337)
nb_classes = 3
img_rows, img_cols = 16, 16
if K.image_dim_ordering() == 'th':
    input_shape = (3, img_rows, img_cols)
else:
    input_shape = (img_rows, img_cols, 3)

X_train = np.random.rand(32, img_rows, img_cols, 3).astype('float32')
y_train = np.random.randint(0, nb_classes, 32)
Y_train = np_utils.to_categorical(y_train, nb_classes)

model = Sequential()
model.add(Convolution2D(8, 3, 3, border_mode='same', input_shape=input_shape, init='he_normal'))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2), border_mode='valid'))
model.add(Dropout(p=0.25))
model.add(Flatten())
model.add(Dense(output_dim=16, W_regularizer=None))
model.add(Activation('relu'))
model.add(Dense(nb_classes))
model.add(Activation('softmax'))

sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
model.compile(loss='categorical_crossentropy', optimizer=sgd, metrics=['accuracy'])
model.fit(X_train, Y_train, batch_size=16, nb_epoch=1, verbose=2)
classes = model.predict_classes(X_train[:4])
assert classes.shape == (4,) and classes.max() < nb_classes
