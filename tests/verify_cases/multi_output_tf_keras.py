"""A two-head tf_keras model (run with TF_USE_LEGACY_KERAS=1): each head's labels against its own loss.

The comment ending each call line names the check that must fail there; `nothing` means every check passes.
"""

import numpy as np
import tensorflow as tf

keras = tf.keras
assert keras.Model.__module__.startswith("tf_keras"), "run with TF_USE_LEGACY_KERAS=1"

rng = np.random.default_rng(0)
IMAGES = rng.random((64, 4)).astype("float32")
CLASS_IDS = rng.integers(0, 3, 64)
ONE_HOT = np.eye(3, dtype="float32")[CLASS_IDS]
GENDER = rng.integers(0, 2, (64, 1)).astype("float32")

inputs = keras.Input((4,), name="image")
hidden = keras.layers.Dense(8, activation="relu")(inputs)
age = keras.layers.Dense(3, activation="softmax", name="age")(hidden)
gender = keras.layers.Dense(1, activation="sigmoid", name="gender")(hidden)
model = keras.Model(inputs, [age, gender])
model.compile("adam", loss={"age": "categorical_crossentropy", "gender": keras.losses.BinaryCrossentropy()},
              loss_weights=[1.0, 0.5])

model.fit(IMAGES, {"age": ONE_HOT, "gender": GENDER}, batch_size=16, steps_per_epoch=4, verbose=0)  # expect: nothing
model.fit(IMAGES, {"age": CLASS_IDS, "gender": GENDER}, batch_size=16, steps_per_epoch=4, verbose=0)  # expect: encoding
