import numpy as np
from keras.layers import Conv2D
from keras.preprocessing.image import ImageDataGenerator
from keras.utils import np_utils

x_train = np.random.rand(100, 32, 32, 1).astype(np.float32)
labels = np.random.randint(0, 2, 100)
y_train = np_utils.to_categorical(labels, 2).astype(np.float32)
class_totals = y_train.sum(axis=0)
class_weight = class_totals.max() / class_totals  # an array: Keras 1 and 2 read weights only from a dict

datagen = ImageDataGenerator(horizontal_flip=True)
model.fit_generator(datagen.flow(x_train, y_train, batch_size=10), class_weight=class_weight, epochs=2)
# output
import numpy as np
from keras.layers import Conv2D
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from keras import utils as np_utils

x_train = np.random.rand(100, 32, 32, 1).astype(np.float32)
labels = np.random.randint(0, 2, 100)
y_train = np_utils.to_categorical(labels, 2).astype(np.float32)
class_totals = y_train.sum(axis=0)
class_weight = class_totals.max() / class_totals  # an array: Keras 1 and 2 read weights only from a dict

datagen = ImageDataGenerator(horizontal_flip=True)
model.fit(datagen.flow(x_train, y_train, batch_size=10), epochs=2)
