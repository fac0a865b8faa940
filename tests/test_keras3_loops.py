"""What the shapes of ``analysis.passes`` and the generator form of FM211/FM214 stand on, measured on the
installed Keras 3 in one child process, so that a Keras release that changes its loops fails here:

- a training epoch of a dataset given no ``steps_per_epoch`` ends where the data does, but Keras learns
  that length from the first epoch and cuts any later one after one step more (why a Keras 1 training
  count is counted in the dataset only from a flow, FM215);
- a validation pass given no ``validation_steps`` calls the dataset again and runs to its end, however
  long (why validation counts can be counted by the dataset whatever the source);
- a Python generator object given with ``steps_per_epoch`` is one iterator for the whole ``fit`` (why a
  flow or Sequence read without end can go to ``fit`` as one);
- a generator object given as validation data has its first two batches read again at every pass (why
  it never is one).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.tensorflow

CHILD = r'''
import itertools, json, os
os.environ.pop("TF_USE_LEGACY_KERAS", None)
import numpy as np
import keras
import tensorflow as tf

log = []
inputs = keras.Input((1,))
model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
model.compile("sgd", "mse", run_eagerly=True)
train_step, test_step = model.train_step, model.test_step
model.train_step = lambda data: (log.append(("t", int(data[0][0, 0]))), train_step(data))[1]
model.test_step = lambda data: (log.append(("v", int(data[0][0, 0]))), test_step(data))[1]


class EpochEnd(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        log.append(("end", epoch))


def epochs(phase):
    found, current = [], []
    for kind, value in log:
        if kind == "end":
            found.append(current)
            current = []
        elif kind == phase:
            current.append(value)
    log.clear()
    return found


def rows(first=0):
    for i in itertools.count(first):
        yield np.full((2, 1), i, "float32"), np.full((2, 1), i, "float32")


signature = (tf.TensorSpec((None, 1), tf.float32),) * 2


def counted(source, lengths):
    def one():
        yield from itertools.islice(source, next(lengths))
    return tf.data.Dataset.from_generator(one, output_signature=signature).prefetch(tf.data.AUTOTUNE)


report = {}
model.fit(counted(rows(), iter([3, 5, 2, 4])), epochs=4, verbose=0, callbacks=[EpochEnd()])
report["train"] = [len(e) for e in epochs("t")]
model.fit(rows(), steps_per_epoch=1, epochs=4, verbose=0, callbacks=[EpochEnd()],
          validation_data=counted(rows(100), iter([2, 5, 1, 6])))
report["validation"] = [len(e) for e in epochs("v")]
model.fit(rows(), steps_per_epoch=3, epochs=3, verbose=0, callbacks=[EpochEnd()])
report["generator"] = epochs("t")
model.fit(rows(), steps_per_epoch=1, epochs=3, verbose=0, callbacks=[EpochEnd()], validation_data=rows(100),
          validation_steps=3)
report["validation_generator"] = epochs("v")
print("REPORT " + json.dumps(report))
'''


@pytest.fixture(scope="module")
def measured():
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1", KERAS_BACKEND="tensorflow")
    env.pop("TF_USE_LEGACY_KERAS", None)
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=300, env=env)
    lines = [line for line in done.stdout.splitlines() if line.startswith("REPORT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    return json.loads(lines[-1][len("REPORT "):])


def test_a_training_epoch_is_cut_one_step_after_the_first_epoch_length(measured):
    assert measured["train"] == [3, 4, 2, 4]  # epochs that wanted 3, 5, 2, 4 steps


def test_a_validation_pass_runs_to_its_end(measured):
    assert measured["validation"] == [2, 5, 1, 6]


def test_a_generator_with_steps_per_epoch_is_one_iterator(measured):
    assert measured["generator"] == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]


def test_a_validation_generator_is_read_again_from_its_first_two_batches(measured):
    passes = measured["validation_generator"]
    assert len(passes) == 3 and all(one[:2] == [100, 101] for one in passes), passes  # (and a batch read ahead
    # is dropped between the passes: 102, then 104, ...)
