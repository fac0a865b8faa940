"""Keras 3 code with nothing to fix: the tensorflow.keras preprocessing path, learning_rate=, a
schedule, names Keras 3 still serves, tf.keras's own argument order, and a PIL image's save."""
import tensorflow as tf
from keras import backend as K
from keras.layers import Conv2D, Dense
from keras.optimizers import SGD
from keras.optimizers.schedules import InverseTimeDecay
from keras.preprocessing.image import img_to_array, load_img
from PIL import Image
from tensorflow.keras.preprocessing.image import ImageDataGenerator

K.set_image_data_format('channels_last')
datagen = ImageDataGenerator(rotation_range=10)
opt = SGD(learning_rate=InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6), momentum=0.9)
strided = tf.keras.layers.Conv2D(32, 3, 2)
picture = img_to_array(load_img('cat.png'))
Image.open('cat.png').save('dog')
layer = Dense(units=10, kernel_initializer='he_normal')
