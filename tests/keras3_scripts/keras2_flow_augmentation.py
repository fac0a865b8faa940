"""A 2018 Keras 2 script: ImageDataGenerator.flow with augmentation (needs scipy), layers imported
from their modules, np_utils, Adam(lr), fit_generator."""
# breaks: FM100 FM206 FM401 FM406 FM407 FM409
import numpy as np
from keras.layers.convolutional import Conv2D, MaxPooling2D
from keras.layers.core import Dense, Dropout, Flatten
from keras.models import Sequential
from keras.optimizers import Adam
from keras.preprocessing.image import ImageDataGenerator
from keras.utils import np_utils

np.random.seed(0)
x_train = (np.random.rand(40, 24, 24, 3) * 255).astype('float32')
y_train = np_utils.to_categorical(np.random.randint(0, 4, 40), 4)

datagen = ImageDataGenerator(rescale=1. / 255, rotation_range=15, width_shift_range=0.1, height_shift_range=0.1,
                             shear_range=0.1, zoom_range=0.1, horizontal_flip=True, fill_mode='nearest')

model = Sequential()
model.add(Conv2D(8, (3, 3), activation='relu', input_shape=(24, 24, 3)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dropout(0.5))
model.add(Dense(4, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer=Adam(lr=1e-3), metrics=['accuracy'])
model.fit_generator(datagen.flow(x_train, y_train, batch_size=8), steps_per_epoch=len(x_train) // 8, epochs=1,
                    verbose=2)
