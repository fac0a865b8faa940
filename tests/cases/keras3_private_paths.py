"""tensorflow.python.keras, TensorFlow's module behind tf.keras until 2.5, imported directly (FM421): the
public tensorflow.keras path it was, then Keras 3's own moves (generic_utils -> utils)."""
from tensorflow.python.keras import backend as K
from tensorflow.python.keras import initializers
from tensorflow.python.keras.engine.input_spec import InputSpec
from tensorflow.python.keras.utils.generic_utils import CustomObjectScope
import tensorflow.python.keras.layers as layers

init = initializers.get("glorot_uniform")
spec = InputSpec(ndim=3)
dense = layers.Dense(4)
# output
"""tensorflow.python.keras, TensorFlow's module behind tf.keras until 2.5, imported directly (FM421): the
public tensorflow.keras path it was, then Keras 3's own moves (generic_utils -> utils)."""
from tensorflow.keras import backend as K
from tensorflow.keras import initializers
from tensorflow.keras.layers import InputSpec
from tensorflow.keras.utils import CustomObjectScope
import tensorflow.keras.layers as layers

init = initializers.get("glorot_uniform")
spec = InputSpec(ndim=3)
dense = layers.Dense(4)
