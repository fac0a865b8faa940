from fitmigrate.rules import Rule

_IMAGES = '''
import numpy as np
from PIL import Image


def batches(paths, labels):
    while True:
        index = np.random.randint(0, len(paths), 16)
        images = np.array([np.asarray(Image.open(paths[i])) for i in index])
        yield images, labels[index]


model.fit_generator(batches(paths, np.zeros((100, 1), dtype="float32")), steps_per_epoch=10, epochs=3)
'''


class GeneratorReadByKeras(Rule):
    """The generator's batches are proven to be tuples (and dicts) of arrays all the way down, but a
    leaf's dtype or rank is not (images decoded from files), so no ``output_signature`` can be written.
    Keras 3's own ``fit(generator)`` needs none: it reads the dtypes and shapes from the generator's first
    two batches, replays them, and goes on through the generator from epoch to epoch, as legacy Keras's
    ``fit_generator`` did (measured: 3 epochs of 3 steps read batches 0 to 8; ``initial_epoch`` and a
    batch length that varies alike; ``evaluate`` / ``predict`` read ``steps`` batches once). So the
    generator object is passed as it is, where that is exact: the training data of ``fit`` (and the data
    of ``evaluate`` / ``predict``), a generator function never leaving its ``while True`` loop (Keras 3
    replays the first two batches if a generator runs out, where legacy Keras stopped), with no
    ``class_weight`` (Keras 3 takes none with a generator). A decorated generator function
    (``@threadsafe_generator``) may return another iterator, which Keras 3 does not read: it is given
    through a generator expression, ``(batch for batch in gen())``. Never for validation data:
    Keras 3 replays a validation generator's first two batches at every validation pass. A dimension
    other than the batch's that the first two batches agree on is fixed for the run, as it is for a
    ``Sequence``. A proven signature is always preferred; ``fitmigrate verify`` checks the batches."""

    CODE = "FM216"
    NAME = "generator-read-by-keras"
    SEVERITY = "warning"
    SUMMARY = "the generator is passed as it is: Keras 3 reads its dtypes and shapes from its first two batches"
    FIX = "Run `fitmigrate verify` on the migrated script; give the arrays an explicit dtype to get a written signature."
    FIX_SAFETY = "safe"
    VALID = [_IMAGES.replace("np.array([np.asarray(Image.open(paths[i])) for i in index])",
                             "np.zeros((16, 32, 32, 3), dtype='float32')")]
    INVALID = [_IMAGES]
