"""Worker arguments moved to the PyDataset: never to a constructor that cannot take them, and always all
three, so that a setting left on the object by an earlier call does not carry over (found by a review)."""

from __future__ import annotations


from fitmigrate.migrate import migrate_bytes

SOURCE = '''from tensorflow import keras
import numpy as np


class Base(keras.utils.Sequence):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return np.zeros((4, 2), "float32"), np.zeros((4, 1), "float32")


class Child(Base):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)


model = keras.Sequential([keras.layers.Dense(1)])
model.compile("sgd", "mse")
seq = Base(2)
model.fit_generator(Child(n=3), steps_per_epoch=4, epochs=1, workers=2)
model.fit_generator(seq, steps_per_epoch=4, epochs=1, workers=4, use_multiprocessing=True)
model.evaluate_generator(seq, steps=4, workers=2)
'''


def test_a_base_class_between_the_sequence_and_pydataset_gets_no_constructor_keywords():
    outcome = migrate_bytes(SOURCE.encode(), "t.py")
    new = outcome.new.decode()
    assert "model.fit(Child(n=3), steps_per_epoch=4, epochs=1)" in new  # Base.__init__ takes no workers=
    assert any(d.code == "FM203" and d.line == 24 and "could not be set there" in d.message for d in outcome.diagnostics)


def test_every_call_sets_all_three_so_nothing_carries_over():
    new = migrate_bytes(SOURCE.encode(), "t.py").new.decode()
    assert "seq.workers = 4\nseq.use_multiprocessing = True\nseq.max_queue_size = 10\nmodel.fit(seq" in new
    assert "seq.workers = 2\nseq.use_multiprocessing = False\nseq.max_queue_size = 10\nmodel.evaluate(seq" in new
