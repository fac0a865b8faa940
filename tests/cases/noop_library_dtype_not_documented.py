import numpy as np
from skimage.color import rgb2lab
from skimage.io import imread


def batches(paths, batch_size=4):
    while True:
        picked = np.random.randint(0, len(paths), batch_size)
        # skimage keeps a float32 image float32 since 0.19 (float64 before): not one dtype for every release.
        images = [rgb2lab(imread(paths[i]).astype("float32") / 255) for i in picked]
        yield np.array(images), np.zeros((batch_size, 1))


model.fit_generator(batches(["a.png"]), steps_per_epoch=10,
                    validation_data=batches(["b.png"]), validation_steps=1)
