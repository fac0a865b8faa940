from PIL import Image
import numpy as np


def images(paths):
    return np.array([np.asarray(Image.open(p)) for p in paths])


def endless(paths):
    while True:
        yield images(paths), np.zeros((len(paths), 1), dtype="float32")


def one_pass(paths, batch_size=2):
    for start in range(0, len(paths), batch_size):
        yield images(paths[start:start + batch_size]), np.zeros((batch_size, 1), dtype="float32")


# Keras 3 takes no class_weight with a generator.
model.fit_generator(endless(["a.png"]), steps_per_epoch=10, class_weight={0: 1.0, 1: 2.0})
# It ends: Keras 3 would replay its first two batches where legacy Keras stopped.
model.fit_generator(one_pass(["a.png", "b.png"]), steps_per_epoch=1, epochs=2)
# Validation data needs a written signature: Keras 3 replays a validation generator's first two batches.
model.fit_generator(endless(["a.png"]), steps_per_epoch=10, validation_data=endless(["b.png"]), validation_steps=2)
