from fitmigrate.rules import Rule

_GEN = "import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n"


class WorkerArgumentsRemoved(Rule):
    """``workers``, ``use_multiprocessing`` (and Keras 1's ``nb_worker``, ``pickle_safe``) ran a plain
    generator on several threads or processes. ``tf.data`` has no equivalent for a Python generator,
    and Keras 3's ``fit`` rejects them, so they leave the call; the dataset's ``prefetch`` keeps the
    read-ahead that ``max_queue_size`` gave."""

    CODE = "FM202"
    NAME = "worker-arguments-removed"
    SEVERITY = "warning"
    SUMMARY = "workers= / use_multiprocessing= were removed: tf.data cannot parallelise a plain generator"
    FIX = "If the generator was the bottleneck, turn it into a keras.utils.PyDataset and pass workers= to its __init__."
    FIX_SAFETY = "unsafe"
    VALID = [_GEN + "model.fit_generator(batches(), steps_per_epoch=10, max_queue_size=4)\n"]
    INVALID = [_GEN + "model.fit_generator(batches(), steps_per_epoch=10, workers=4, use_multiprocessing=True)\n"]
