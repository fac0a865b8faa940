"""Names followed across the project (issue 21): star imports of project modules (transitively, ``__all__``,
relative, from a notebook), star imports of the library modules fitmigrate models, a star import it cannot
read named in the refusal, and parameters read from the calls that give them. Every project is migrated
through the command line, twice (a second run changes nothing), and the imported modules are never written.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

UTILS = '''import numpy as np

batch_size = 16
_hidden = 3


def get_batches(path, n=batch_size):
    while True:
        yield np.zeros((n, 8), dtype="float32"), np.ones((n, 1), dtype="float32")


def _private_batches():
    while True:
        yield np.zeros((4, 8), dtype="float32"), np.ones((4, 1), dtype="float32")
'''

TRAIN = '''from utils import *

model.fit_generator(get_batches("data/train"), steps_per_epoch=100 // batch_size, epochs=2)
'''


def migrate(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fitmigrate", "migrate", "--no-cache", "-j", "1", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def migrated_twice(project: Path, *names: str) -> str:
    """The run's diagnostics; the project is migrated once more and must not change."""
    first = migrate(*names, cwd=project)
    assert first.returncode == 0, first.stderr
    after = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    second = migrate(*names, cwd=project)
    assert second.returncode == 0 and "0 changed" in second.stderr, second.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == after
    return first.stderr


def test_star_import_of_a_project_module(tmp_path):
    (tmp_path / "utils.py").write_text(UTILS)
    (tmp_path / "train.py").write_text(TRAIN)
    migrated_twice(tmp_path, "train.py")
    train = (tmp_path / "train.py").read_text()
    assert "model.fit(train_dataset, steps_per_epoch=100 // batch_size, epochs=2)" in train
    assert 'lambda: get_batches("data/train")' in train and "tf.TensorSpec(shape=(None, 8), dtype=tf.float32)" in train
    assert (tmp_path / "utils.py").read_text() == UTILS


def test_star_imports_are_followed_through_modules_and_all(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "base.py").write_text(UTILS)
    (package / "common.py").write_text("from .base import *\n__all__ = ['get_batches', 'batch_size']\n"
                                       "from .base import _private_batches\n")
    (package / "train.py").write_text(
        "from .common import *\n\n"
        "model.fit_generator(get_batches('x'), steps_per_epoch=5, epochs=1)\n"
        "model.fit_generator(_private_batches(), steps_per_epoch=5, epochs=1)\n")
    stderr = migrated_twice(tmp_path, "pkg/train.py")
    train = (package / "train.py").read_text()
    assert "model.fit(get_batches_dataset, steps_per_epoch=5, epochs=1)" in train
    # __all__ leaves _private_batches out of the star import: it is not defined in train.py
    assert "model.fit_generator(_private_batches()" in train
    assert "FM102" in stderr and "_private_batches" in stderr


def test_a_notebook_star_imports_its_sibling_module(tmp_path):
    (tmp_path / "utils.py").write_text(UTILS)
    cells = ["from utils import *", "%matplotlib inline",
             "model.fit_generator(get_batches('data'), steps_per_epoch=3, epochs=1)"]
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                           "source": [text]} for text in cells],
                "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 2}
    (tmp_path / "course.ipynb").write_text(json.dumps(notebook, indent=1) + "\n")
    migrated_twice(tmp_path, "course.ipynb")
    sources = ["".join(c["source"]) for c in json.loads((tmp_path / "course.ipynb").read_text())["cells"]]
    assert "model.fit(get_batches_dataset, steps_per_epoch=3, epochs=1)" in sources[2]


def test_star_import_of_keras_preprocessing_and_numpy(tmp_path):
    (tmp_path / "train.py").write_text(
        "from numpy import *\nfrom keras.preprocessing.image import *\n\n"
        "gen = ImageDataGenerator(rescale=1. / 255)\n"
        "flow = gen.flow(zeros((64, 8, 8, 3), dtype='float32'), zeros((64, 2), dtype='float32'), batch_size=16)\n"
        "model.fit_generator(flow, steps_per_epoch=len(flow), epochs=2)\n")
    stderr = migrated_twice(tmp_path, "train.py")
    assert "model.fit(flow, steps_per_epoch=len(flow), epochs=2)" in (tmp_path / "train.py").read_text()
    assert "FM409" in stderr  # the star import itself stays: Keras 3's keras.preprocessing.image lacks ImageDataGenerator


def test_a_star_import_that_cannot_be_read_is_named(tmp_path):
    (tmp_path / "train.py").write_text("from helpers_elsewhere import *\n\n"
                                       "model.fit_generator(trainGenerator(2), steps_per_epoch=5, epochs=1)\n")
    stderr = migrated_twice(tmp_path, "train.py")
    assert "'trainGenerator' is not defined in this module; it may come from `from helpers_elsewhere import *`" in stderr


def test_missing_module_cycle_and_unparsable_module_cost_only_their_names(tmp_path):
    (tmp_path / "a.py").write_text("from b import *\nfrom missing_module import *\n" + UTILS)
    (tmp_path / "b.py").write_text("from a import *\n")
    (tmp_path / "broken.py").write_text("def oops(:\n")
    (tmp_path / "train.py").write_text("from broken import *\nfrom b import *\n\n"
                                       "model.fit_generator(get_batches('x'), steps_per_epoch=5, epochs=1)\n")
    migrated_twice(tmp_path, "train.py")
    assert "model.fit(get_batches_dataset, steps_per_epoch=5, epochs=1)" in (tmp_path / "train.py").read_text()
    assert (tmp_path / "broken.py").read_text() == "def oops(:\n"


FIT_BY_PARAMETER = '''from keras.preprocessing.image import ImageDataGenerator


class Trainer:
    def __init__(self, model):
        self.model = model

    def fit(self, batches, epochs):
        self.model.fit_generator(batches, samples_per_epoch=batches.n, nb_epoch=epochs)

    def run(self, folder):
        gen = ImageDataGenerator(rescale=1. / 255)
        self.fit(gen.flow_from_directory(folder, target_size=(64, 64)), 3)


def train_net(net, train_gen, val_gen, num_epochs):
    net.fit_generator(generator=train_gen, samples_per_epoch=train_gen.nb_sample, nb_epoch=num_epochs,
                      validation_data=val_gen, nb_val_samples=val_gen.nb_sample)


def main(model):
    gen = ImageDataGenerator()
    train = gen.flow_from_directory('data/train', target_size=(64, 64), batch_size=32)
    val = gen.flow_from_directory('data/val', target_size=(64, 64), batch_size=32)
    train_net(net=model, train_gen=train, val_gen=val, num_epochs=10)
'''


def test_iterators_passed_as_parameters_are_read_from_their_callers(tmp_path):
    (tmp_path / "train.py").write_text(FIT_BY_PARAMETER)
    stderr = migrated_twice(tmp_path, "train.py")
    train = (tmp_path / "train.py").read_text()
    assert "self.model.fit(batches, steps_per_epoch=len(batches), epochs=epochs)" in train
    assert "net.fit(x=train_gen, steps_per_epoch=len(train_gen), epochs=num_epochs," in train
    assert "validation_data=val_gen, validation_steps=len(val_gen))" in train
    assert stderr.count("FM219") == 3  # each rests on the calls in this module: a warning says which


def test_callers_that_disagree_leave_the_call(tmp_path):
    source = FIT_BY_PARAMETER + "\n\ndef other(model, gen):\n    train_net(model, gen(), None, 2)\n"
    (tmp_path / "train.py").write_text(source)
    stderr = migrated_twice(tmp_path, "train.py")
    train = (tmp_path / "train.py").read_text()
    assert "net.fit_generator(generator=train_gen," in train
    assert "its callers do not give one provable kind of value (line 25: an ImageDataGenerator flow; line 29: parameter 'gen' of other() is given by its callers, and no call in this project gives it)" in stderr


def test_wrappers_that_hand_on_args_and_kwargs_return_what_they_wrap(tmp_path):
    (tmp_path / "train.py").write_text(
        "from keras.preprocessing.image import ImageDataGenerator\n\n\n"
        "class Data:\n    def __init__(self):\n        self.datagen = ImageDataGenerator(rescale=1. / 255)\n\n"
        "    def get_train_datagen(self, *args, **kwargs):\n"
        "        return self.datagen.flow_from_directory(*args, **kwargs)\n\n\n"
        "train = Data().get_train_datagen('data/train', target_size=(64, 64), batch_size=8)\n"
        "model.fit_generator(train, samples_per_epoch=train.n, nb_epoch=2)\n")
    migrated_twice(tmp_path, "train.py")
    assert "model.fit(train, steps_per_epoch=len(train), epochs=2)" in (tmp_path / "train.py").read_text()


MODELS = '''from keras.models import Sequential
from keras.layers import Dense


def build_model():
    model = Sequential()
    model.add(Dense(16, input_shape=(8,), activation="relu"))
    model.add(Dense(3, activation="softmax"))
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model
'''


def test_a_model_built_in_another_module_declares_the_signature(tmp_path):
    (tmp_path / "models.py").write_text(MODELS)
    (tmp_path / "train.py").write_text(
        "import numpy as np\nfrom models import *\n\n\ndef batches(rows):\n    while True:\n"
        "        yield np.array(rows), np.array(rows)\n\n\nmodel = build_model()\n"
        "model.fit_generator(batches(load()), steps_per_epoch=10, epochs=2)\n")
    stderr = migrated_twice(tmp_path, "--select", "ALL", "train.py")
    train = (tmp_path / "train.py").read_text()
    assert "tf.TensorSpec(shape=(None, 8), dtype=tf.float32)" in train
    assert "tf.TensorSpec(shape=(None, 3), dtype=tf.float32)" in train
    assert "FM212" in stderr and "(in the module that builds it)" in stderr
    assert (tmp_path / "models.py").read_text() == MODELS


TRAINER = """def train(model, batches, epochs):
    model.fit_generator(batches, samples_per_epoch=batches.n, nb_epoch=epochs)
"""
RUN_A = """from keras.preprocessing.image import ImageDataGenerator
from trainer import train

flow = ImageDataGenerator().flow_from_directory("data", target_size=(32, 32))
train(model, flow, 2)
"""
RUN_B = """import trainer
from keras.preprocessing.image import ImageDataGenerator

trainer.train(model, ImageDataGenerator().flow_from_directory("val", target_size=(32, 32)), 1)
"""


def test_callers_in_other_modules_are_read_whichever_file_is_named(tmp_path):
    (tmp_path / "setup.py").write_text("")  # the project root
    (tmp_path / "trainer.py").write_text(TRAINER)
    (tmp_path / "run_a.py").write_text(RUN_A)
    (tmp_path / "run_b.py").write_text(RUN_B)
    stderr = migrated_twice(tmp_path, "trainer.py")  # the callers are read from disk: not named
    assert "model.fit(batches, steps_per_epoch=len(batches), epochs=epochs)" in (tmp_path / "trainer.py").read_text()
    assert "(run_a.py:5, run_b.py:4)" in stderr


def test_a_caller_in_another_module_that_gives_something_else_leaves_the_call(tmp_path):
    (tmp_path / "setup.py").write_text("")
    (tmp_path / "trainer.py").write_text(TRAINER)
    (tmp_path / "run_a.py").write_text(RUN_A)
    (tmp_path / "run_b.py").write_text(RUN_B + "trainer.train(model, load_other(), 1)\n")
    stderr = migrated_twice(tmp_path, "trainer.py")
    assert (tmp_path / "trainer.py").read_text() == TRAINER
    assert "run_b.py:5: 'load_other' has no value the analyzer can see" in stderr


def test_a_result_read_from_callers_across_the_project_is_not_cached(tmp_path):
    (tmp_path / "setup.py").write_text("")
    (tmp_path / "trainer.py").write_text(TRAINER)
    (tmp_path / "run_a.py").write_text(RUN_A)
    first = subprocess.run([sys.executable, "-m", "fitmigrate", "migrate", "--diff", "trainer.py"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
    assert "steps_per_epoch=len(batches)" in first.stdout, first.stderr
    (tmp_path / "run_c.py").write_text("from trainer import train\ntrain(model, load_other(), 1)\n")  # a new caller
    second = subprocess.run([sys.executable, "-m", "fitmigrate", "migrate", "--diff", "trainer.py"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert second.stdout == "" and "run_c.py:2" in second.stderr, second.stderr
