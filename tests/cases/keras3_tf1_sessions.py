"""TensorFlow 1's session set-up around Keras code (FM422): the allow-growth idiom is TensorFlow 2's
set_memory_growth on each GPU, a default session handed to Keras goes, tf.reset_default_graph is
tf.compat.v1's. A session configured otherwise (a memory fraction) is reported."""
import os

import tensorflow as tf
from keras.backend.tensorflow_backend import set_session
from keras import backend as K
from keras.models import Sequential

os.environ["CUDA_VISIBLE_DEVICES"] = "0"
config = tf.ConfigProto(allow_soft_placement=True)
config.gpu_options.allow_growth = True  # dynamically grow the memory used on the GPU
sess = tf.Session(config=config)
set_session(sess)  # set this TensorFlow session as the default session for Keras


def build():
    # Reset default graph: Keras leaves old ops in it.
    tf.reset_default_graph()
    K.set_session(tf.Session())
    return Sequential()


def share_half_of_the_gpu():
    half = tf.ConfigProto()
    half.gpu_options.per_process_gpu_memory_fraction = 0.5
    K.set_session(tf.Session(config=half))
# output
"""TensorFlow 1's session set-up around Keras code (FM422): the allow-growth idiom is TensorFlow 2's
set_memory_growth on each GPU, a default session handed to Keras goes, tf.reset_default_graph is
tf.compat.v1's. A session configured otherwise (a memory fraction) is reported."""
import os

import tensorflow as tf
from keras import backend as K
from keras.models import Sequential

os.environ["CUDA_VISIBLE_DEVICES"] = "0"
for gpu in tf.config.list_physical_devices("GPU"):
    tf.config.experimental.set_memory_growth(gpu, True)


def build():
    # Reset default graph: Keras leaves old ops in it.
    tf.compat.v1.reset_default_graph()
    return Sequential()


def share_half_of_the_gpu():
    half = tf.ConfigProto()
    half.gpu_options.per_process_gpu_memory_fraction = 0.5
    K.set_session(tf.Session(config=half))
