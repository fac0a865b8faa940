"""Public tensorflow.keras paths are Keras 3's: nothing to do; tensorflow.keras.backend serves the legacy
functions (K.int_shape, K.sum) under Keras 3."""
from tensorflow.keras import backend as K
from tensorflow.keras.layers import Dense, InputSpec
from tensorflow.keras.utils import CustomObjectScope

dense = Dense(4)
width = K.int_shape(dense.kernel)[-1] if dense.built else K.sum([1, 2])
