from fitmigrate.rules import Rule

_TRAINER = '''
class Trainer:
    def fit_generator(self, batches, steps):
        for _ in range(steps):
            next(batches)


trainer = Trainer()
trainer.fit_generator(iter([]), 10)
'''


class ReceiverNotKeras(Rule):
    """The receiver of a ``fit_generator``-named call is provably not a Keras model: it is an instance
    of a class in the same module that defines its own method of that name (or ``self`` inside it).
    Rewriting it would break that class's callers, so the call is left alone."""

    CODE = "FM101"
    NAME = "receiver-not-keras"
    SEVERITY = "info"
    SUMMARY = "the call is to a project class's own fit_generator, not Keras': left alone"
    FIX = "Nothing to do. If the class wraps a Keras model, its inner call is migrated on its own."
    FIX_SAFETY = "none"
    VALID = ["import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n"
             "model.fit_generator(batches(), steps_per_epoch=10)\n"]
    INVALID = [_TRAINER]
