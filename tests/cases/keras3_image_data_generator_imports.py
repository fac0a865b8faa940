"""ImageDataGenerator through every spelling: Keras 3's keras.preprocessing.image lost it, and
tensorflow.keras.preprocessing.image serves it (with load_img and the rest, the same objects)."""
import os

import keras
import keras.preprocessing.image as kimage
from keras.preprocessing import image
from keras.preprocessing.image import (ImageDataGenerator,  # augmentation
                                       load_img)

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
train = ImageDataGenerator(rotation_range=10, horizontal_flip=True)
valid = kimage.ImageDataGenerator(rescale=1. / 255)
test = image.ImageDataGenerator(rescale=1. / 255)
other = keras.preprocessing.image.ImageDataGenerator(zoom_range=0.2)
picture = image.img_to_array(load_img("cat.png"))
# output
"""ImageDataGenerator through every spelling: Keras 3's keras.preprocessing.image lost it, and
tensorflow.keras.preprocessing.image serves it (with load_img and the rest, the same objects)."""
import os

import keras
import tensorflow.keras.preprocessing.image as kimage
from tensorflow.keras.preprocessing import image
from tensorflow.keras.preprocessing.image import (ImageDataGenerator,  # augmentation
                                       load_img)
import tensorflow as tf

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
train = ImageDataGenerator(rotation_range=10, horizontal_flip=True)
valid = kimage.ImageDataGenerator(rescale=1. / 255)
test = image.ImageDataGenerator(rescale=1. / 255)
other = tf.keras.preprocessing.image.ImageDataGenerator(zoom_range=0.2)
picture = image.img_to_array(load_img("cat.png"))
