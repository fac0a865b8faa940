from fitmigrate.rules import Rule

_SEQ = ("from tensorflow import keras\nimport numpy as np\n\n\nclass Rows(keras.utils.Sequence):\n"
        "    def __len__(self):\n        return 5\n\n    def __getitem__(self, index):\n"
        "        return np.zeros((4, 2)), np.zeros((4, 1))\n\n\nrows = Rows()\n")


class PassLengthChanges(Rule):
    """Legacy Keras went round a ``Sequence`` (or an ImageDataGenerator flow) without end: with
    ``steps_per_epoch=S`` every epoch had S steps and the next began where the last stopped, in the
    middle of a pass if need be. Keras 3 runs at most one pass per epoch and resumes mid-pass, so any
    count other than ``len(it)`` trains on other batches, in epochs of other lengths (measured: a
    Sequence of 5 batches with ``steps_per_epoch=3`` gives epochs of 3, 2, 3 steps). ``migrate``
    reads it endlessly instead, as legacy Keras did (FM211 for a flow, FM214 for a Sequence), wherever
    that is exact; this is the rest, and the message says which of these stopped it:

    - ``workers=0`` (or a value that may be 0): Keras 2.2 then read a Sequence in order and never
      called ``on_epoch_end()``, Keras 2.3 called it after every epoch;
    - the call sits inside an expression or a class body, where no generator function can be written
      before it (or ``--inline-datasets``);
    - batches not proven (no ``output_signature``) for validation data, ``evaluate`` or ``predict``
      (Keras 3 reads a Python generator from its first two batches, and validation data again at every
      pass), or for training with ``class_weight`` (Keras 3 rejects it with a generator);
    - a non-literal ``shuffle=``.

    A Keras 1 sample count of a flow that is not its own (``it.n``, ``len(x)`` of ``flow(x, ...)``)
    is counted in the dataset instead (FM215) when the flow's batches are proven. The call is left as
    it was."""

    CODE = "FM107"
    NAME = "pass-length-changes"
    SEVERITY = "error"
    SUMMARY = "a step count that is not len() of its Sequence or flow, which cannot be read endlessly here"
    FIX = ("Give steps_per_epoch=len(it) (one pass per epoch) if that is what an epoch should be, or settle what "
           "the message names (workers=1, the call on a line of its own, provable batches), or migrate by hand.")
    FIX_SAFETY = "none"
    VALID = [_SEQ + "model.fit_generator(rows, steps_per_epoch=len(rows), epochs=2)\n",
             _SEQ + "model.fit_generator(rows, epochs=2)\n"]
    INVALID = [_SEQ + "model.fit_generator(rows, steps_per_epoch=3, epochs=2, workers=0)\n",
               _SEQ + "history = [model.fit_generator(rows, steps_per_epoch=3, epochs=2)]\n"]
