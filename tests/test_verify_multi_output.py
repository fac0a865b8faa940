"""``verify`` on multi-output models: every head's labels against its own loss, whatever form the losses take.

The losses are read by ``intercept.loss_heads`` from real Keras 3 and tf_keras models, in this process (cheap);
two end-to-end runs of ``fitmigrate verify`` (one per framework) check the report.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.tensorflow

keras = pytest.importorskip("keras")
tf_keras = pytest.importorskip("tf_keras")

from fitmigrate.harness import checks  # noqa: E402
from fitmigrate.harness.intercept import loss_heads, model_outputs  # noqa: E402

CASES = Path(__file__).parent / "verify_cases"

rng = np.random.default_rng(0)
X = rng.random((16, 4)).astype("float32")
IDS = rng.integers(0, 3, 16)
ONE_HOT = np.eye(3, dtype="float32")[IDS]
AGES = rng.random((16, 1)).astype("float32")
BOXES = rng.random((16, 4)).astype("float32")


def two_heads(k=keras, outputs_as="dict", cls_activation="softmax"):
    """A class head `cls` (3 units) and a regression head `reg` (1 unit), as in detection or age/gender code."""
    inputs = k.Input((4,), name="image")
    hidden = k.layers.Dense(8, activation="relu")(inputs)
    cls = k.layers.Dense(3, activation=cls_activation, name="cls")(hidden)
    reg = k.layers.Dense(1, name="reg")(hidden)
    return k.Model(inputs, {"cls": cls, "reg": reg} if outputs_as == "dict" else [cls, reg])


def compiled(model, loss, **options):
    model.compile("adam", loss=loss, **options)
    return model


def iou_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.abs(y_true - y_pred))


class FocalLoss(keras.losses.Loss):
    def call(self, y_true, y_pred):
        return keras.ops.mean(keras.ops.abs(y_true - y_pred))


class Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.cls = keras.layers.Dense(3, activation="softmax")
        self.reg = keras.layers.Dense(1)

    def call(self, x):
        return {"cls": self.cls(x), "reg": self.reg(x)}


def nested():
    inputs = keras.Input((4,), name="image")
    hidden = keras.layers.Dense(8)(inputs)
    detect = {"cls": keras.layers.Dense(3, activation="softmax", name="cls")(hidden),
              "box": keras.layers.Dense(4, name="box")(hidden)}
    return keras.Model(inputs, {"det": detect, "age": keras.layers.Dense(1, name="age")(hidden)})


def sequential(k=keras, activation="softmax", units=3):
    return k.Sequential([k.Input((4,)), k.layers.Dense(units, activation=activation, name="probs")])


def heads_of(model, y):
    found = loss_heads(model, X, [y])
    assert found is not None, "the framework's own matching failed"
    return found[0]


def summary(pairs):
    return [(head.name, head.loss, head.weight, np.shape(labels)) for head, labels in pairs]


# --- reading the losses, output by output ----------------------------------------------------------

@pytest.mark.parametrize("build, y, expected", [
    pytest.param(lambda: compiled(sequential(), "categorical_crossentropy"), ONE_HOT,
                 [("probs", "categorical_crossentropy", None, (16, 3))], id="string"),
    pytest.param(lambda: compiled(sequential(), keras.losses.sparse_categorical_crossentropy), IDS,
                 [("probs", "sparse_categorical_crossentropy", None, (16,))], id="function"),
    pytest.param(lambda: compiled(sequential(), keras.losses.CategoricalCrossentropy(label_smoothing=0.1)), ONE_HOT,
                 [("probs", "categorical_crossentropy", None, (16, 3))], id="Loss instance"),
    pytest.param(lambda: compiled(sequential(units=1, activation="sigmoid"), "bce", loss_weights=0.5), IDS % 2,
                 [("probs", "binary_crossentropy", 0.5, (16,))], id="alias and a float loss weight"),
    pytest.param(lambda: compiled(two_heads(), {"cls": "categorical_crossentropy", "reg": "mse"}),
                 {"cls": ONE_HOT, "reg": AGES},
                 [("cls", "categorical_crossentropy", None, (16, 3)), ("reg", "mean_squared_error", None, (16, 1))],
                 id="dict keyed by output name"),
    pytest.param(lambda: compiled(two_heads(outputs_as="list"), {"reg": "mae", "cls": "categorical_crossentropy"}),
                 (ONE_HOT, AGES),
                 [("cls", "categorical_crossentropy", None, (16, 3)), ("reg", "mean_absolute_error", None, (16, 1))],
                 id="dict for list outputs, by output name"),
    pytest.param(lambda: compiled(two_heads(outputs_as="list"), ["sparse_categorical_crossentropy", "huber"]),
                 [IDS, AGES],
                 [("cls", "sparse_categorical_crossentropy", None, (16,)), ("reg", "huber", None, (16, 1))],
                 id="list in output order"),
    pytest.param(lambda: compiled(two_heads(outputs_as="list"), ["categorical_crossentropy", "mse"]),
                 {"reg": AGES, "cls": ONE_HOT},
                 [("cls", "categorical_crossentropy", None, (16, 3)), ("reg", "mean_squared_error", None, (16, 1))],
                 id="labels as a dict for list outputs"),
    pytest.param(lambda: compiled(two_heads(), {"cls": "categorical_crossentropy", "reg": "mse"},
                                  loss_weights={"reg": 0.5, "cls": 2.0}), {"cls": ONE_HOT, "reg": AGES},
                 [("cls", "categorical_crossentropy", 2.0, (16, 3)), ("reg", "mean_squared_error", 0.5, (16, 1))],
                 id="loss_weights dict"),
    pytest.param(lambda: compiled(two_heads(outputs_as="list"), ["categorical_crossentropy", "mse"],
                                  loss_weights=[1.0, 0.25]), (ONE_HOT, AGES),
                 [("cls", "categorical_crossentropy", 1.0, (16, 3)), ("reg", "mean_squared_error", 0.25, (16, 1))],
                 id="loss_weights list"),
    pytest.param(lambda: compiled(nested(), {"det": {"cls": "sparse_categorical_crossentropy", "box": "huber"},
                                             "age": "mae"}, loss_weights={"det": {"cls": 1.0, "box": 2.0}, "age": 0.1}),
                 {"det": {"cls": IDS, "box": BOXES}, "age": AGES},
                 [("det/box", "huber", 2.0, (16, 4)), ("det/cls", "sparse_categorical_crossentropy", 1.0, (16,)),
                  ("age", "mean_absolute_error", 0.1, (16, 1))], id="nested"),
    pytest.param(lambda: compiled(two_heads(), "mse"), {"cls": ONE_HOT, "reg": AGES},
                 [("cls", "mean_squared_error", None, (16, 3)), ("reg", "mean_squared_error", None, (16, 1))],
                 id="one loss for every output"),
    pytest.param(lambda: compiled(two_heads(outputs_as="list"), ["categorical_crossentropy", None]), (ONE_HOT, AGES),
                 [("cls", "categorical_crossentropy", None, (16, 3))], id="an output without a loss"),
    pytest.param(lambda: compiled(two_heads(), {"cls": "crossentropy", "reg": iou_loss}), {"cls": IDS, "reg": AGES},
                 [("cls", "sparse_categorical_crossentropy", None, (16,)), ("reg", "iou_loss", None, (16, 1))],
                 id="crossentropy shorthand and a custom function"),
    pytest.param(lambda: compiled(two_heads(), {"cls": "categorical_crossentropy", "reg": FocalLoss()}),
                 {"cls": ONE_HOT, "reg": AGES},
                 [("cls", "categorical_crossentropy", None, (16, 3)), ("reg", "focal_loss", None, (16, 1))],
                 id="a custom Loss object"),
    pytest.param(lambda: compiled(Subclassed(), {"cls": "categorical_crossentropy", "reg": "mse"}),
                 {"cls": ONE_HOT, "reg": AGES},
                 [("cls", "categorical_crossentropy", None, (16, 3)), ("reg", "mean_squared_error", None, (16, 1))],
                 id="subclassed model"),
])
def test_keras3_losses_are_read_as_keras_resolves_them(build, y, expected):
    assert summary(heads_of(build(), y)) == expected


@pytest.mark.parametrize("build, y, expected", [
    pytest.param(lambda: compiled(sequential(tf_keras), "categorical_crossentropy"), ONE_HOT,
                 [("probs", "categorical_crossentropy", None, (16, 3))], id="string"),
    pytest.param(lambda: compiled(two_heads(tf_keras), {"cls": "categorical_crossentropy", "reg": "mse"},
                                  loss_weights={"cls": 1.0, "reg": 0.5}), {"cls": IDS, "reg": AGES},
                 [("cls", "categorical_crossentropy", 1.0, (16,)), ("reg", "mean_squared_error", 0.5, (16, 1))],
                 id="dict and loss_weights"),
    pytest.param(lambda: compiled(two_heads(tf_keras, outputs_as="list"),
                                  {"cls": tf_keras.losses.SparseCategoricalCrossentropy(), "reg": "mae"},
                                  loss_weights=[1.0, 0.2]), {"cls": IDS, "reg": AGES},
                 [("cls", "sparse_categorical_crossentropy", 1.0, (16,)), ("reg", "mean_absolute_error", 0.2, (16, 1))],
                 id="Loss instance in a dict for list outputs"),
    pytest.param(lambda: compiled(two_heads(tf_keras, outputs_as="list"),
                                  [tf_keras.losses.categorical_crossentropy, iou_loss]), [ONE_HOT, AGES],
                 [("cls", "categorical_crossentropy", None, (16, 3)), ("reg", "iou_loss", None, (16, 1))],
                 id="list of functions"),
])
def test_tf_keras_losses_are_read_as_tf_keras_resolves_them(build, y, expected):
    assert summary(heads_of(build(), y)) == expected


def test_each_head_knows_its_output_layer():
    model = compiled(two_heads(cls_activation=None), {"cls": keras.losses.CategoricalCrossentropy(from_logits=True),
                                                      "reg": "mse"})
    (cls, _), (reg, _) = heads_of(model, {"cls": ONE_HOT, "reg": AGES})
    assert (cls.shape, cls.activation, cls.from_logits) == ((None, 3), "linear", True)
    assert (reg.shape, reg.activation, reg.from_logits) == ((None, 1), "linear", False)
    softmax_layer = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Softmax()])
    (head, _), = heads_of(compiled(softmax_layer, "categorical_crossentropy"), ONE_HOT)
    assert head.activation == "softmax"
    (head, _), = heads_of(compiled(Subclassed(), {"cls": "categorical_crossentropy", "reg": "mse"}),
                          {"cls": ONE_HOT, "reg": AGES})[:1]
    assert head.activation is None  # a subclassed model's layers are not known from its outputs: no judgment


def test_labels_keras_cannot_match_leave_the_plain_reading():
    model = compiled(two_heads(), {"cls": "categorical_crossentropy", "reg": "mse"})
    assert loss_heads(model, X, [{"cls": ONE_HOT}]) is None
    result = checks.check_encoding({"cls": ONE_HOT}, checks.loss_name(model.loss), model_outputs(model, X))
    assert result.status == checks.FAIL and "y has no entry for the output 'reg'" in result.message


@pytest.mark.parametrize("k", [keras, tf_keras], ids=["keras 3", "tf_keras"])
def test_the_tracked_loss_dict_is_read_by_name_not_as_a_wrapper(k):
    model = compiled(two_heads(k), {"cls": "categorical_crossentropy", "reg": "mse"})
    assert type(model.loss).__name__ == "_DictWrapper"  # what compile keeps: the reason '_dict_wrapper' was reported
    assert checks.loss_name(model.loss) == {"cls": "categorical_crossentropy", "reg": "mean_squared_error"}
    listed = compiled(two_heads(k, outputs_as="list"), ["categorical_crossentropy", "mse"])
    assert checks.loss_name(listed.loss) == ["categorical_crossentropy", "mean_squared_error"]


# --- verdicts per head -----------------------------------------------------------------------------

@pytest.mark.parametrize("k", [keras, tf_keras], ids=["keras 3", "tf_keras"])
def test_class_ids_to_the_categorical_head_fail_that_head(k):
    model = compiled(two_heads(k), {"cls": "categorical_crossentropy", "reg": "mse"}, loss_weights={"cls": 1, "reg": .5})
    bad = checks.check_heads(heads_of(model, {"cls": IDS, "reg": AGES}))
    assert bad.status == checks.FAIL
    assert bad.message == ("output 'cls': labels are integer class ids of shape (16,) but categorical_crossentropy "
                           "needs one-hot rows of width 3: wrap them in keras.utils.to_categorical(y, 3), or compile "
                           "with sparse_categorical_crossentropy")
    good = checks.check_heads(heads_of(model, {"cls": ONE_HOT, "reg": AGES}))
    assert good.status == checks.PASS
    assert good.message == ("output 'cls': one-hot rows of width 3 match the 3-unit output of categorical_crossentropy; "
                            "output 'reg' (loss weight 0.5): numeric labels of shape (16, 1) match the (None, 1) output")


@pytest.mark.parametrize("build, y, status, phrases", [
    pytest.param(lambda: compiled(two_heads(outputs_as="list"), ["sparse_categorical_crossentropy", "mse"]),
                 [ONE_HOT, AGES], checks.FAIL, ["output 'cls': labels are one-hot rows of width 3",
                                                "np.argmax(y, axis=-1)"], id="list: one-hot to the sparse head"),
    pytest.param(lambda: compiled(two_heads(outputs_as="list"), ["sparse_categorical_crossentropy", "mse"]),
                 [IDS, BOXES], checks.FAIL, ["output 'reg': labels have shape (16, 4) but the output is (None, 1)",
                                             "broadcasts"], id="list: regression labels of the wrong width"),
    pytest.param(lambda: compiled(two_heads(), {"cls": "categorical_crossentropy", "reg": iou_loss}),
                 {"cls": ONE_HOT, "reg": AGES}, checks.PASS,
                 ["output 'cls': one-hot rows", "output 'reg': no label rule for the loss 'iou_loss'"],
                 id="custom function: skipped by its own name"),
    pytest.param(lambda: compiled(two_heads(), {"cls": "categorical_crossentropy", "reg": FocalLoss()}),
                 {"cls": IDS, "reg": AGES}, checks.FAIL, ["output 'cls': labels are integer class ids"],
                 id="custom object beside a failing head"),
    pytest.param(lambda: compiled(two_heads(cls_activation=None), {"cls": "categorical_crossentropy", "reg": "mse"}),
                 {"cls": ONE_HOT, "reg": AGES}, checks.FAIL,
                 ["output 'cls': the output layer's activation is linear", "from_logits=True"],
                 id="linear head with a probability loss"),
    pytest.param(lambda: compiled(two_heads(cls_activation=None),
                                  {"cls": keras.losses.CategoricalCrossentropy(from_logits=True), "reg": "mse"}),
                 {"cls": ONE_HOT, "reg": AGES}, checks.PASS, ["output 'cls': one-hot rows"],
                 id="linear head with from_logits=True"),
    pytest.param(lambda: compiled(nested(), {"det": {"cls": "categorical_crossentropy", "box": "huber"}, "age": "mae"}),
                 {"det": {"cls": IDS, "box": BOXES}, "age": AGES}, checks.FAIL,
                 ["output 'det/cls': labels are integer class ids"], id="nested"),
    pytest.param(lambda: compiled(sequential(units=1), "binary_crossentropy"), IDS % 2, checks.FAIL,
                 ["softmax to 1 unit", "activation='sigmoid'"], id="softmax over one unit"),
])
def test_each_head_passes_or_fails_on_its_own(build, y, status, phrases):
    result = checks.check_heads(heads_of(build(), y))
    assert result.status == status, result.message
    for phrase in phrases:
        assert phrase in result.message


def test_alignment_is_checked_per_head():
    model = compiled(two_heads(outputs_as="list"), ["categorical_crossentropy", "mse"])
    good = heads_of(model, [ONE_HOT, AGES])
    passed = checks.check_alignment(X, [ONE_HOT, AGES], heads=good)
    assert passed.status == checks.PASS
    assert passed.message == "x and y both have 16 rows (the labels of every output: 'cls', 'reg')"
    short = heads_of(model, [ONE_HOT, AGES[:8]])
    failed = checks.check_alignment(X, [ONE_HOT, AGES[:8]], heads=short)
    assert failed.status == checks.FAIL and failed.message.startswith("x has 16 rows but y of output 'reg' has 8")


# --- end to end ------------------------------------------------------------------------------------

def verify(script: str, **env: str) -> dict:
    environment = {key: value for key, value in os.environ.items() if key != "TF_USE_LEGACY_KERAS"}
    done = subprocess.run([sys.executable, "-m", "fitmigrate", "verify", "--json", script], cwd=CASES,
                          capture_output=True, text=True, timeout=240, env={**environment, **env})
    assert done.returncode == 1, done.stdout + done.stderr
    document = json.loads(done.stdout)
    assert document["error"] is None, document
    expected = {number: match.group(1) for number, line in enumerate((CASES / script).read_text().splitlines(), 1)
                if (match := re.search(r"\)  # expect: (\w+)$", line))}
    calls = {call["line"]: call for call in document["calls"]}
    assert set(calls) == set(expected)
    for line, check_id in expected.items():
        failed = {check["id"] for check in calls[line]["checks"] if check["status"] == "fail"}
        assert failed == (set() if check_id == "nothing" else {check_id, "smoke"}), calls[line]
    return {line: {check["id"]: check["message"] for check in call["checks"]} for line, call in calls.items()}


def line_of(script: str, marker: str) -> int:
    return next(n for n, line in enumerate((CASES / script).read_text().splitlines(), 1) if marker in line)


def test_verify_reports_each_head_of_a_keras3_model():
    messages = verify("multi_output.py")
    at = lambda marker: messages[line_of("multi_output.py", marker)]  # noqa: E731
    assert at("dataset(CLASS_IDS, IDS_SPEC)")["encoding"].startswith(
        "output 'cls': labels are integer class ids of shape (16,) but categorical_crossentropy needs one-hot rows "
        "of width 3: wrap them in keras.utils.to_categorical(y, 3)")
    assert at("reg_rows=8")["alignment"].startswith("x has 16 rows but y of output 'reg' has 8")
    assert "output 'reg': no label rule for the loss 'age_error'" in at("[CLASS_IDS, AGES]")["encoding"]
    assert at("[ONE_HOT, AGES]")["encoding"].startswith("output 'cls': labels are one-hot rows of width 3 but "
                                                        "sparse_categorical_crossentropy needs integer class ids")
    assert "output 'reg' (loss weight 0.5): numeric labels" in at("dataset(ONE_HOT, ONE_HOT_SPEC), ")["encoding"]


def test_verify_reports_each_head_of_a_tf_keras_model():
    messages = verify("multi_output_tf_keras.py", TF_USE_LEGACY_KERAS="1")
    failed = messages[line_of("multi_output_tf_keras.py", '"age": CLASS_IDS')]
    assert failed["encoding"].startswith("output 'age': labels are integer class ids of shape (16,) but "
                                         "categorical_crossentropy needs one-hot rows of width 3")
    passed = messages[line_of("multi_output_tf_keras.py", '"age": ONE_HOT')]
    assert "output 'gender' (loss weight 0.5): labels in [0, 1]" in passed["encoding"]
