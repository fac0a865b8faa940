from fitmigrate.rules import Rule

_GEN = "import numpy as np\n\ndef batches({params}):\n    while True:\n        yield np.zeros(({rows}, 2)), np.zeros(({rows}, 1))\n\n"


class BatchSizeUnknown(Rule):
    """A Keras 1 sample count (``samples_per_epoch``, ``nb_val_samples``, ``val_samples``) becomes a
    step count by dividing by the batch size, as Keras 2's own converter did. The batch size must be
    provable: a literal, a module constant, the generator's batch argument, or for a Sequence or a
    flow its ``len()``; a batch length proven from what the generator yields wins over its
    ``batch_size`` argument. When none is known, the call is left as it was."""

    CODE = "FM105"
    NAME = "batch-size-unknown"
    SEVERITY = "error"
    SUMMARY = "a Keras 1 sample count cannot become a step count: the batch size is not known"
    FIX = "Give steps_per_epoch= (samples // batch_size) yourself, or pass the batch size to the generator as batch_size=."
    FIX_SAFETY = "none"
    VALID = [_GEN.format(params="batch_size=32", rows="batch_size") +
             "model.fit_generator(batches(), samples_per_epoch=640, nb_epoch=2)\n"]
    INVALID = [_GEN.format(params="rows", rows="len(rows)") +
               "model.fit_generator(batches(train_rows), samples_per_epoch=640, nb_epoch=2)\n"]
