from fitmigrate.rules import Rule

_SEQ = ("import numpy as np\nfrom tensorflow import keras\n\n\nclass Rows(keras.utils.Sequence):\n"
        "    def __len__(self):\n        return 5\n\n    def __getitem__(self, index):\n"
        "        return np.zeros((4, 2), dtype='float32'), np.zeros((4, 1), dtype='float32')\n\n\nrows = Rows()\n")


class SequenceReadEndlessly(Rule):
    """Legacy Keras (2.0.7 to 2.3.1, ``workers`` 1 or more: the default) read a ``Sequence`` through an
    ``OrderedEnqueuer`` that went round it without end for the whole call: pass after pass, each in a
    new random order when training with ``shuffle=True`` (the default; validation data, ``evaluate`` and
    ``predict`` in order), ``on_epoch_end()`` after each pass. With ``steps_per_epoch=S`` every epoch
    took S batches and the next went on where it stopped. Keras 3 runs at most one pass per epoch and
    resumes mid-pass. So a count that is not one pass gets a small generator function, written just
    before the statement, that is that loop::

        def train_batches(sequence=train):
            while True:
                for index in random.sample(range(len(sequence)), len(sequence)):
                    yield sequence[index]
                sequence.on_epoch_end()

    It feeds ``tf.data.Dataset.from_generator`` when the batches' signature is proven (validation data
    made once, ``lambda generator=validation_batches(): generator``, as legacy Keras kept one enqueuer
    for the whole ``fit``); otherwise, for training, ``fit(train_batches(), ...)`` takes the generator
    object itself: Keras 3 reads its signature from its first two batches, as it does for a Sequence
    given as it is, and keeps one iterator across epochs when ``steps_per_epoch`` is given. The
    Sequence is read on one thread: ``workers=`` and ``use_multiprocessing=`` are removed (FM202);
    ``max_queue_size=`` is the dataset's prefetch. tf.keras 2.x (TensorFlow 2.0 to 2.15) restarted a
    Sequence every epoch instead; fitmigrate keeps Keras 2's loop."""

    CODE = "FM214"
    NAME = "sequence-read-endlessly"
    SEVERITY = "info"
    SUMMARY = "a Sequence given a count that is not one pass is read endlessly, as legacy Keras read it"
    FIX = "Nothing to do; steps_per_epoch=len(seq) would make an epoch one pass of the Sequence."
    FIX_SAFETY = "safe"
    VALID = [_SEQ + "model.fit_generator(rows, steps_per_epoch=len(rows), epochs=2)\n"]
    INVALID = [_SEQ + "model.fit_generator(rows, steps_per_epoch=3, epochs=2)\n",
               _SEQ + "model.evaluate_generator(rows, steps=12)\n"]
