from fitmigrate.rules import Rule

_GEN = "import numpy as np\n\ndef batches({params}):\n    while True:\n        yield np.zeros(({rows}, 2)), np.zeros(({rows}, 1))\n\n"


class BatchSizeUnknown(Rule):
    """A Keras 1 sample count (``samples_per_epoch``, ``nb_val_samples``, ``val_samples``) becomes a
    step count by dividing by the batch size and rounding up, as Keras 1 counted. That needs the batch
    size (a literal, a module constant, the generator's batch argument) and proof that every batch
    holds exactly that many rows (a batch length proven from what the generator yields): a generator
    whose last batch of a pass is shorter made Keras 1 take other step counts. Where that proof is
    missing the dataset counts the samples itself, as Keras 1 did (FM215): for validation data,
    ``evaluate`` and ``predict`` always, for training only from an ImageDataGenerator flow (Keras 3
    learns an epoch's length from the first epoch and cuts a longer one; only a flow proves none is).
    In a file that ran on Keras 2, Keras 2's converter divided ``samples_per_epoch`` by the flow's or
    Sequence's ``batch_size``: that needs the batch size too. Otherwise the call is left as it was, and
    the message says which is missing and why. A validation count on a call without ``validation_data``
    counts nothing and is reported the same way."""

    CODE = "FM105"
    NAME = "batch-size-unknown"
    SEVERITY = "error"
    SUMMARY = "a Keras 1 sample count cannot become a step count: the batch size it needs is not known"
    FIX = "Give steps_per_epoch= (samples // batch_size) yourself, or pass the batch size to the generator as batch_size=."
    FIX_SAFETY = "none"
    VALID = [_GEN.format(params="batch_size=32", rows="batch_size") +
             "model.fit_generator(batches(), samples_per_epoch=640, nb_epoch=2)\n"]
    INVALID = [_GEN.format(params="rows", rows="len(rows)") +
               "model.fit_generator(batches(train_rows), samples_per_epoch=640, nb_epoch=2)\n"]
