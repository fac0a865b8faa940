# 2,000 samples of a 100-sample flow: Keras 1 ended epochs inside a pass, which Keras 3 cannot (FM107).
import numpy as np
from tensorflow.keras.preprocessing.image import ImageDataGenerator

x_train = np.zeros((100, 8, 8, 3), dtype="float32")
y_train = np.zeros((100, 10), dtype="float32")
datagen = ImageDataGenerator(horizontal_flip=True)
model.fit_generator(datagen.flow(x_train, y_train, batch_size=32), samples_per_epoch=2000, nb_epoch=2)
