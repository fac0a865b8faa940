"""TensorFlow 1 sessions whose meaning TensorFlow 2 has no exact form for: reported (FM422, FM417), left."""
import tensorflow as tf
from keras import backend as K

config = tf.ConfigProto(log_device_placement=True)
config.gpu_options.allow_growth = True
sess = tf.Session(config=config)
K.set_session(sess)
sess.run(tf.global_variables_initializer())  # the session is used: it is not only Keras' set-up
graph = tf.get_default_graph()
tf.set_random_seed(1)
