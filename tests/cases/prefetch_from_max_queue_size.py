# probe
import numpy as np
import tensorflow as T


def batches():
    while True:
        yield np.zeros((4, 2)), np.zeros((4, 1))


model.fit_generator(batches(), steps_per_epoch=2, max_queue_size=16, workers=4)
# output
# probe
import numpy as np
import tensorflow as T


def batches():
    while True:
        yield np.zeros((4, 2)), np.zeros((4, 1))


batches_dataset = T.data.Dataset.from_generator(
    batches,
    output_signature=(
        T.TensorSpec(shape=(None, 2), dtype=T.float64),
        T.TensorSpec(shape=(None, 1), dtype=T.float64),
    ),
).prefetch(16)
model.fit(batches_dataset, steps_per_epoch=2)
