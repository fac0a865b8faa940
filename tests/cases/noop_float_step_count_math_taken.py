# The count needs math.ceil, and the module binds `math` to something else: refused (FM106), not guessed.
import numpy as np

math = {"steps": 7}


def rows():
    while True:
        yield np.zeros((4, 3), dtype="float32"), np.zeros((4, 1), dtype="float32")


model.fit_generator(rows(), steps_per_epoch=math["steps"] / 2.5, epochs=1)
