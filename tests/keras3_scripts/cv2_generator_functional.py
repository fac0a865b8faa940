"""A 2017 hand-written generator that reads images with OpenCV (behavioural-cloning style), a Keras 1
functional model (Model(input=, output=)), keras.layers.merge, normalization, advanced_activations,
keras.optimizers.adam(lr, epsilon=None), predict_proba."""
# breaks: FM100 FM401 FM403 FM405 FM407 FM410 FM411 FM415
import os
import shutil
import tempfile

import cv2
import keras
import numpy as np
from keras.layers import Convolution2D, Dense, Flatten, Input
from keras.layers.advanced_activations import LeakyReLU
from keras.layers.merge import concatenate
from keras.layers.normalization import BatchNormalization
from keras.models import Model

folder = tempfile.mkdtemp(prefix="fitmigrate_cv2_")
samples = []
for i in range(12):
    path = os.path.join(folder, 'frame_%d.png' % i)
    cv2.imwrite(path, (np.random.rand(20, 20, 3) * 255).astype('uint8'))
    samples.append((path, float(i % 3)))


def generator(samples, batch_size=4):
    while 1:
        np.random.shuffle(samples)
        for offset in range(0, len(samples) - batch_size + 1, batch_size):
            images = []
            angles = []
            for path, angle in samples[offset:offset + batch_size]:
                img = cv2.resize(cv2.imread(path), (16, 16))
                images.append(img)
                angles.append(angle)
            X = np.array(images).astype('float32') / 255.
            y = np.array(angles, dtype='float32')
            yield X, y


inputs = Input(shape=(16, 16, 3))
left = Flatten()(Convolution2D(4, 3, 3, border_mode='same')(inputs))
right = Flatten()(inputs)
x = concatenate([left, right])
x = BatchNormalization(mode=0)(x)
x = LeakyReLU(0.1)(Dense(8)(x))
outputs = Dense(1)(x)
model = Model(input=inputs, output=outputs)
model.compile(optimizer=keras.optimizers.adam(lr=1e-3, epsilon=None), loss='mse')
model.fit_generator(generator(samples), steps_per_epoch=3, epochs=1, verbose=2)
steering = model.predict_proba(np.zeros((2, 16, 16, 3), dtype='float32'))
assert steering.shape == (2, 1)
shutil.rmtree(folder)
