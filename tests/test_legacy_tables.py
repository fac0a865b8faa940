"""The legacy signature tables (``fitmigrate/legacy/``) against each other and Keras 3's
(``keras3_api.SIGNATURES``, itself held to the installed Keras by ``test_keras3_runtime.py``)."""

from __future__ import annotations

import pytest

from fitmigrate.analysis.keras3_api import OPS_SIGNATURES, SIGNATURES
from fitmigrate.legacy.backend import BACKEND
from fitmigrate.legacy import KINDS, fits
from fitmigrate.legacy.callbacks import CALLBACKS
from fitmigrate.legacy.layers import ALIASES, LAYERS
from fitmigrate.legacy.optimizers import LOWERCASE, OPTIMIZERS


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_every_keras2_name_a_layer_conversion_writes_is_taken_by_keras3(name):
    layer = LAYERS[name]
    positional, keywords = SIGNATURES[f"keras.layers.{name}"]
    taken = set(positional) | keywords
    written = {r.new for r in layer.renames.values() if r.new is not None}
    written |= {"kernel_size"} if layer.kernel else set()
    written |= {"input_shape"} if layer.shape else set()
    written |= {new for new, _ in layer.keras3.values()}
    assert written - layer.speed_only <= taken, sorted(written - layer.speed_only - taken)


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_signatures_are_well_formed(name):
    layer = LAYERS[name]
    for sig in filter(None, (layer.keras1, layer.keras2)):
        assert len(set(sig.positional)) == len(sig.positional)
        assert sig.max_positional is None or sig.max_positional <= len(sig.positional)
    if layer.keras1 is not None:
        assert set(layer.refused) <= layer.keras1.names  # (renames are interfaces.py's: ConvLSTM2D's bias= too)
        assert set(layer.kernel) <= layer.keras1.names
    assert set(layer.keras3) <= layer.keras2.names


def test_aliases_and_optimizers_have_keras3_signatures():
    assert set(ALIASES.values()) <= set(LAYERS)
    assert {f"keras.optimizers.{name}" for name in OPTIMIZERS} <= set(SIGNATURES)
    assert {f"keras.callbacks.{name}" for name in CALLBACKS} <= set(SIGNATURES)
    assert set(LOWERCASE.values()) == set(OPTIMIZERS)


def test_the_default_values_of_every_signature_fit_their_kinds():
    """The kinds rule readings out by a literal's type: Keras's own defaults must fit them."""
    samples = {"initializer": "glorot_uniform", "activation": "relu", "int": 3, "int or None": None, "number": 0.5,
               "bool": True, "int or tuple": 2, "padding": "same", "dim_ordering": "tf", "data_format": None,
               "consume_less": "gpu", "string": "dense"}
    for kind in set(KINDS.values()):
        assert fits(kind, samples[kind]), kind
    assert not fits("initializer", "relu") and not fits("int or tuple", 1e-5) and not fits("int", (3, 3))


@pytest.mark.parametrize("name", sorted(BACKEND))
def test_a_backend_function_keeps_its_positions_in_keras_ops(name):
    """A positional argument is left where it is: the Keras 2 parameter at each position, renamed, is the
    keras.ops parameter at that position; Keras 1's keywords and the defaults written are Keras 2 parameters."""
    fn = BACKEND[name]
    ops = OPS_SIGNATURES[f"keras.ops.{fn.ops}"]
    mapped = tuple(fn.renames.get(p, p) for p in fn.keras2.positional if p not in fn.dropped)
    assert ops[:len(mapped)] == mapped, (mapped, ops)
    assert set(fn.keras1_names.values()) | set(fn.defaults) | fn.dropped | fn.int_literals <= fn.keras2.names
    if fn.keras1 is not None:
        keras1 = tuple(fn.keras1_names.get(p, p) for p in fn.keras1.positional)
        assert fn.keras2.positional[:len(keras1)] == keras1  # Keras 1's positions meant the same parameters
