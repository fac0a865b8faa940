"""The migrated code runs for real under TensorFlow / Keras 3: runnable cases train, and every
dataset of the probe cases is iterated, so a wrong signature fails here as it would for a user."""

from __future__ import annotations

import os

import pytest

from fitmigrate.migrate import migrate_bytes
from tests.casefiles import case_files, split

pytestmark = pytest.mark.tensorflow


def _marked(marker: bytes):
    return [p for p in case_files() if p.read_bytes().startswith(marker) and split(p.read_bytes())[1] is not None]


class DatasetProbe:
    """Stands in for a model in cases that have none: pulls real elements from each dataset it is given."""

    def __init__(self):
        self.calls = []

    def _pull(self, method, data, **kwargs):
        import tensorflow as tf

        assert isinstance(data, tf.data.Dataset), f"{method} got {type(data).__name__}, not a tf.data.Dataset"
        elements = list(data.take(2))
        assert len(elements) == 2
        validation = kwargs.get("validation_data")
        if isinstance(validation, tf.data.Dataset):
            assert len(list(validation.take(1))) == 1
        self.calls.append((method, kwargs))
        return elements

    def fit(self, x=None, **kwargs):
        return self._pull("fit", x, **kwargs)

    def evaluate(self, x=None, **kwargs):
        return self._pull("evaluate", x, **kwargs)

    def predict(self, x=None, **kwargs):
        return self._pull("predict", x, **kwargs)


@pytest.fixture(scope="module")
def keras3():
    os.environ.pop("TF_USE_LEGACY_KERAS", None)
    import keras
    import tensorflow as tf

    assert keras.__version__.startswith("3"), "these tests check the migration to Keras 3"
    tf.random.set_seed(0)
    return tf


@pytest.mark.parametrize("path", _marked(b"# runnable"), ids=lambda p: p.stem)
def test_runnable_case_trains_after_migration(path, keras3):
    source, _ = split(path.read_bytes())
    migrated = migrate_bytes(source, path.name).new
    namespace = {"__name__": "__main__", "__file__": str(path)}
    exec(compile(migrated, str(path), "exec"), namespace)


@pytest.mark.parametrize("path", _marked(b"# probe"), ids=lambda p: p.stem)
def test_probe_case_datasets_iterate(path, keras3):
    source, _ = split(path.read_bytes())
    migrated = migrate_bytes(source, path.name).new
    probe = DatasetProbe()
    namespace = {"__name__": "__main__", "__file__": str(path), "model": probe}
    exec(compile(migrated, str(path), "exec"), namespace)
    assert probe.calls, "the case made no call"


def test_wrong_declared_dtype_is_silent_in_tensorflow(keras3):
    """Why signatures are proven, never guessed: tf.data casts float pixels declared int32 to 0."""
    import numpy as np

    tf = keras3

    def pixels():
        yield np.full((2, 2), 0.7)

    dataset = tf.data.Dataset.from_generator(pixels, output_signature=tf.TensorSpec((None, 2), tf.int32))
    (element,) = list(dataset)
    assert element.numpy().sum() == 0


def test_modelled_keras_functions_give_what_keras_3_gives(keras3):
    """The dtypes and ranks the analyzer declares for Keras' own helpers are the installed Keras 3's."""
    import keras
    import numpy as np
    from tensorflow.keras.preprocessing.image import ImageDataGenerator

    from tests.test_signature_inference import signature_of

    padded = keras.utils.pad_sequences([[1, 2], [3]], maxlen=40)
    assert (str(padded.dtype), padded.shape[1:]) == ("int32", (40,))
    assert signature_of("from keras.preprocessing.sequence import pad_sequences\ndef gen():\n    while True:\n"
                        "        yield pad_sequences([[1, 2], [3]], maxlen=40), np.zeros(2)\n", "gen()")[0] == \
        "(None, 40):int32"
    # sequences of vectors keep each step's shape; sequences nothing proves give no rank
    vectors = keras.utils.pad_sequences(np.zeros((2, 5, 3)), maxlen=40, dtype="float32")
    assert (str(vectors.dtype), vectors.shape[1:]) == ("float32", (40, 3))
    assert signature_of("from keras.preprocessing.sequence import pad_sequences\ndef gen():\n    while True:\n"
                        "        yield pad_sequences(np.zeros((2, 5, 3)), maxlen=40, dtype='float32'), np.zeros(2)\n",
                        "gen()")[0] == "(None, 40, 3):float32"
    assert signature_of("from keras.preprocessing.sequence import pad_sequences\ndef gen(t):\n    while True:\n"
                        "        yield pad_sequences(t, maxlen=40), np.zeros(2)\n", "gen(t)")[0] == "FM216"
    for given, declared in (("uint8", "float32"), ("float64", "float64")):
        out = keras.applications.imagenet_utils.preprocess_input(np.zeros((2, 4, 4, 3), given))
        assert str(out.dtype) == declared
    one_hot = keras.utils.to_categorical(np.zeros((5, 1), "uint8"), 10)
    assert (str(one_hot.dtype), one_hot.shape) == ("float64", (5, 10))
    images, labels = next(ImageDataGenerator(width_shift_range=0.1).flow(
        np.zeros((4, 8, 8, 3), "uint8"), one_hot[:4], batch_size=2))
    assert (str(images.dtype), str(labels.dtype), images.ndim) == ("float32", "float64", 4)
