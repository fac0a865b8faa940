from PIL import Image
import numpy as np


def batches(paths):
    while True:
        images = np.array([np.asarray(Image.open(p)) for p in paths])
        yield images, np.zeros((len(paths), 1), dtype="float32")


model.fit_generator(batches(["a.png"]), steps_per_epoch=10)
