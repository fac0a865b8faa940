"""Keras 1 or 2: the evidence for what a positional count means, strongest first."""

from __future__ import annotations

import libcst as cst
import pytest

from fitmigrate.analysis import dialect


def verdict(call: str, source: str = "", counts_steps=False, counts_samples=False):
    node = cst.parse_expression(call)
    count = [a for a in node.args if a.keyword is None][1].value
    return dialect.decide(node, count, source or call, counts_steps, counts_samples)


@pytest.mark.parametrize("call,expected", [
    pytest.param("m.fit_generator(g, 100, nb_epoch=2)", "keras1", id="nb_epoch keyword"),
    pytest.param("m.fit_generator(g, 100, 2, validation_data=v, nb_val_samples=50)", "keras1", id="nb_val_samples"),
    pytest.param("m.fit_generator(g, 100, epochs=2)", "keras2", id="epochs keyword"),
    pytest.param("m.fit_generator(g, 100, 2, validation_steps=5)", "keras2", id="validation_steps"),
    pytest.param("m.fit_generator(g, train_gen.nb_sample, 2)", "keras1", id="iterator sample count"),
    pytest.param("m.fit_generator(g, n_train_samples, 2)", "keras1", id="named as samples"),
    pytest.param("m.fit_generator(g, train_steps, 2)", "keras2", id="named as steps"),
    pytest.param("m.fit_generator(g, n // batch_size, 2)", "keras2", id="already divided"),
    pytest.param("m.fit_generator(g, math.ceil(n / bs), 2)", "keras2", id="ceil of a division"),
    pytest.param("m.fit_generator(g, 100, 2)", None, id="no evidence"),
])
def test_call_evidence(call, expected):
    assert verdict(call).dialect == expected


def test_keywords_outweigh_the_file():
    assert verdict("m.fit_generator(g, 100, epochs=2)", "Convolution2D(8, 3, 3, border_mode='same')").dialect == "keras2"


@pytest.mark.parametrize("source,expected", [
    ("Convolution2D(32, 3, 3, border_mode='same')\nm.fit_generator(g, 100, 2)", "keras1"),
    ("from keras.utils import np_utils\nm.fit_generator(g, 100, 2)", "keras1"),
    ("Conv2D(32, kernel_size=3)\nm.fit_generator(g, 100, 2)", "keras2"),
    ("Convolution2D(32, 3, 3, border_mode='same')\nConv2D(32, kernel_size=3)\nm.fit_generator(g, 100, 2)", "keras2"),
])
def test_file_evidence(source, expected):
    result = verdict("m.fit_generator(g, 100, 2)", source)
    assert result.dialect == expected
    assert result.evidence


def test_len_of_sequence_is_steps_and_len_of_array_is_samples():
    assert verdict("m.fit_generator(g, len(seq), 2)", counts_steps=True).dialect == "keras2"
    assert verdict("m.fit_generator(g, len(x_train), 2)", counts_samples=True).dialect == "keras1"


def test_a_file_that_uses_the_keras_2_api_ran_on_keras_2_whatever_else_it_says():
    """Keras 2 read a positional count as steps, whatever the count is named and even beside Keras 1
    layer calls it still accepted: the file that passes steps_per_epoch= elsewhere settles it."""
    source = "Convolution2D(8, 3, 3)\nm.fit_generator(g, n_samples, nb_epoch=2)\nm.fit_generator(g, steps_per_epoch=5)"
    found = verdict("m.fit_generator(g, n_samples, nb_epoch=2)", source)
    assert found.dialect == "keras2"
    assert "Keras 2 API (`steps_per_epoch`)" in found.evidence and "ran on Keras 2" in found.evidence


def test_with_no_evidence_the_refusal_says_so():
    assert verdict("m.fit_generator(g, 100, 2)").evidence.startswith("no keyword, name or API")


def test_batches_of_one_sample_make_the_count_the_same_either_way():
    from fitmigrate.migrate import migrate_bytes

    source = (b"import numpy as np\n\n\ndef singles():\n    while True:\n"
              b"        yield np.zeros((1, 4), dtype='float32'), np.zeros((1, 1), dtype='float32')\n\n\n"
              b"model.fit_generator(singles(), 500)\n")
    outcome = migrate_bytes(source, "train.py")
    assert outcome.migrated == 1 and b"steps_per_epoch=500" in outcome.new
    note = next(d for d in outcome.diagnostics if d.code == "FM200")
    assert "batches hold one sample each" in note.message
    # The same call with batches of four is still ambiguous, and the refusal names what it saw.
    refused = migrate_bytes(source.replace(b"(1, ", b"(4, "), "train.py")
    assert refused.migrated == 0 and [d.code for d in refused.diagnostics] == ["FM104"]
