"""The five verify checks as pure numpy functions: every pass, fail and skip path, no TensorFlow."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

from fitmigrate.harness import checks
from fitmigrate.harness.checks import (FAIL, PASS, SKIP, Head, SmokeOutcome, StepCount, check_alignment,
                                       check_encoding, check_heads, check_signature, check_smoke, check_steps, loss_name,
                                       lossy_cast, split_batch)

rng = np.random.default_rng(0)
IMAGES = rng.random((32, 6, 6, 1)).astype("float32")
ONE_HOT = np.eye(10, dtype="float32")[rng.integers(0, 10, 32)]
IDS = rng.integers(0, 10, 32)
XY_SPEC = (((None, 6, 6, 1), "float32"), ((None, 10), "float32"))


def test_pure_checks_never_import_tensorflow():
    code = "import sys, fitmigrate.harness.checks; assert not {'tensorflow', 'keras'} & set(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)


# --- signature -------------------------------------------------------------------------------------

@pytest.mark.parametrize("samples, spec", [
    pytest.param([(IMAGES, ONE_HOT)] * 3, XY_SPEC, id="tuple of arrays"),
    pytest.param([({"a": IMAGES, "b": IDS}, ONE_HOT)], ({"a": ((None, 6, 6, 1), "float32"), "b": ((None,), "int64")},
                                                       ((None, 10), "float32")), id="dict inside the tuple"),
    pytest.param([(IMAGES, ONE_HOT)], ((None, "float32"), ((None, None), "float32")), id="unknown rank and dims"),
    pytest.param([(np.round(IMAGES * 255), IDS)], (((None, 6, 6, 1), "uint8"), ((None,), "int32")),
                 id="whole floats in range declared uint8 cast exactly"),
    pytest.param([(IMAGES.astype("float64"), ONE_HOT)], (((None, 6, 6, 1), "float32"), ((None, 10), "float32")),
                 id="float64 declared float32"),
    pytest.param([(IMAGES, IDS % 2 == 0)], (((None, 6, 6, 1), "float32"), ((None,), "float32")), id="bool to float"),
    pytest.param([(IMAGES, IDS % 2)], (((None, 6, 6, 1), "float32"), ((None,), "bool")), id="0/1 ints declared bool"),
    pytest.param([(IMAGES, np.array([b"cat", b"dog"] * 16))], (((None, 6, 6, 1), "float32"), ((None,), "string")),
                 id="bytes declared string"),
    pytest.param([([1.0, 2.0], 3)], (((2,), "float32"), ((), "int32")), id="python values"),
])
def test_signature_passes(samples, spec):
    result = check_signature(samples, spec)
    assert result.status == PASS, result.message
    assert result.id == "signature"


@pytest.mark.parametrize("samples, spec, expected", [
    pytest.param([(IMAGES, ONE_HOT)], (((None, 6, 6, 1), "int32"), ((None, 10), "float32")),
                 ["x: float values", "declared int32", "truncates", "becomes 0"], id="float pixels declared int32"),
    pytest.param([(np.array([1.0, np.nan]), IDS)], (((None,), "int64"), ((None,), "int64")),
                 ["NaN or inf", "int64"], id="nan declared integer"),
    pytest.param([(IMAGES, np.array([1, 2**40]))], (((None, 6, 6, 1), "float32"), ((None,), "int32")),
                 ["y: int64 values up to 1099511627776 do not fit int32", "tf.int64"], id="int64 overflows int32"),
    pytest.param([(IMAGES, np.array([-3, 2]))], (((None, 6, 6, 1), "float32"), ((None,), "uint8")),
                 ["negative values (e.g. -3) declared uint8", "wrap around"], id="negative declared unsigned"),
    pytest.param([(IMAGES, np.array([-300, 2]))], (((None, 6, 6, 1), "float32"), ((None,), "int8")),
                 ["down to -300 do not fit int8"], id="too negative for int8"),
    pytest.param([(IMAGES.astype("float64"), ONE_HOT)], (((None, 6, 6, 1), "float16"), ((None, 10), "float32")),
                 ["float64 values", "declared float16", "3 significant digits"], id="float64 declared float16"),
    pytest.param([(np.array([1e39]), IDS)], (((None,), "float32"), ((None,), "int64")),
                 ["overflow to inf"], id="float64 overflows float32"),
    pytest.param([(np.array([2**30 + 1]), IDS)], (((None,), "float32"), ((None,), "int64")),
                 ["integers above 16777216 are rounded"], id="large ints declared float32"),
    pytest.param([(np.array(["a", "b"]), IDS)], (((None,), "float32"), ((None,), "int64")),
                 ["text values declared float32"], id="strings declared numeric"),
    pytest.param([(IMAGES, IDS)], (((None, 6, 6, 1), "float32"), ((None,), "bool")),
                 ["values other than 0 and 1", "all become True"], id="class ids declared bool"),
    pytest.param([(IMAGES, ONE_HOT)], (((None, 6, 6, 1), "float32"), ((None, 10), "string")),
                 ["float32 values declared string"], id="numbers declared string"),
    pytest.param([[IMAGES, ONE_HOT]], XY_SPEC, ["element is a list", "tuple of 2", "yield a tuple"],
                 id="list yielded for a tuple"),
    pytest.param([IMAGES], XY_SPEC, ["element is a ndarray but output_signature declares a tuple of 2"],
                 id="array yielded for a tuple"),
    pytest.param([(IMAGES, ONE_HOT, ONE_HOT[:, 0])], XY_SPEC,
                 ["tuple of 3 (x, y, sample_weight) but output_signature declares 2"], id="extra sample weights"),
    pytest.param([({"a": IMAGES}, ONE_HOT)], ({"a": ((None, 6, 6, 1), "float32"), "b": ((None,), "int64")},
                                              ((None, 10), "float32")), ["x has keys ['a']", "lacks ['b']"],
                 id="dict key missing"),
    pytest.param([({"a": IMAGES, "c": IDS}, ONE_HOT)], ({"a": ((None, 6, 6, 1), "float32")}, ((None, 10), "float32")),
                 ["has undeclared ['c']"], id="dict key undeclared"),
    pytest.param([(IMAGES, ONE_HOT)], ({"a": ((None, 6, 6, 1), "float32")}, ((None, 10), "float32")),
                 ["x is a ndarray but output_signature declares a dict"], id="array for a dict"),
    pytest.param([(IMAGES, ONE_HOT)], (((None, 36), "float32"), ((None, 10), "float32")),
                 ["x has shape (32, 6, 6, 1) (rank 4)", "declares (None, 36) (rank 2)"], id="rank mismatch"),
    pytest.param([(IMAGES, ONE_HOT)], (((None, 6, 6, 3), "float32"), ((None, 10), "float32")),
                 ["dimension 3 is 1, not 3"], id="fixed dim mismatch"),
    pytest.param([(IMAGES, ONE_HOT), (IMAGES, ONE_HOT * 0.5 + 0.25)], (((None, 6, 6, 1), "float32"),
                                                                       ((None, 10), "int32")),
                 ["batch 2 of the generator", "y: float values"], id="only the second batch is lossy"),
    pytest.param([(IMAGES, [[1, 2], [3]])], (((None, 6, 6, 1), "float32"), ((None, None), "int32")),
                 ["cannot be made into one array"], id="ragged lists"),
])
def test_signature_fails(samples, spec, expected):
    result = check_signature(samples, spec)
    assert result.status == FAIL
    for part in expected:
        assert part in result.message, result.message


def _batch(time_steps, dtype="float32", rows=4):
    return np.zeros((rows, time_steps, 3), dtype=dtype), np.zeros((rows, 1))


@pytest.mark.parametrize("samples,expected", [
    pytest.param([_batch(5), _batch(5, rows=2), _batch(5)], "x float32 (None, 5, 3), y float64 (None, 1)",
                 id="batch length varies"),
    pytest.param([_batch(5), _batch(6), _batch(7)], "x float32 (None, None, 3)", id="dims the first two differ on"),
    pytest.param([((np.zeros((2, 3)), np.zeros((2, 1))), np.zeros((2, 1)))] * 3, "x[0] float64 (None, 3)",
                 id="tuple of inputs"),
])
def test_generator_batches_pass(samples, expected):
    result = checks.check_generator_batches(samples)
    assert result.status == PASS and expected in result.message, result.message


@pytest.mark.parametrize("samples,expected", [
    pytest.param([_batch(5), _batch(5), _batch(6)], "dimension 1 of x is 6 where the first two batches had 5",
                 id="a dim the first two agree on"),
    pytest.param([_batch(5), _batch(5), _batch(5, "float64")], "x is float64 where the first batch's is float32",
                 id="dtype changes"),
    pytest.param([[np.zeros((2, 3)), np.zeros((2, 1))]], "Keras 3 reads a generator's batch only as a tuple",
                 id="list batch"),
    pytest.param([([np.zeros((2, 3))], np.zeros((2, 1)))], "x is a list", id="list inside"),
    pytest.param([(np.zeros((2, 3)), 1.0)], "y is a single value", id="python number"),
])
def test_generator_batches_fail(samples, expected):
    result = checks.check_generator_batches(samples)
    assert result.status == FAIL and expected in result.message, result.message


def test_signature_without_samples_skips():
    assert check_signature([], XY_SPEC).status == SKIP


@given(hnp.arrays(np.int64, hnp.array_shapes(max_dims=2, max_side=5),
                  elements=st.integers(-2**40, 2**40)),
       st.sampled_from(["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64"]))
def test_integer_cast_is_lossy_exactly_when_a_round_trip_changes_a_value(values, target):
    with np.errstate(over="ignore"):
        exact = np.array_equal(values.astype(target).astype(np.int64), values)
    assert (lossy_cast(values, target) is None) == exact


# --- encoding --------------------------------------------------------------------------------------

@pytest.mark.parametrize("loss, expected", [
    ("categorical_crossentropy", "categorical_crossentropy"),
    ("CategoricalCrossentropy", "categorical_crossentropy"),
    ("bce", "binary_crossentropy"),
    ("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"),
    (None, None),
    ({"a": "mse", "b": "BinaryFocalCrossentropy"}, {"a": "mean_squared_error", "b": "binary_focal_crossentropy"}),
    (["cce", "kld"], ["categorical_crossentropy", "kl_divergence"]),
])
def test_loss_names(loss, expected):
    assert loss_name(loss) == expected


def test_loss_names_from_functions_and_objects():
    def sparse_categorical_crossentropy(y_true, y_pred):
        return 0

    class Wrapper:  # a Keras LossFunctionWrapper, by duck typing
        fn = staticmethod(sparse_categorical_crossentropy)

    class FocalLoss:
        pass

    assert loss_name(sparse_categorical_crossentropy) == "sparse_categorical_crossentropy"
    assert loss_name(Wrapper()) == "sparse_categorical_crossentropy"
    assert loss_name(FocalLoss()) == "focal_loss"


@pytest.mark.parametrize("y, loss, outputs, expected", [
    pytest.param(ONE_HOT, "categorical_crossentropy", [("out", (None, 10))], "one-hot rows of width 10", id="one-hot"),
    pytest.param(np.full((32, 10), 0.1), "categorical_crossentropy", [("out", (None, 10))], "probability rows",
                 id="probability rows"),
    pytest.param(IDS, "sparse_categorical_crossentropy", [("out", (None, 10))], "integer class ids in [0, 9]",
                 id="sparse ids"),
    pytest.param(IDS.reshape(-1, 1).astype("float32"), "sparse_categorical_crossentropy", [("out", (None, 10))],
                 "integer class ids", id="sparse ids as whole floats of shape (batch, 1)"),
    pytest.param(rng.integers(0, 5, (4, 8, 8)), "sparse_categorical_crossentropy", [("out", (None, 8, 8, 5))],
                 "integer class ids", id="sparse segmentation map"),
    pytest.param((IDS % 2).reshape(-1, 1), "binary_crossentropy", [("out", (None, 1))], "labels in [0, 1]",
                 id="binary column"),
    pytest.param(IDS % 2, "binary_crossentropy", [("out", (None, 1))], "of shape (32,)", id="binary flat"),
    pytest.param(rng.random((32, 3)), "binary_focal_crossentropy", [("out", (None, 3))], "labels in [0, 1]",
                 id="multi-label soft targets"),
])
def test_encoding_passes(y, loss, outputs, expected):
    result = check_encoding(y, loss, outputs)
    assert result.status == PASS, result.message
    assert expected in result.message


@pytest.mark.parametrize("y, loss, outputs, expected", [
    pytest.param(IDS, "categorical_crossentropy", [("out", (None, 10))],
                 "labels are integer class ids of shape (32,) but categorical_crossentropy needs one-hot rows of width "
                 "10: wrap them in keras.utils.to_categorical(y, 10), or compile with sparse_categorical_crossentropy",
                 id="integer ids to categorical"),
    pytest.param(IDS.reshape(-1, 1), "categorical_focal_crossentropy", [("out", (None, 10))],
                 "to_categorical(y, 10)", id="integer id column to categorical focal"),
    pytest.param(ONE_HOT[:, :5] * 0 + np.eye(5)[IDS % 5], "categorical_crossentropy", [("out", (None, 10))],
                 "rows of width 5 but the model outputs 10 units", id="one-hot of the wrong width"),
    pytest.param(IDS % 2, "categorical_crossentropy", [("out", (None, 1))], "1 output unit", id="one unit"),
    pytest.param(ONE_HOT * 3, "categorical_crossentropy", [("out", (None, 10))], "values in [0, 3]",
                 id="rows outside [0, 1]"),
    pytest.param(np.ones((32, 10)) * 0.5, "categorical_crossentropy", [("out", (None, 10))], "do not sum to 1",
                 id="multi-hot rows"),
    pytest.param(rng.random((32, 2, 10)), "categorical_crossentropy", [("out", (None, 10))],
                 "labels have shape (32, 2, 10)", id="rank mismatch"),
    pytest.param(ONE_HOT, "sparse_categorical_crossentropy", [("out", (None, 10))],
                 "labels are one-hot rows of width 10 but sparse_categorical_crossentropy needs integer class ids of "
                 "shape (32,) or (32, 1): pass np.argmax(y, axis=-1)", id="one-hot to sparse"),
    pytest.param(IDS + 5, "sparse_categorical_crossentropy", [("out", (None, 10))],
                 "class ids range over [5, 14] but the model outputs 10 units", id="ids out of range"),
    pytest.param(IDS - 1, "sparse_categorical_crossentropy", [("out", (None, 10))], "range over [-1,",
                 id="negative ids"),
    pytest.param(IDS + 0.5, "sparse_categorical_crossentropy", [("out", (None, 10))], "non-integer values",
                 id="fractional ids"),
    pytest.param(rng.integers(0, 10, (32, 3)), "sparse_categorical_crossentropy", [("out", (None, 10))],
                 "one integer class id per sample", id="sparse shape mismatch"),
    pytest.param(np.array(["cat"] * 32), "sparse_categorical_crossentropy", [("out", (None, 10))], "StringLookup",
                 id="string labels"),
    pytest.param(IDS, "binary_crossentropy", [("out", (None, 1))],
                 "labels take values in [0, 9] but binary_crossentropy needs values in [0, 1]: for 10 classes use "
                 "sparse_categorical_crossentropy", id="binary labels above 1"),
    pytest.param(np.where(IDS % 2, 1, -1), "binary_crossentropy", [("out", (None, 1))], "[-1, 1]",
                 id="binary labels of -1 and 1"),
    pytest.param(ONE_HOT, "binary_crossentropy", [("out", (None, 1))], "shapes must match", id="binary shape mismatch"),
])
def test_encoding_fails(y, loss, outputs, expected):
    result = check_encoding(y, loss, outputs)
    assert result.status == FAIL
    assert expected in result.message, result.message


@pytest.mark.parametrize("y, loss, outputs", [
    pytest.param(None, "categorical_crossentropy", [("out", (None, 10))], id="no labels"),
    pytest.param(IDS, None, [("out", (None, 10))], id="not compiled"),
    pytest.param(IDS, "categorical_crossentropy", [], id="output shape unknown"),
    pytest.param(IDS, "iou_loss", [("out", (None, 10))], id="no rule for the loss"),
])
def test_encoding_skips(y, loss, outputs):
    assert check_encoding(y, loss, outputs).status == SKIP


def test_encoding_multi_output_names_the_failing_output():
    outputs = [("kind", (None, 10)), ("real", (None, 1))]
    good = check_encoding({"kind": ONE_HOT, "real": IDS % 2}, {"kind": "categorical_crossentropy",
                                                            "real": "binary_crossentropy"}, outputs)
    assert good.status == PASS, good.message
    bad = check_encoding([IDS, IDS % 2], ["categorical_crossentropy", "binary_crossentropy"], outputs)
    assert bad.status == FAIL and bad.message.startswith("output 'kind': labels are integer class ids")
    missing = check_encoding({"kind": ONE_HOT}, "categorical_crossentropy", outputs)
    assert missing.status == FAIL and "no entry for the output 'real'" in missing.message
    mixed = check_encoding([ONE_HOT, IDS % 2], ["categorical_crossentropy", "mse"], outputs)
    assert mixed.status == PASS


# --- per head: loss, output width and activation -----------------------------------------------------

def head(loss, shape=(None, 10), activation=None, from_logits=False, name="out", weight=None):
    return Head(name, shape, loss, activation, from_logits, weight)


@pytest.mark.parametrize("pairs, expected", [
    pytest.param([(head("mean_squared_error", (None, 1)), IDS.reshape(-1, 1).astype("float32"))],
                 "numeric labels of shape (32, 1) match the (None, 1) output", id="mse column"),
    pytest.param([(head("huber", (None, 1)), IDS.astype("float32"))], "of shape (32,)",
                 id="huber: Keras adds the trailing 1"),
    pytest.param([(head("mean_absolute_error", (None, 4)), rng.random((32, 4)))], "(32, 4)", id="mae boxes"),
    pytest.param([(head("crossentropy"), IDS)], "sparse_categorical_crossentropy", id="crossentropy: ids"),
    pytest.param([(head("crossentropy"), ONE_HOT)], "of categorical_crossentropy", id="crossentropy: one-hot"),
    pytest.param([(head("crossentropy", (None, 1), "sigmoid"), IDS % 2)], "labels in [0, 1]",
                 id="crossentropy: one unit"),
    pytest.param([(head("categorical_crossentropy", activation="linear", from_logits=True), ONE_HOT)], "one-hot rows",
                 id="logits with from_logits=True"),
    pytest.param([(head("categorical_crossentropy", activation="my_softmax"), ONE_HOT)], "one-hot rows",
                 id="an activation it does not know is not judged"),
    pytest.param([(head("binary_crossentropy", (None, 3), "softmax"), (IDS[:, None] == np.arange(3)).astype(float))],
                 "labels in [0, 1]", id="binary over softmax rows"),
    pytest.param([(head("categorical_crossentropy", name="cls"), ONE_HOT),
                  (head("iou_loss", (None, 4), name="box", weight=2.0), rng.random((32, 4)))],
                 "output 'cls': one-hot rows of width 10 match the 10-unit output of categorical_crossentropy; "
                 "output 'box' (loss weight 2): no label rule for the loss 'iou_loss'", id="every head is reported"),
])
def test_heads_pass(pairs, expected):
    result = check_heads(pairs)
    assert result.status == PASS, result.message
    assert expected in result.message


@pytest.mark.parametrize("pairs, expected", [
    pytest.param([(head("mean_squared_error", (None, 4)), IDS.astype("float32"))],
                 "labels have shape (32,) but the output is (None, 4): mean_squared_error compares them element by "
                 "element, and Keras broadcasts shapes that differ (each label against every unit) or fails; yield "
                 "labels of shape (32, 4)", id="one value per sample for a 4-unit regression"),
    pytest.param([(head("mean_squared_error", (None, 1)), rng.random((32, 4)))], "yield labels of shape (32, 1)",
                 id="4 values per sample for a 1-unit regression"),
    pytest.param([(head("mean_absolute_error", (None, 1)), np.array(["a"] * 32))], "needs numbers",
                 id="strings to mae"),
    pytest.param([(head("categorical_crossentropy", activation="linear"), ONE_HOT)],
                 "the output layer's activation is linear, so its values are not probabilities, but "
                 "categorical_crossentropy is compiled with from_logits=False: it clips them into (0, 1) and the model "
                 "stops learning; give the last layer activation='softmax', or compile with "
                 "keras.losses.CategoricalCrossentropy(from_logits=True)", id="linear head, probability loss"),
    pytest.param([(head("binary_crossentropy", (None, 1), "relu"), IDS % 2)], "activation='sigmoid'",
                 id="relu head, binary loss"),
    pytest.param([(head("sparse_categorical_crossentropy", activation="tanh"), IDS)],
                 "SparseCategoricalCrossentropy(from_logits=True)", id="tanh head, sparse loss"),
    pytest.param([(head("binary_crossentropy", (None, 1), "softmax"), IDS % 2)],
                 "softmax to 1 unit, so it always outputs 1.0", id="softmax over one unit"),
    pytest.param([(head("categorical_crossentropy", name="cls"), IDS), (head("mse", (None, 1), name="reg"), IDS)],
                 "output 'cls': labels are integer class ids of shape (32,)", id="the failing head is named"),
])
def test_heads_fail(pairs, expected):
    result = check_heads(pairs)
    assert result.status == FAIL
    assert expected in result.message, result.message


def test_only_failing_heads_are_reported_and_skips_alone_skip():
    pairs = [(head("categorical_crossentropy", name="cls"), ONE_HOT), (head("mse", (None, 1), name="reg"), ONE_HOT)]
    failed = check_heads(pairs)
    assert failed.status == FAIL and failed.message.startswith("output 'reg': labels have shape (32, 10)")
    assert "output 'cls'" not in failed.message
    skipped = check_heads([(head("iou_loss", name="a"), ONE_HOT), (head("dice", name="b"), ONE_HOT)])
    assert skipped.status == SKIP
    assert skipped.message == "output 'a': no label rule for the loss 'iou_loss'; output 'b': no label rule for the loss 'dice'"
    assert check_heads([]).status == SKIP


def test_plain_pairing_leaves_out_outputs_without_a_loss():
    outputs = [("cls", (None, 10)), ("aux", (None, 1))]
    result = check_encoding({"cls": ONE_HOT}, {"cls": "categorical_crossentropy", "aux": None}, outputs)
    assert result.status == PASS and result.message.startswith("one-hot rows")


def test_loss_names_of_wrapped_and_partial_functions():
    import functools

    def iou_loss(y_true, y_pred, smooth=1.0):
        return 0

    class LossFunctionWrapper:  # what Keras wraps a custom function in
        def __init__(self, fn):
            self.fn = fn

    assert loss_name(LossFunctionWrapper(iou_loss)) == "iou_loss"
    assert loss_name(functools.partial(iou_loss, smooth=2.0)) == "iou_loss"
    assert loss_name({"a": [LossFunctionWrapper(iou_loss), "mape"]}) == {"a": ["iou_loss", "mean_absolute_percentage_error"]}


def test_alignment_with_heads_names_the_output_and_trusts_the_framework_for_keys():
    heads = [(head("categorical_crossentropy", name="cls"), ONE_HOT), (head("mse", (None, 1), name="reg"), IDS[:16])]
    failed = check_alignment(IMAGES, {"cls": ONE_HOT, "reg": IDS[:16]}, heads=heads)
    assert failed.status == FAIL and failed.message.startswith("x has 32 rows but y of output 'reg' has 16")
    # an output without a loss needs no labels: with the framework's heads its key is not asked for
    alone = [(head("categorical_crossentropy", name="cls"), ONE_HOT)]
    assert check_alignment(IMAGES, {"cls": ONE_HOT}, output_names=["cls", "aux"], heads=alone).status == PASS
    assert check_alignment(IMAGES, {"cls": ONE_HOT}, output_names=["cls", "aux"]).status == FAIL


# --- alignment -------------------------------------------------------------------------------------

@pytest.mark.parametrize("arguments, expected", [
    pytest.param((IMAGES, ONE_HOT), "x and y both have 32 rows", id="x and y"),
    pytest.param((IMAGES, ONE_HOT, np.ones(32)), "x, y and sample_weight all have 32 rows", id="with weights"),
    pytest.param((IMAGES,), "x has 32 rows", id="predict"),
    pytest.param(({"a": IMAGES, "b": IDS}, ONE_HOT, None, ["a", "b"]), "32 rows", id="dict inputs"),
    pytest.param(({"a": IMAGES, "b": IDS, "id": IDS}, ONE_HOT, None, ["a", "b"]), "not model inputs and are ignored",
                 id="extra dict key"),
    pytest.param(((IMAGES, IDS), ONE_HOT, None, ["a", "b"]), "32 rows", id="tuple inputs"),
])
def test_alignment_passes(arguments, expected):
    result = check_alignment(*arguments)
    assert result.status == PASS, result.message
    assert expected in result.message


@pytest.mark.parametrize("arguments, expected", [
    pytest.param((IMAGES, np.concatenate([ONE_HOT, ONE_HOT])), "x has 32 rows but y has 64", id="32 images, 64 labels"),
    pytest.param((IMAGES, ONE_HOT, np.ones(16)), "x has 32 rows but sample_weight has 16", id="short weights"),
    pytest.param(({"a": IMAGES, "b": IDS[:8]}, ONE_HOT, None, ["a", "b"]), "x['a'] has 32 rows but x['b'] has 8",
                 id="dict leaves disagree"),
    pytest.param(({"image": IMAGES}, ONE_HOT, None, ["pixels"]),
                 "x has no key 'pixels' for the model input 'pixels'", id="dict key is not the input name"),
    pytest.param(((IMAGES, IDS, IDS), ONE_HOT, None, ["a", "b"]), "x holds 3 arrays but the model has 2 inputs",
                 id="too many inputs"),
    pytest.param((IMAGES, ONE_HOT, None, ["a", "b"]), "x is one array but the model has 2 inputs",
                 id="one array for two inputs"),
    pytest.param((IMAGES, np.float32(1.0)), "y is a scalar, not a batch", id="scalar label"),
    pytest.param((IMAGES, {"kind": ONE_HOT}, None, [], ["kind", "real"]), "y has no key 'real' for the model output",
                 id="label dict misses an output"),
    pytest.param((IMAGES, object()), "y (object) is not an array", id="not an array"),
])
def test_alignment_fails(arguments, expected):
    result = check_alignment(*arguments)
    assert result.status == FAIL
    assert expected in result.message, result.message


def test_alignment_without_arrays_skips():
    assert check_alignment({}, None).status == SKIP


# --- steps -----------------------------------------------------------------------------------------

def test_steps_fail_when_the_data_ends_early():
    result = check_steps([StepCount("training data", 100, "steps_per_epoch=50 x epochs=2", epochs=2, delivered=5,
                                    ended=True)])
    assert result.status == FAIL
    assert "ends after 5 batches but the call needs 100 (steps_per_epoch=50 x epochs=2)" in result.message
    assert ".repeat()" in result.message and "steps_per_epoch=2" in result.message


def test_steps_fail_names_a_total_when_no_per_epoch_count_fits():
    result = check_steps([StepCount("training data", 100, "steps_per_epoch=10 x epochs=10", epochs=10, delivered=5,
                                    ended=True)])
    assert result.status == FAIL
    assert "or ask for at most 5 in all (steps_per_epoch x epochs)" in result.message


@pytest.mark.parametrize("count, expected", [
    pytest.param(StepCount("training data", 100, "steps_per_epoch=100", delivered=100), "delivers the 100 batches",
                 id="enough"),
    pytest.param(StepCount("training data", 100, "steps_per_epoch=100", delivered=100, endless=True),
                 "delivers the 100 batches", id="repeats forever"),
    pytest.param(StepCount("training data", 10**6, "steps_per_epoch=1000000", delivered=10000,
                           stopped_by="--max-batches limit of 10000"), "at least 10000 of the 1000000", id="budget"),
    pytest.param(StepCount("training data", None, delivered=8, ended=True), "each epoch is 8 steps", id="finite data"),
    pytest.param(StepCount("the data", None, count_argument="steps", delivered=8, ended=True), "the call runs 8 steps",
                 id="finite data for evaluate"),
])
def test_steps_pass(count, expected):
    result = check_steps([count])
    assert result.status == PASS
    assert expected in result.message, result.message


@pytest.mark.parametrize("count, expected", [
    pytest.param(StepCount("training data", None, endless=True), "repeats forever and the call has no steps_per_epoch",
                 id="endless without steps"),
    pytest.param(StepCount("training data", None, delivered=10000, stopped_by="--max-batches limit of 10000"),
                 "still yielding after 10000 batches", id="still going without steps"),
    pytest.param(StepCount("training data", None, delivered=0, ended=True), "yields no batch at all", id="empty"),
    pytest.param(StepCount("training data", 4, "steps_per_epoch=4", delivered=0, ended=True), "ends after 0 batches",
                 id="empty with steps"),
])
def test_steps_fail(count, expected):
    result = check_steps([count])
    assert result.status == FAIL
    assert expected in result.message, result.message


def test_steps_skip_what_cannot_be_counted_and_combine_inputs():
    skipped = StepCount("training data", 10, not_counted="a plain Python generator cannot be counted")
    assert check_steps([skipped]).status == SKIP
    assert check_steps([]).status == SKIP
    good = StepCount("training data", 10, "steps_per_epoch=10", delivered=10)
    short = StepCount("validation data", 6, "validation_steps=2 x epochs=3", "validation_steps", 3, delivered=2,
                      ended=True)
    combined = check_steps([skipped, good, short])
    assert combined.status == FAIL and combined.message.startswith("validation data ends after 2 batches")
    assert check_steps([skipped, good]).status == PASS


# --- smoke -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("outcome, status, expected", [
    pytest.param(SmokeOutcome("train step", 2, ran=2, losses=[2.3, 2.2]), PASS,
                 "2 real train steps ran (loss 2.3 -> 2.2)", id="ran"),
    pytest.param(SmokeOutcome("predict step", 1, ran=1), PASS, "1 real predict step ran", id="predict"),
    pytest.param(SmokeOutcome("train step", 2, ran=0, error="ValueError: shapes (32, 1) and (32, 10)"), FAIL,
                 "train step 1 on the sample batches raised ValueError: shapes", id="raised"),
    pytest.param(SmokeOutcome("train step", 2, ran=2, losses=[1.0, float("nan")]), FAIL,
                 "the loss is nan after train step 2", id="nan loss"),
    pytest.param(SmokeOutcome("train step", 0), SKIP, "--smoke-steps 0", id="not asked"),
    pytest.param(SmokeOutcome("train step", 2, not_run="no sample batch"), SKIP, "no sample batch",
                 id="nothing to run"),
])
def test_smoke(outcome, status, expected):
    result = check_smoke(outcome)
    assert result.status == status
    assert expected in result.message, result.message


# --- helpers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("element, expected", [
    ((1, 2), (1, 2, None)),
    ([1, 2, 3], (1, 2, 3)),
    ((1,), (1, None, None)),
    ("x", ("x", None, None)),
])
def test_split_batch_unpacks_like_keras(element, expected):
    assert split_batch(element) == expected


def test_combine_prefers_failures_then_passes():
    parts = [checks.CheckResult("steps", SKIP, "s"), checks.CheckResult("steps", PASS, "p"),
             checks.CheckResult("steps", FAIL, "f")]
    assert checks.combine("steps", parts) == checks.CheckResult("steps", FAIL, "f")
    assert checks.combine("steps", parts[:2]).message == "p"
    assert checks.combine("steps", []).status == SKIP


# --- verdict and report (the parent's side, pure: no child process here) -------------------------

def _run(report=None, timed_out=False, returncode=0, hang_trace="", stderr=""):
    from fitmigrate.harness.runner import ChildRun

    return ChildRun(returncode, timed_out, report, "", stderr, hang_trace, 1.0)


def _call(*statuses, **extra):
    ids = checks.CHECK_IDS
    return dict({"file": "/nowhere/train.py", "line": 7, "method": "fit",
                 "checks": [{"id": i, "status": s, "message": f"{i} says {s}"} for i, s in zip(ids, statuses)]},
                **extra)


@pytest.mark.parametrize("run, code, error_start", [
    pytest.param(_run({"calls": [_call(*"pass pass pass pass skip".split())], "error": None, "finished": True}), 0,
                 None, id="all pass, skips allowed"),
    pytest.param(_run({"calls": [_call(*"pass fail pass pass pass".split())], "error": None, "finished": True}), 1,
                 None, id="a failing check"),
    pytest.param(_run({"calls": [_call(*"pass fail pass pass pass".split())], "finished": True,
                       "error": {"kind": "crash", "type": "KeyError", "message": "k", "traceback": "Traceback..."}}),
                 1, "the script raised KeyError after 1 checked call", id="failures outrank a later crash"),
    pytest.param(_run({"calls": [], "finished": True, "error": {"kind": "import", "type": "ModuleNotFoundError",
                                                                "message": "No module named 'x'", "traceback": ""}}),
                 2, "import error before any fit/evaluate/predict call: ModuleNotFoundError", id="import error"),
    pytest.param(_run({"calls": [], "finished": True, "error": {"kind": "exit", "type": "SystemExit",
                                                                "message": "the script exited with status 3",
                                                                "traceback": ""}}),
                 2, "the script exited with status 3 before any", id="sys.exit"),
    pytest.param(_run({"calls": [], "error": None, "finished": True}), 2, "the script ran to the end without calling",
                 id="never called fit"),
    pytest.param(_run({"calls": [], "error": None, "finished": False}, timed_out=True, returncode=-9,
                      hang_trace='Thread 0x1 (most recent call first):\n  File "/home/u/train.py", line 12 in load\n'),
                 2, "timeout: the script was stopped after 30 s (--timeout) before any", id="timeout"),
    pytest.param(_run(None, returncode=-9, stderr="Killed"), 2, "the verify process ended with signal 9",
                 id="child killed"),
    pytest.param(_run({"calls": [_call(*["skip"] * 5, internal_error="Traceback: boom")], "error": None,
                       "finished": True}), 2, "fitmigrate verify itself failed at", id="harness bug"),
])
def test_verdict(run, code, error_start):
    from fitmigrate.harness.runner import classify

    verification = classify(run, timeout=30)
    assert verification.exit_code == code
    if error_start is None:
        assert verification.error is None
    else:
        assert verification.error.startswith(error_start), verification.error


def test_timeout_names_the_users_line():
    from fitmigrate.harness.runner import classify

    dump = 'Thread 0x1 (most recent call first):\n  File "/home/u/train.py", line 12 in load\n'
    error = classify(_run({"calls": []}, timed_out=True, returncode=-9, hang_trace=dump), timeout=30).error
    assert "it was at /home/u/train.py:12" in error


def test_json_document_is_exactly_the_contract():
    import json

    from fitmigrate.harness.report import render_json, render_text
    from fitmigrate.harness.runner import classify

    verification = classify(_run({"calls": [_call(*"pass fail pass pass skip".split(), internal="x")],
                                  "error": None, "finished": True, "notes": ["n"]}), timeout=30)
    document = json.loads(render_json(verification))
    assert document == {"error": None, "calls": [{"file": "/nowhere/train.py", "line": 7, "method": "fit", "checks": [
        {"id": i, "status": s, "message": f"{i} says {s}"}
        for i, s in zip(checks.CHECK_IDS, "pass fail pass pass skip".split())]}]}
    text = render_text(verification)
    assert "/nowhere/train.py:7  fit\n  signature  pass  signature says pass\n  encoding   FAIL  encoding says fail" in text
    assert text.rstrip().endswith("1 call checked, 1 with failures (encoding) in 1.0 s; exit 1")
