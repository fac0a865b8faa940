"""Generators defined in another module of the project resolve, by absolute and relative imports,
and the other module is read, never rewritten."""

from __future__ import annotations

from click.testing import CliRunner

from fitmigrate.cli import main

DATA = '''import numpy as np

BATCH = 16


def batches(x, y, batch_size=BATCH):
    while True:
        idx = np.random.randint(0, len(x), batch_size)
        yield x[idx], y[idx]


def pairs(n=4):
    while True:
        yield [np.zeros((n, 2), dtype="float32"), np.ones((n, 3), dtype="float32")], np.zeros(n)
'''

TRAIN = '''import numpy as np
from data import batches, pairs
import data

x_train = np.random.rand(200, 5).astype("float32")
y_train = np.random.randint(0, 3, 200)
model.fit_generator(batches(x_train, y_train), samples_per_epoch=200, nb_epoch=2)
model.fit_generator(data.batches(x_train, y_train, 8), samples_per_epoch=24, nb_epoch=1)
model.fit_generator(pairs(), samples_per_epoch=12, nb_epoch=1)
'''


def test_imported_generators_resolve(tmp_path):
    (tmp_path / "data.py").write_text(DATA)
    (tmp_path / "train.py").write_text(TRAIN)
    result = CliRunner().invoke(main, ["migrate", str(tmp_path / "train.py")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    migrated = (tmp_path / "train.py").read_text()
    assert "3 calls migrated" in result.output
    # batches() yields float32 rows of x_train and int64 labels of y_train: known only from train.py.
    assert "lambda: batches(x_train, y_train)," in migrated
    assert "tf.TensorSpec(shape=(None, 5), dtype=tf.float32)" in migrated
    assert "tf.TensorSpec(shape=(None,), dtype=tf.int64)" in migrated
    # The default batch size lives in data.py: its value is used, not a name train.py cannot see;
    # Keras 1 (the file uses no Keras 2 name) took batches until it had seen at least 200 samples:
    # ceil(200 / 16) = 13 steps.
    assert "steps_per_epoch=(200 + 16 - 1) // 16" in migrated
    assert "steps_per_epoch=24 // 8" in migrated and "steps_per_epoch=12 // 4" in migrated
    # pairs() yields lists from another module: adapted in the lambda, data.py untouched.
    assert "lambda: ((tuple(inputs), targets) for inputs, targets in pairs())" in migrated
    assert (tmp_path / "data.py").read_text() == DATA


def test_relative_and_package_imports(tmp_path):
    package = tmp_path / "proj" / "pkg"
    package.mkdir(parents=True)
    (tmp_path / "proj" / "pyproject.toml").write_text("[project]\nname = 'proj'\n")
    (package / "__init__.py").write_text("")
    (package / "loaders.py").write_text(
        "import numpy as np\n\ndef gen(n=4):\n    while True:\n"
        "        yield np.zeros((n, 3), dtype='uint8'), np.ones((n,), dtype=bool)\n")
    (package / "run.py").write_text(
        "from .loaders import gen\nfrom pkg.loaders import gen as gen2\n"
        "model.fit_generator(gen(), steps_per_epoch=2)\nmodel.fit_generator(gen2(), steps_per_epoch=2)\n")
    result = CliRunner().invoke(main, ["migrate", str(package / "run.py")], catch_exceptions=False)
    assert "2 calls migrated" in result.output, result.output
    migrated = (package / "run.py").read_text()
    assert migrated.count("tf.TensorSpec(shape=(None, 3), dtype=tf.uint8)") == 2
    assert migrated.count("tf.TensorSpec(shape=(None,), dtype=tf.bool)") == 2


def test_unresolvable_import_is_refused(tmp_path):
    (tmp_path / "train.py").write_text("from missing_module import batches\nmodel.fit_generator(batches(), steps_per_epoch=2)\n")
    result = CliRunner().invoke(main, ["migrate", str(tmp_path)], catch_exceptions=False)
    assert "FM102" in result.output and "1 left with a diagnostic" in result.output


def test_keras_1_keywords_in_a_script_whose_model_module_is_keras_2(tmp_path):
    """The script spells only Keras 1 names, but the model module it imports needs Keras 2: it ran on
    Keras 2, whose converter made samples_per_epoch of a flow `samples // batch_size` (floor), read
    endlessly; written with the script's own name for the batch size."""
    (tmp_path / "nets.py").write_text("from keras.layers import Conv2D\n\n\ndef build():\n    return Conv2D(8, (3, 3))\n")
    (tmp_path / "train.py").write_text(
        "import numpy as np\nimport nets\nfrom keras.preprocessing.image import ImageDataGenerator\n\n"
        "batch_size = 64\nx = np.zeros((100, 8, 8, 3), dtype='float32')\ny = np.zeros((100, 10), dtype='float32')\n"
        "model.fit_generator(ImageDataGenerator().flow(x, y, batch_size=batch_size), samples_per_epoch=len(x), "
        "nb_epoch=2)\n")
    result = CliRunner().invoke(main, ["migrate", "--select", "ALL", str(tmp_path / "train.py")], catch_exceptions=False)
    migrated = (tmp_path / "train.py").read_text()
    assert "steps_per_epoch=len(x) // batch_size" in migrated, result.output
    assert "in the imported module `nets`" in result.output and "FM211" in result.output
    assert (tmp_path / "nets.py").read_text().startswith("from keras.layers import Conv2D")
