"""One call per hazard; the comment that ends each call line names the check that must fail there."""

import tensorflow as tf
from tensorflow import keras

from case_data import CLASSES, class_ids, images, one_hot

IMAGES = tf.TensorSpec((None, 6, 6, 1), tf.float32)
ONE_HOT = tf.TensorSpec((None, CLASSES), tf.float32)


def pairs(x, y, batch_size=32, batches=None):
    produced = 0
    while batches is None or produced < batches:
        start = (produced * batch_size) % (len(x) - batch_size)
        yield x[start:start + batch_size], y[start:start + batch_size]
        produced += 1


def misaligned():
    while True:
        yield images[:32], one_hot[:64]


def dataset(generator, x_spec, y_spec):
    return tf.data.Dataset.from_generator(generator, output_signature=(x_spec, y_spec)).prefetch(2)


def classifier(units, activation, loss):
    layers = [keras.Input((6, 6, 1)), keras.layers.Flatten(), keras.layers.Dense(units, activation=activation)]
    model = keras.Sequential(layers)
    model.compile("adam", loss)
    return model


softmax = classifier(CLASSES, "softmax", "categorical_crossentropy")
sigmoid = classifier(1, "sigmoid", "binary_crossentropy")
sparse = classifier(CLASSES, "softmax", keras.losses.SparseCategoricalCrossentropy())

integer_ids = dataset(lambda: pairs(images, class_ids), IMAGES, tf.TensorSpec((None,), tf.int64))
softmax.fit(integer_ids, steps_per_epoch=4, verbose=0)  # expect: encoding

softmax.fit(dataset(misaligned, IMAGES, ONE_HOT), steps_per_epoch=4, verbose=0)  # expect: alignment

five_batches = dataset(lambda: pairs(images, one_hot, batches=5), IMAGES, ONE_HOT)
softmax.fit(five_batches, steps_per_epoch=50, epochs=2, verbose=0)  # expect: steps

pixels_as_int = dataset(lambda: pairs(images, one_hot), tf.TensorSpec((None, 6, 6, 1), tf.int32), ONE_HOT)
softmax.fit(pixels_as_int, steps_per_epoch=4, verbose=0)  # expect: signature

ids_as_binary = dataset(lambda: pairs(images, class_ids.astype("float32")), IMAGES, tf.TensorSpec((None,), tf.float32))
sigmoid.fit(ids_as_binary, steps_per_epoch=4, verbose=0)  # expect: encoding

sparse.fit(dataset(lambda: pairs(images, one_hot), IMAGES, ONE_HOT), steps_per_epoch=4, verbose=0)  # expect: encoding

sparse.fit(images, class_ids, batch_size=32, steps_per_epoch=3, verbose=0)  # expect: nothing

endless = dataset(lambda: pairs(images, one_hot), IMAGES, ONE_HOT)
softmax.fit(endless, steps_per_epoch=len(images) / 40, verbose=0)  # expect: steps


def dict_labels():
    for x, y in pairs(images, one_hot):
        yield x, {"probabilities": y}


by_key = tf.data.Dataset.from_generator(dict_labels, output_signature=(IMAGES, {"probabilities": ONE_HOT}))
softmax.fit(by_key, steps_per_epoch=4, verbose=0)  # expect: encoding
