"""The 2016 "very little data" recipe: flow_from_directory over a folder of PNG files (written here
with Pillow), `from keras.preprocessing import image`, Keras 1 layers, optimizers.adam(lr) (the recipe's
rmsprop is left by migrate: Keras 3's RMSprop steps otherwise, FM427)."""
# breaks: FM100 FM206 FM401 FM403 FM409 FM415
import os
import shutil
import tempfile

import numpy as np
from keras import optimizers
from keras.layers import Activation, Convolution2D, Dense, Flatten, MaxPooling2D
from keras.models import Sequential
from keras.preprocessing import image
from PIL import Image

root = tempfile.mkdtemp(prefix="fitmigrate_dogs_cats_")
for label in ('cats', 'dogs'):
    os.makedirs(os.path.join(root, label))
    for i in range(6):
        pixels = (np.random.rand(20, 20, 3) * 255).astype('uint8')
        Image.fromarray(pixels).save(os.path.join(root, label, '%d.png' % i))

train_datagen = image.ImageDataGenerator(rescale=1. / 255, shear_range=0.2, zoom_range=0.2, horizontal_flip=True)
train_generator = train_datagen.flow_from_directory(root, target_size=(16, 16), batch_size=4, class_mode='binary')

model = Sequential()
model.add(Convolution2D(8, 3, 3, input_shape=(16, 16, 3)))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(1))
model.add(Activation('sigmoid'))
model.compile(loss='binary_crossentropy', optimizer=optimizers.adam(lr=1e-4), metrics=['accuracy'])
model.fit_generator(train_generator, steps_per_epoch=len(train_generator), epochs=1, verbose=2)
shutil.rmtree(root)
