import numpy as np


def captchas(n_len, batch_size=32):
    while True:
        x = np.random.rand(batch_size, 60, 160, 3).astype("float32")
        y = np.random.randint(0, 36, (batch_size, n_len))
        yield x, [y[:, i] for i in range(n_len)]


def train(model, n_len=4):
    # A caller may give another length: the list's length is not proven here.
    model.fit_generator(captchas(n_len), steps_per_epoch=100)
