import cv2
import numpy as np
from keras.layers import Convolution2D


def driving(paths, angles, batch_size=64):
    images, steering = [], []
    while True:
        for i in range(len(paths)):
            images.append(cv2.resize(cv2.imread(paths[i]), (200, 66)))
            steering.append(angles[i])
            if len(images) == batch_size:
                yield np.array(images), np.array(steering)
                images, steering = [], []


angles = np.array([0.1, -0.2, 0.0])
model.fit_generator(driving(["a.jpg", "b.jpg", "c.jpg"], angles), samples_per_epoch=23040, nb_epoch=5)
# output
import cv2
import numpy as np
import tensorflow as tf
from keras.layers import Convolution2D


def driving(paths, angles, batch_size=64):
    images, steering = [], []
    while True:
        for i in range(len(paths)):
            images.append(cv2.resize(cv2.imread(paths[i]), (200, 66)))
            steering.append(angles[i])
            if len(images) == batch_size:
                yield np.array(images), np.array(steering)
                images, steering = [], []


angles = np.array([0.1, -0.2, 0.0])
driving_dataset = tf.data.Dataset.from_generator(
    lambda: driving(["a.jpg", "b.jpg", "c.jpg"], angles),
    output_signature=(
        tf.TensorSpec(shape=(None, 66, 200, 3), dtype=tf.uint8),
        tf.TensorSpec(shape=(None,), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(driving_dataset, steps_per_epoch=23040 // 64, epochs=5)
