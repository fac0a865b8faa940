"""Generators defined in another module of the project resolve, by absolute and relative imports,
and the other module is read, not rewritten (but for a Sequence's lists: tests/test_edits_elsewhere.py)."""

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



def test_the_keras_version_is_read_from_the_file_only_so_a_second_run_agrees(tmp_path):
    """A project module the script imports may be rewritten by the same run (Keras 1 layer calls
    become Keras 2 ones): if its Keras 2 names decided the script's counts, the second run would
    migrate what the first refused. Only the script's own code decides."""
    (tmp_path / "nets.py").write_text("from keras.layers import Convolution2D\n\n\ndef build():\n"
                                      "    return Convolution2D(8, 3, 3, border_mode='same')\n")
    (tmp_path / "train.py").write_text(
        "import numpy as np\nimport nets\n\n\ndef rows(data, batch_size=16):\n    while True:\n"
        "        for i in range(0, len(data), batch_size):\n            yield data[i:i + batch_size], data[i:i + batch_size]\n\n\n"
        "x = np.zeros((100, 4), dtype='float32')\nmodel.fit_generator(rows(x), samples_per_epoch=100, nb_epoch=2)\n")
    first = CliRunner().invoke(main, ["migrate", "--no-cache", str(tmp_path)], catch_exceptions=False)
    after_first = {p.name: p.read_bytes() for p in tmp_path.glob("*.py")}
    second = CliRunner().invoke(main, ["migrate", "--no-cache", str(tmp_path)], catch_exceptions=False)
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.py")} == after_first, second.output
    assert b"fit_generator" in after_first["train.py"] and "FM105" in first.output


SEQUENCES = '''import numpy as np
from tensorflow import keras


class Rows(keras.utils.Sequence):
    def __init__(self, x, batch_size=4):
        super().__init__()
        self.x, self.batch_size = x, batch_size

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, index):
        part = self.x[index * self.batch_size:(index + 1) * self.batch_size]
        return part, part.sum(axis=1)


class Pairs(Rows):
    def __getitem__(self, index):
        part = self.x[index * self.batch_size:(index + 1) * self.batch_size]
        return [part, part * 2], part.sum(axis=1)
'''


def test_sequence_of_another_module_is_passed_as_it_is_and_edited_there_when_it_must(tmp_path):
    """Its batches are proven through the call's own arguments; lists inside them need an edit of the
    other module, which the same run makes there (tests/test_edits_elsewhere.py): the only change to
    data.py."""
    (tmp_path / "data.py").write_text(SEQUENCES)
    (tmp_path / "train.py").write_text(
        "import numpy as np\nfrom data import Pairs, Rows\n\nx = np.zeros((12, 3), dtype='float32')\n"
        "model.fit_generator(Rows(x), epochs=1)\nmodel.fit_generator(Pairs(x), epochs=1)\n")
    result = CliRunner().invoke(main, ["migrate", str(tmp_path / "train.py")], catch_exceptions=False)
    assert "2 changed, 2 calls migrated" in result.output, result.output
    assert "model.fit(Rows(x), epochs=1)\nmodel.fit(Pairs(x), epochs=1)\n" in (tmp_path / "train.py").read_text()
    assert (tmp_path / "data.py").read_text() == SEQUENCES.replace("return [part, part * 2],", "return (part, part * 2),")
