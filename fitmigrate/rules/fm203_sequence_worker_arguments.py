from fitmigrate.rules import Rule

_SEQ = '''
import numpy as np
from keras.utils import Sequence


class Batches(Sequence):
    def __len__(self):
        return 10

    def __getitem__(self, index):
        return np.zeros((4, 2)), np.zeros((4, 1))


{call}
'''


class SequenceWorkerArguments(Rule):
    """Keras 3 takes a ``Sequence``/``PyDataset`` (an ImageDataGenerator flow is one) directly in ``fit``,
    but ``workers``, ``use_multiprocessing`` and ``max_queue_size`` are no longer ``fit`` arguments: they
    are the PyDataset's own, read when each ``fit``/``evaluate``/``predict`` starts (Keras 3 then loads
    the batches with an ordered enqueuer, as legacy Keras did: same batches, same order). So they move
    there: when the Sequence or flow is a name (``train``, ``self.train_seq``), ``train.workers = 4`` and
    the others are set on the line before the call's statement, which is that call's setting; when it is
    made in the call by a class whose ``__init__`` passes ``**kwargs`` to ``super().__init__``, they
    become keywords of that constructor. A validation Sequence gets them too (legacy Keras loaded it
    with the same workers). The setting stays on the object, so a later call on it without them keeps
    the workers (the batches are the same; only the loading differs from legacy's one thread). Anywhere
    else (a flow or a class made inline that does not take the keywords, a call inside an expression)
    they are only removed, and the message says where they go."""

    CODE = "FM203"
    NAME = "sequence-worker-arguments"
    SEVERITY = "warning"
    SUMMARY = "workers= / use_multiprocessing= / max_queue_size= moved to the PyDataset (or removed, where they cannot be)"
    FIX = ("Where they were only removed, set them on the PyDataset before the call (seq.workers = 4) or call "
           "super().__init__(**kwargs) in the Sequence's __init__ and pass them to its constructor.")
    FIX_SAFETY = "unsafe"  # where they are only removed, loading is serial (the batches are the same)
    VALID = [_SEQ.format(call="model.fit_generator(Batches(), steps_per_epoch=10)")]
    INVALID = [_SEQ.format(call="model.fit_generator(Batches(), steps_per_epoch=10, workers=4, use_multiprocessing=True)"),
               _SEQ.format(call="train = Batches()\nmodel.fit_generator(train, steps_per_epoch=10, workers=4)")]
