from fitmigrate.rules import Rule

_SEQ = ("from tensorflow import keras\nimport numpy as np\n\n\nclass Rows(keras.utils.Sequence):\n"
        "    def __len__(self):\n        return 5\n\n    def __getitem__(self, index):\n"
        "        return np.zeros((4, 2)), np.zeros((4, 1))\n\n\nrows = Rows()\n")


class PassLengthChanges(Rule):
    """Legacy Keras went round a ``Sequence`` (or an ImageDataGenerator flow) without end: with
    ``steps_per_epoch=S`` every epoch had S steps and the next began where the last stopped, in the
    middle of a pass if need be. Keras 3 runs at most one pass per epoch and resumes mid-pass, so any
    count other than ``len(it)`` trains on other batches, in epochs of other lengths (measured: a
    Sequence of 5 batches with ``steps_per_epoch=3`` gives epochs of 3, 2, 3 steps). The same holds
    for a Keras 1 sample count of a flow that is not its own sample count (``it.n``, ``len(x)`` of
    ``flow(x, ...)``). One ``evaluate``/``predict`` pass of ``it.n // batch_size`` steps is kept: it
    never goes round. The call is left as it was."""

    CODE = "FM107"
    NAME = "pass-length-changes"
    SEVERITY = "error"
    SUMMARY = "a step count that is not len() of its Sequence or flow: Keras 3 would not keep the legacy epochs"
    FIX = ("Give steps_per_epoch=len(it) (one pass per epoch) if that is what an epoch should be, or migrate by "
           "hand (a generator that cycles the Sequence, wrapped in tf.data.Dataset.from_generator).")
    FIX_SAFETY = "none"
    VALID = [_SEQ + "model.fit_generator(rows, steps_per_epoch=len(rows), epochs=2)\n",
             _SEQ + "model.fit_generator(rows, epochs=2)\n"]
    INVALID = [_SEQ + "model.fit_generator(rows, steps_per_epoch=3, epochs=2)\n"]
