# The model comes from elsewhere: nothing in the module says what it takes, so nothing is declared.
import numpy as np
from keras.models import load_model


def batches(paths, labels, batch_size=16):
    while True:
        for start in range(0, len(paths) - batch_size + 1, batch_size):
            images = np.array([read_image_somehow(p) for p in paths[start:start + batch_size]])
            yield images, labels[start:start + batch_size]


model = load_model("trained.h5")
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit_generator(batches(train_paths, train_labels), steps_per_epoch=50, epochs=3)
