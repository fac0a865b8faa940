from fitmigrate.rules import Rule

_SEQ = '''
import numpy as np
from keras.utils import Sequence


class Batches(Sequence):
    def __len__(self):
        return 10

    def __getitem__(self, index):
        return np.zeros((4, 2)), np.zeros((4, 1))


model.fit_generator(Batches(), steps_per_epoch=10{extra})
'''


class SequenceWorkerArguments(Rule):
    """Keras 3 takes a ``Sequence``/``PyDataset`` directly in ``fit``, but ``workers``,
    ``use_multiprocessing`` and ``max_queue_size`` are no longer ``fit`` arguments: they belong to
    ``PyDataset.__init__``. They leave the call; the message says where they go."""

    CODE = "FM203"
    NAME = "sequence-worker-arguments"
    SEVERITY = "warning"
    SUMMARY = "workers= / use_multiprocessing= / max_queue_size= now belong to PyDataset.__init__"
    FIX = "Call super().__init__(workers=..., use_multiprocessing=..., max_queue_size=...) in the Sequence's __init__."
    FIX_SAFETY = "unsafe"
    VALID = [_SEQ.format(extra="")]
    INVALID = [_SEQ.format(extra=", workers=4, use_multiprocessing=True")]
