from fitmigrate.rules import Rule

_GEN = ("import numpy as np\n\ndef batches():\n    while True:\n"
        "        yield np.random.rand(4, 8), np.random.rand(4, 1)\n\n"
        "model.fit(batches(), steps_per_epoch=10{extra})\n")


class Keras3RejectedArguments(Rule):
    """``workers``, ``use_multiprocessing`` and ``max_queue_size`` were ``fit`` arguments in Keras 2;
    Keras 3 moved them to ``keras.utils.PyDataset.__init__`` and its ``fit`` raises ``TypeError`` on
    them."""

    CODE = "FM307"
    NAME = "keras3-rejected-arguments"
    SEVERITY = "error"
    SUMMARY = "workers= / use_multiprocessing= / max_queue_size= on fit, which Keras 3 rejects"
    FIX = "Pass them to your PyDataset's __init__ (super().__init__(workers=...)), or remove them for tf.data."
    FIX_SAFETY = "none"
    VALID = [_GEN.format(extra="")]
    INVALID = [_GEN.format(extra=", workers=4")]
