"""Keras 3 breaks that are reported, never rewritten: each needs a decision fitmigrate cannot prove."""
from keras import backend as K
from keras.callbacks import ModelCheckpoint, ReduceLROnPlateau
from keras.layers import Merge
from keras.models import Sequential
from keras.optimizers import SGD, Adadelta
from keras.utils import multi_gpu_model

model = Sequential()
model.add(Merge([left, right], mode='concat'))
parallel = multi_gpu_model(model, gpus=2)
opt = SGD(learning_rate=0.1, decay=1e-4)  # the callback below sets the learning rate
slow = Adadelta()
checkpoint = ModelCheckpoint('weights.{epoch:02d}.hdf5')
reduce = ReduceLROnPlateau(factor=0.5)
model.save_weights('final.h5')
classes = build().predict_classes(x)


def rmse(y_true, y_pred):
    return K.sqrt(K.mean(K.dot(y_pred, y_true)))
