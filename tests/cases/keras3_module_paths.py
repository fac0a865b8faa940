"""Modules Keras 3 does not have: keras.layers.core and friends, keras.utils.np_utils, keras.engine."""
import numpy as np
from keras.engine.topology import Layer
from keras.layers.convolutional import Conv2D, MaxPooling2D
from keras.layers.core import Dense, Dropout, Flatten  # the usual three
from keras.layers.normalization import BatchNormalization
from keras.utils import np_utils
from keras.utils.np_utils import to_categorical

labels = np_utils.to_categorical(np.arange(10) % 3, 3)
more = to_categorical(np.arange(4), nb_classes=4)


class Identity(Layer):
    def call(self, inputs):
        return inputs
# output
"""Modules Keras 3 does not have: keras.layers.core and friends, keras.utils.np_utils, keras.engine."""
import numpy as np
from keras.layers import Layer
from keras.layers import Conv2D, MaxPooling2D
from keras.layers import Dense, Dropout, Flatten  # the usual three
from keras.layers import BatchNormalization
from keras import utils as np_utils
from keras.utils import to_categorical

labels = np_utils.to_categorical(np.arange(10) % 3, 3)
more = to_categorical(np.arange(4), num_classes=4)


class Identity(Layer):
    def call(self, inputs):
        return inputs
