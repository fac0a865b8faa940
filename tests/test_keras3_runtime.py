"""The Keras 3 rules against the installed Keras 3, in one child process (one TensorFlow import):

- the tables of ``keras3_api`` are what Keras 3 serves, and every name and keyword a rule writes exists;
- ``decay=`` and the ``InverseTimeDecay`` schedule migrate writes train alike (Keras 2's legacy optimizers
  of tf_keras as the reference), and float64 one-hot labels (Keras 3's to_categorical) train as float32 ones;
- the 2016-2018 scripts of ``tests/keras3_scripts`` (Keras 1 and 2 spellings, ImageDataGenerator flows with
  transforms, flow_from_directory over PNG files, an OpenCV loader, a text LSTM) run after ``migrate`` under
  plain Keras 3, tf_keras never imported while they run; ``check`` on the originals names every break each
  declares (``# breaks:``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fitmigrate.check import check_bytes
from fitmigrate.migrate import migrate_bytes
from fitmigrate.rules import rule_for

SCRIPTS = sorted((Path(__file__).parent / "keras3_scripts").glob("*.py"))
ROOT = Path(__file__).resolve().parent.parent

CHILD = r'''
import importlib, inspect, json, os, runpy, sys, traceback
os.environ.pop("TF_USE_LEGACY_KERAS", None)
import numpy as np
import keras
import tensorflow as tf
from fitmigrate.analysis import keras3_api, keras3_breaks

report = {"keras": keras.__version__}


def resolve(path):
    root, *rest = path.split(".")
    obj = importlib.import_module(root)
    for part in rest:
        obj = getattr(obj, part)
    return obj


# The scripts first, while nothing has imported tf_keras.
runs = {}
for script in json.loads(sys.argv[1]):
    os.chdir(os.path.dirname(script))
    try:
        runpy.run_path(script, run_name="__main__")
        runs[script] = None
    except BaseException:
        runs[script] = traceback.format_exc()[-3000:]
    keras.backend.clear_session()
    keras.backend.set_image_data_format("channels_last")
report["runs"] = runs
report["tf_keras_loaded"] = "tf_keras" in sys.modules

tables = {}
for module, names in keras3_api.SERVED.items():
    public = {n for n in dir(resolve(module)) if not n.startswith("_")}
    tables[module] = [sorted(names - public), sorted(public - names)]
report["tables"] = tables

missing = []
for path in keras3_breaks.written_names():
    try:
        resolve(path)
    except (AttributeError, ImportError):
        missing.append(path)
report["missing_names"] = missing

present = []  # what a diagnostic says Keras 3 lacks, and Keras 3 has
for path in keras3_breaks.said_missing():
    try:
        importlib.import_module(path)
    except ImportError:
        pass
    else:
        present.append(path)
        continue
    try:
        resolve(path)
        present.append(path)
    except (AttributeError, ImportError):
        pass
report["said_missing_but_present"] = present

base = {"input_shape", "input_dim", "batch_size", "dtype", "name", "trainable"}
keras.layers.LSTM(3, input_shape=(5, 4))  # the base Layer takes input_shape
popped = {"keras.layers.LSTM": {"implementation"}, "keras.layers.GRU": {"implementation"}}  # taken from **kwargs
for path, keywords in popped.items():
    resolve(path)(3, **{keyword: 2 for keyword in keywords})
rejected = []
for path, keywords in keras3_breaks.written_arguments().items():
    obj = resolve(path)
    if obj is keras.models.Model:  # Model(inputs=, outputs=) is the functional model's constructor
        obj = resolve("keras.src.models.functional.Functional")
    signature = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
    accepted = set(signature.parameters) | popped.get(path, set()) | (
        base if inspect.isclass(obj) and issubclass(obj, keras.layers.Layer) else set())
    rejected += [f"{path}({keyword}=)" for keyword in sorted(keywords - accepted)]
report["rejected_keywords"] = rejected

# keras3_api.SIGNATURES: the positions are Keras 3's, and every further keyword is taken (by the
# constructor, the base Layer, or popped from **kwargs).
layer_params = set(inspect.signature(keras.layers.Layer.__init__).parameters) | {"input_dim", "input_shape"}
signatures = []
for path, (positional, extra) in keras3_api.SIGNATURES.items():
    obj = resolve(path)
    params = [p for p in inspect.signature(obj.__init__).parameters.values() if p.name != "self"]
    order = tuple(p.name for p in params if p.kind == p.POSITIONAL_OR_KEYWORD)
    if order != positional:
        signatures.append(f"{path}: positions {order} != table {positional}")
    source = inspect.getsource(obj.__init__)
    for keyword in sorted(extra - set(order)):
        taken = keyword in {p.name for p in params} or (issubclass(obj, keras.layers.Layer) and keyword in layer_params)
        if not taken and f'kwargs.pop("{keyword}"' not in source:
            signatures.append(f"{path}({keyword}=) is not taken")
for path, positional in keras3_api.OPS_SIGNATURES.items():
    order = tuple(p.name for p in inspect.signature(resolve(path)).parameters.values()
                  if p.kind == p.POSITIONAL_OR_KEYWORD)
    if order != positional:
        signatures.append(f"{path}: positions {order} != table {positional}")
report["signatures"] = signatures

# The Keras 3 defaults the legacy tables say a Keras 1/2 default was changed to (LegacyLayer.legacy_defaults).
from fitmigrate.legacy.layers import LAYERS
changed = []
for name, layer in LAYERS.items():
    for param, (_, new) in layer.legacy_defaults.items():
        default = inspect.signature(resolve(f"keras.layers.{name}").__init__).parameters[param].default
        if repr(default) != new:
            changed.append(f"{name}({param}=): Keras 3's default is {default!r}, the table says {new}")
report["legacy_defaults"] = changed

# decay= (Keras 2) against the schedule migrate writes (Keras 3), on the same least-squares problem.
rng = np.random.default_rng(0)
x = rng.normal(size=(64, 5)).astype("float32")
y = rng.normal(size=(64, 1)).astype("float32")
w0 = rng.normal(size=(5, 1)).astype("float32")


def train(optimizer, variable):
    for _ in range(50):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((tf.matmul(x, variable) - y) ** 2)
        optimizer.apply_gradients(zip(tape.gradient(loss, [variable]), [variable]))
    return variable.numpy()


schedule = keras.optimizers.schedules.InverseTimeDecay
decay = {}
try:
    import tf_keras
except ImportError:
    tf_keras = None
for name, extra in (("SGD", {"momentum": 0.9, "nesterov": True}), ("Adam", {}), ("RMSprop", {})):
    new = train(getattr(keras.optimizers, name)(learning_rate=schedule(0.05, decay_steps=1, decay_rate=0.1), **extra),
                keras.Variable(w0))
    constant = train(getattr(keras.optimizers, name)(learning_rate=0.05, **extra), keras.Variable(w0))
    entry = {"without_decay": float(np.abs(new - constant).max())}
    if tf_keras is not None:
        legacy = train(getattr(tf_keras.optimizers.legacy, name)(learning_rate=0.05, decay=0.1, **extra),
                       tf.Variable(w0))
        entry["legacy"] = float(np.abs(new - legacy).max())
    decay[name] = entry
report["decay"] = decay


def fit(dtype):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
    features = np.random.RandomState(1).rand(64, 4).astype("float32")
    labels = keras.utils.to_categorical(np.arange(64) % 3, 3).astype(dtype)
    history = model.fit(features, labels, epochs=2, batch_size=8, verbose=0)
    return [w.tobytes().hex() for w in model.get_weights()], history.history


report["labels_float64_same_as_float32"] = fit("float64") == fit("float32")
report["to_categorical_dtype"] = str(keras.utils.to_categorical([0, 1], 2).dtype)
print("FITMIGRATE-REPORT " + json.dumps(report))
'''


def _declared(path: Path) -> set:
    found = re.search(r"^# breaks: (.*)$", path.read_text(), re.M)
    assert found, f"{path.name} declares no `# breaks:` line"
    return set(found.group(1).split())


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_check_names_every_break_of_the_original(path):
    findings = check_bytes(path.read_bytes(), path.name).findings
    codes = {f.diagnostic.code for f in findings if rule_for(f.diagnostic.code).SEVERITY != "info"}
    assert codes == _declared(path)


@pytest.fixture(scope="module")
def runtime(tmp_path_factory):
    pytest.importorskip("tensorflow")
    pytest.importorskip("scipy", reason="ImageDataGenerator's transforms need scipy")
    pytest.importorskip("PIL", reason="flow_from_directory needs Pillow")
    folder = tmp_path_factory.mktemp("keras3_scripts")
    migrated = []
    for path in SCRIPTS:
        if b"import cv2" in path.read_bytes():
            try:
                import cv2  # noqa: F401
            except ImportError:
                continue
        outcome = migrate_bytes(path.read_bytes(), path.name)
        assert outcome.error is None and outcome.new is not None, [d.format() for d in outcome.diagnostics]
        assert not migrate_bytes(outcome.new, path.name).changed, f"{path.name}: a second run changes it"
        target = folder / path.stem / path.name
        target.parent.mkdir()
        target.write_bytes(outcome.new)
        migrated.append(str(target))
    env = {k: v for k, v in os.environ.items() if k != "TF_USE_LEGACY_KERAS"}
    env.update(TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", CHILD, json.dumps(migrated)], env=env, capture_output=True,
                            text=True, timeout=600, cwd=folder)
    lines = [line for line in result.stdout.splitlines() if line.startswith("FITMIGRATE-REPORT ")]
    assert result.returncode == 0 and lines, result.stderr[-3000:]
    report = json.loads(lines[-1][len("FITMIGRATE-REPORT "):])
    shutil.rmtree(folder, ignore_errors=True)
    return report


@pytest.mark.tensorflow
def test_migrated_scripts_run_under_plain_keras3(runtime):
    assert runtime["keras"].startswith("3")
    failed = {Path(script).name: error for script, error in runtime["runs"].items() if error is not None}
    assert not failed, "\n\n".join(f"{name}:\n{error}" for name, error in failed.items())
    assert len(runtime["runs"]) >= len(SCRIPTS) - 1
    assert not runtime["tf_keras_loaded"], "a migrated script needed tf_keras"


@pytest.mark.tensorflow
def test_tables_are_what_keras3_serves(runtime):
    wrong = {module: lists for module, lists in runtime["tables"].items() if lists != [[], []]}
    assert not wrong, f"keras3_api.SERVED differs from the installed Keras (table-only, Keras-only): {wrong}"


@pytest.mark.tensorflow
def test_every_name_and_keyword_a_rule_writes_exists(runtime):
    assert runtime["missing_names"] == []
    assert runtime["rejected_keywords"] == [], "\n".join(runtime["rejected_keywords"])


@pytest.mark.tensorflow
def test_keras3_signatures_are_what_keras3_declares(runtime):
    assert runtime["signatures"] == [], "\n".join(runtime["signatures"])


@pytest.mark.tensorflow
def test_the_keras3_defaults_of_the_legacy_tables_are_keras3s(runtime):
    assert runtime["legacy_defaults"] == []


@pytest.mark.tensorflow
def test_every_name_said_missing_is_missing(runtime):
    """``keras.wrappers`` was said not to exist: Keras 3.15 has it (SKLearnClassifier, ...)."""
    assert runtime["said_missing_but_present"] == []


@pytest.mark.tensorflow
def test_inverse_time_decay_is_keras2_decay(runtime):
    for name, entry in runtime["decay"].items():
        assert entry["without_decay"] > 1e-3, f"{name}: the schedule made no difference"
        if "legacy" in entry:
            assert entry["legacy"] < 1e-5, f"{name}: {entry}"
    if "legacy" in runtime["decay"]["SGD"]:
        assert runtime["decay"]["SGD"]["legacy"] == 0.0


@pytest.mark.tensorflow
def test_keras3_one_hot_labels_are_float64_and_train_as_float32(runtime):
    assert runtime["to_categorical_dtype"] == "float64"
    assert runtime["labels_float64_same_as_float32"]
