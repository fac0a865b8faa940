from fitmigrate.rules import Rule

_WRAPPER = '''
from keras.preprocessing.image import ImageDataGenerator
import numpy as np

flow = ImageDataGenerator().flow(np.zeros((64, 32, 32, 3), dtype="float32"), np.zeros((64, 1)), batch_size=8)


def two_inputs():
    while True:
        x, y = NEXT
        yield (x, x), y


model.fit_generator(two_inputs(), steps_per_epoch=8)
'''


class IteratorNextMethod(Rule):
    """A generator that wraps a Keras iterator (an ImageDataGenerator flow) reads its batches with
    ``flow.next()``. Keras 3's iterators (``tf.keras.preprocessing.image``, a ``PyDataset``) have no
    ``next()`` method, only ``__next__``: the migrated script would stop with ``AttributeError`` at the
    first batch. Legacy Keras's ``__next__`` called ``next()``, so ``next(flow)`` reads the same batch
    in both; the call ``flow.next()`` in the generator's module is rewritten so. One in a module this
    run does not edit refuses the call (FM103), naming it."""

    CODE = "FM217"
    NAME = "iterator-next-method"
    SEVERITY = "info"
    SUMMARY = "flow.next() in a generator becomes next(flow): Keras 3's iterators have no next() method"
    FIX = "Nothing to do: the same batch is read."
    FIX_SAFETY = "safe"
    VALID = [_WRAPPER.replace("NEXT", "next(flow)")]
    INVALID = [_WRAPPER.replace("NEXT", "flow.next()")]
