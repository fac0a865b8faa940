"""Batches for train.py: the generator lives in its own module, as in most real projects."""
import numpy as np


def batches(x, y, batch_size=16):
    while True:
        idx = np.random.randint(0, len(x), batch_size)
        yield x[idx], y[idx]
