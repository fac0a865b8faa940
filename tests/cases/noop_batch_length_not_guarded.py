import cv2
import numpy as np
from keras.layers import Convolution2D


def driving(paths, angles, batch_size=64):
    images, steering = [], []
    while True:
        for i in range(len(paths)):
            images.append(cv2.resize(cv2.imread(paths[i]), (200, 66)))
            steering.append(angles[i])
            if len(images) >= batch_size:
                images.pop()
                yield np.array(images), np.array(steering)
                images, steering = [], []


angles = np.array([0.1, -0.2, 0.0])
# Keras 1 counted samples: every batch must provably hold batch_size of them.
model.fit_generator(driving(["a.jpg", "b.jpg", "c.jpg"], angles), samples_per_epoch=23040, nb_epoch=5)
