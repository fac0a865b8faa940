from PIL import Image
import numpy as np


def batches(paths):
    while True:
        images = np.array([np.asarray(Image.open(p)) for p in paths])
        yield images, np.zeros((len(paths), 1), dtype="float32")


# Validation data needs a written signature (Keras 3 replays a validation generator's first batches).
model.fit_generator(batches(["a.png"]), steps_per_epoch=10,
                    validation_data=batches(["b.png"]), validation_steps=2)
