"""Multi-output models (a class head and a regression head, as in detection or age/gender code).

The comment ending each call line names the check that must fail there; `nothing` means every check passes.
"""

import numpy as np
import tensorflow as tf

import keras

rng = np.random.default_rng(0)
IMAGES = rng.random((64, 4)).astype("float32")
CLASS_IDS = rng.integers(0, 3, 64)
ONE_HOT = np.eye(3, dtype="float32")[CLASS_IDS]
AGES = rng.random((64, 1)).astype("float32")


def two_heads(outputs_as):
    inputs = keras.Input((4,), name="image")
    hidden = keras.layers.Dense(8, activation="relu")(inputs)
    cls = keras.layers.Dense(3, activation="softmax", name="cls")(hidden)
    reg = keras.layers.Dense(1, name="reg")(hidden)
    return keras.Model(inputs, {"cls": cls, "reg": reg} if outputs_as == "dict" else [cls, reg])


def batches(labels, batch_size=16, reg_rows=16):
    while True:
        for start in range(0, 64, batch_size):
            yield IMAGES[start:start + batch_size], {"cls": labels[start:start + batch_size],
                                                     "reg": AGES[start:start + reg_rows]}


def dataset(labels, cls_spec, reg_rows=16):
    spec = (tf.TensorSpec((None, 4), tf.float32), {"cls": cls_spec, "reg": tf.TensorSpec((None, 1), tf.float32)})
    return tf.data.Dataset.from_generator(lambda: batches(labels, reg_rows=reg_rows), output_signature=spec)


ONE_HOT_SPEC = tf.TensorSpec((None, 3), tf.float32)
IDS_SPEC = tf.TensorSpec((None,), tf.int64)

named = two_heads("dict")
named.compile("adam", loss={"cls": "categorical_crossentropy", "reg": "mse"}, loss_weights={"cls": 1.0, "reg": 0.5})
named.fit(dataset(ONE_HOT, ONE_HOT_SPEC), steps_per_epoch=4, verbose=0)  # expect: nothing
named.fit(dataset(CLASS_IDS, IDS_SPEC), steps_per_epoch=4, verbose=0)  # expect: encoding
named.fit(dataset(ONE_HOT, ONE_HOT_SPEC, reg_rows=8), steps_per_epoch=4, verbose=0)  # expect: alignment


def age_error(y_true, y_pred):
    return keras.ops.mean(keras.ops.abs(y_true - y_pred))


ordered = two_heads("list")
ordered.compile("adam", loss=[keras.losses.SparseCategoricalCrossentropy(), age_error])
ordered.fit(IMAGES, [CLASS_IDS, AGES], batch_size=16, steps_per_epoch=4, verbose=0)  # expect: nothing
ordered.fit(IMAGES, [ONE_HOT, AGES], batch_size=16, steps_per_epoch=4, verbose=0)  # expect: encoding
