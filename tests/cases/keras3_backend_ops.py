"""keras.backend functions Keras 3 serves in keras.ops with the same reading (FM425), and the optimizer's
rate (FM426): an age-regression loss of 2018 (the mean of a float tensor), layout helpers, a callback that
halves the rate. K.sqrt clipped negatives first and stays reported."""
import keras
from keras import backend as K


def mae_of_ages(y_true, y_pred):
    true_age = K.sum(y_true * K.arange(0, 101, dtype="float32"), axis=-1)
    pred_age = K.sum(y_pred * K.arange(0, 101, dtype="float32"), axis=-1)
    return K.mean(K.abs(true_age - pred_age))


def merge_heads(x, heads):
    _, length, width = K.int_shape(x)
    x = K.reshape(x, (-1, length, heads, width // heads))
    x = K.permute_dimensions(x, (0, 2, 1, 3))
    return K.concatenate([x, K.expand_dims(x[:, 0], dim=1)])


def rmse(y_true, y_pred):
    return K.sqrt(K.mean(K.square(y_pred - y_true)))


class HalveEveryTenEpochs(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if epoch % 10 == 9:
            rate = K.get_value(self.model.optimizer.lr)
            K.set_value(self.model.optimizer.lr, rate / 2)
            print("learning rate", self.model.optimizer.lr)
# output
"""keras.backend functions Keras 3 serves in keras.ops with the same reading (FM425), and the optimizer's
rate (FM426): an age-regression loss of 2018 (the mean of a float tensor), layout helpers, a callback that
halves the rate. K.sqrt clipped negatives first and stays reported."""
import keras
from keras import backend as K


def mae_of_ages(y_true, y_pred):
    true_age = keras.ops.sum(y_true * keras.ops.arange(0, 101, dtype="float32"), axis=-1)
    pred_age = keras.ops.sum(y_pred * keras.ops.arange(0, 101, dtype="float32"), axis=-1)
    return keras.ops.mean(keras.ops.abs(true_age - pred_age))


def merge_heads(x, heads):
    _, length, width = tuple(x.shape)
    x = keras.ops.reshape(x, (-1, length, heads, width // heads))
    x = keras.ops.transpose(x, (0, 2, 1, 3))
    return keras.ops.concatenate([x, keras.ops.expand_dims(x[:, 0], axis=1)], axis=-1)


def rmse(y_true, y_pred):
    return K.sqrt(K.mean(keras.ops.square(y_pred - y_true)))


class HalveEveryTenEpochs(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if epoch % 10 == 9:
            rate = self.model.optimizer.learning_rate.numpy()
            self.model.optimizer.learning_rate.assign(rate / 2)
            print("learning rate", self.model.optimizer.learning_rate)
