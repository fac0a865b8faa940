"""Shared tiny data for the verify cases (imported, so the harness must not leave __pycache__ here)."""

import numpy as np

CLASSES = 4
rng = np.random.default_rng(0)
images = rng.random((256, 6, 6, 1), dtype=np.float32)
class_ids = rng.integers(0, CLASSES, 256)
one_hot = np.eye(CLASSES, dtype=np.float32)[class_ids]
