import numpy as np
from keras.preprocessing.image import ImageDataGenerator

x_train = np.zeros((100, 8, 8, 3), dtype="float32")
y_train = np.zeros((100, 10), dtype="float32")
datagen = ImageDataGenerator(horizontal_flip=True)
flow = datagen.flow(x_train, y_train, batch_size=32)
model.fit_generator(flow, samples_per_epoch=len(x_train), nb_epoch=2)
model.fit_generator(flow, samples_per_epoch=flow.n, nb_epoch=2)
# output
import numpy as np
from tensorflow.keras.preprocessing.image import ImageDataGenerator

x_train = np.zeros((100, 8, 8, 3), dtype="float32")
y_train = np.zeros((100, 10), dtype="float32")
datagen = ImageDataGenerator(horizontal_flip=True)
flow = datagen.flow(x_train, y_train, batch_size=32)
model.fit(flow, steps_per_epoch=len(flow), epochs=2)
model.fit(flow, steps_per_epoch=len(flow), epochs=2)
