"""The shapes of ``analysis.passes``: the facts about the legacy loops they stand on, without TensorFlow.

The equivalence cases (``tests/equivalence_cases/sequence_read_endlessly.py``,
``keras1_short_batches.py``) run them under Keras 3 batch by batch; here, the arithmetic."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from fitmigrate.analysis.passes import batch_length
from fitmigrate.analysis.plans import EVALUATION, TRAIN, VALIDATION
from fitmigrate.analysis.signature import SpecDict, SpecTuple, TensorSpec


def keras1_epochs(lengths, samples, epochs, start=0):
    """Keras 1.2.2's fit_generator: each epoch takes batches until ``samples`` have been seen; the
    batch lengths cycle through ``lengths`` (one pass of the source), starting at ``start``."""
    position, steps = start, []
    for _ in range(epochs):
        seen = taken = 0
        while seen < samples:
            seen += lengths[position % len(lengths)]
            position += 1
            taken += 1
        steps.append(taken)
    return steps


def flow_pass(rows, batch_size):
    """The batch lengths of one pass of an ImageDataGenerator flow: full batches, the last one short."""
    return [batch_size] * (rows // batch_size) + ([rows % batch_size] if rows % batch_size else [])


@settings(max_examples=400, deadline=None)
@given(rows=st.integers(1, 300), batch_size=st.integers(1, 64), samples=st.integers(1, 2000),
       start=st.integers(0, 50))
def test_a_flow_epoch_never_needs_more_than_one_step_over_the_first(rows, batch_size, samples, start):
    """Keras 3 cuts a training epoch after one step more than the first epoch took (EpochIterator learns
    the length when the data runs out). Keras 1's epochs over a flow never need more, wherever in a pass
    the call starts: any L + 1 batches hold more samples than any L (at most one short batch more)."""
    steps = keras1_epochs(flow_pass(rows, batch_size), samples, 12, start)
    assert max(steps) <= steps[0] + 1, steps


def test_other_sources_can_need_more():
    """Why a training count over a plain generator is refused (FM105): nothing bounds its epochs."""
    steps = keras1_epochs([10, 1, 1, 1, 1, 1, 1], 10, 3)
    assert steps[0] == 1 and max(steps) > 2, steps


X = TensorSpec((None, 2), "float32")
Y = TensorSpec((None, 1), "float32")


def test_batch_length_is_what_keras1_measured():
    """len(x) of the batch's inputs: the first array of a list of inputs, the first value of a dict; for
    predict the batch itself unless it is a tuple (Keras 1's ``isinstance(generator_output, tuple)``)."""
    assert batch_length(SpecTuple((X, Y)), TRAIN) == "batch[0]"
    assert batch_length(SpecTuple((X, Y, Y)), VALIDATION) == "batch[0]"
    assert batch_length(SpecTuple((SpecTuple((X, X), was_list=True), Y)), TRAIN) == "batch[0][0]"
    assert batch_length(SpecTuple((SpecDict((("image", X), ("mask", X))), Y)), TRAIN) == "batch[0]['image']"
    assert batch_length(X, EVALUATION) == "batch"
    assert batch_length(SpecTuple((X, X), was_list=True), EVALUATION) == "batch[0]"
    assert batch_length(SpecTuple((X, Y)), EVALUATION) == "batch[0]"
    assert batch_length(X, TRAIN) is None  # fit_generator raised on a batch that is not (x, y[, w])


SEQUENCE = '''\
import numpy as np
from tensorflow import keras


class Rows(keras.utils.Sequence):
    def __len__(self):
        return 5

    def __getitem__(self, index):
        return np.zeros((4, 2), dtype="float32"), np.zeros((4, 1), dtype="float32")


rows = Rows()
model.fit_generator(rows, steps_per_epoch=3, epochs=2)
'''


def test_inline_datasets_refuses_what_needs_a_function_before_the_call():
    from fitmigrate.migrate import migrate_bytes

    assert migrate_bytes(SEQUENCE.encode(), "train.py").changed
    inline = migrate_bytes(SEQUENCE.encode(), "train.py", inline_datasets=True)
    assert not inline.changed
    (refusal,) = [d for d in inline.diagnostics if d.code == "FM107"]
    assert "--inline-datasets writes nothing before the call" in refusal.message


def test_a_module_that_binds_random_is_refused_rather_than_shadowed():
    from fitmigrate.migrate import migrate_bytes

    outcome = migrate_bytes(("from numpy import random\n" + SEQUENCE).encode(), "train.py")
    assert not outcome.changed
    assert any("binds `random` to something else" in d.message for d in outcome.diagnostics)
    aliased = migrate_bytes(("import random as rnd\n" + SEQUENCE).encode(), "train.py")
    assert b"rnd.sample(range(len(sequence)), len(sequence))" in aliased.new and b"import random\n" not in aliased.new
