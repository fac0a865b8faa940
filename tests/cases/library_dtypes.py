import cv2
import numpy as np
from keras.preprocessing.image import img_to_array, load_img
from skimage.color import rgb2lab
from sklearn.preprocessing import LabelEncoder

encoder = LabelEncoder()
label_ids = encoder.fit_transform(["cat", "dog", "cat"])


def lab_batches(paths, batch_size=4):
    while True:
        picked = np.random.randint(0, len(paths), batch_size)
        images = [rgb2lab(cv2.resize(cv2.imread(paths[i]), (32, 32))) for i in picked]
        yield np.array(images), label_ids[picked]


def keras_batches(paths, batch_size=4):
    while True:
        picked = np.random.randint(0, len(paths), batch_size)
        images = [img_to_array(load_img(paths[i], target_size=(32, 32))) for i in picked]
        yield np.stack(images), label_ids[picked]


model.fit_generator(lab_batches(["a.png"]), steps_per_epoch=10)
model.fit_generator(keras_batches(["a.png"]), steps_per_epoch=10)
# output
import cv2
import numpy as np
import tensorflow as tf
from keras.preprocessing.image import img_to_array, load_img
from skimage.color import rgb2lab
from sklearn.preprocessing import LabelEncoder

encoder = LabelEncoder()
label_ids = encoder.fit_transform(["cat", "dog", "cat"])


def lab_batches(paths, batch_size=4):
    while True:
        picked = np.random.randint(0, len(paths), batch_size)
        images = [rgb2lab(cv2.resize(cv2.imread(paths[i]), (32, 32))) for i in picked]
        yield np.array(images), label_ids[picked]


def keras_batches(paths, batch_size=4):
    while True:
        picked = np.random.randint(0, len(paths), batch_size)
        images = [img_to_array(load_img(paths[i], target_size=(32, 32))) for i in picked]
        yield np.stack(images), label_ids[picked]


lab_batches_dataset = tf.data.Dataset.from_generator(
    lambda: lab_batches(["a.png"]),
    output_signature=(
        tf.TensorSpec(shape=(None, 32, 32, 3), dtype=tf.float64),
        tf.TensorSpec(shape=(None,), dtype=tf.int64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(lab_batches_dataset, steps_per_epoch=10)
keras_batches_dataset = tf.data.Dataset.from_generator(
    lambda: keras_batches(["a.png"]),
    output_signature=(
        tf.TensorSpec(shape=(None, None, None, None), dtype=tf.float32),
        tf.TensorSpec(shape=(None,), dtype=tf.int64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(keras_batches_dataset, steps_per_epoch=10)
