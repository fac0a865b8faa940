"""keras.backend calls whose keras.ops counterpart reads them otherwise: reported (FM417, FM426), left as
they are."""
from keras import backend as K


def accuracy(y_true, y_pred):
    return K.mean(y_true) - K.mean(K.argmax(y_pred))  # not proven float; K.argmax was int64


def scores(a, b):
    return K.dot(a, b)  # rank 3: not keras.ops.dot


def rate_of(model):
    return K.eval(model.optimizer.momentum) + K.ones_like(model.weights[0], name="ones")


def restart(model):
    model.optimizer.lr = 0.1  # Keras 2 replaced the variable with a number
