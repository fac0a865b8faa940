from fitmigrate.rules import Rule

_SLICES = ("import numpy as np\n\nx = np.zeros((1000, 4), dtype='float32')\ny = np.zeros((1000, 1), dtype='float32')\n\n\n"
           "def slices(x, y, batch_size=32):\n    while True:\n        for start in range(0, len(x), batch_size):\n"
           "            yield x[start:start + batch_size], y[start:start + batch_size]\n\n\n")


class SamplesCountedByTheDataset(Rule):
    """Keras 1 (1.0 to 1.2.2) took batches from the one generator of a call until it had seen the
    sample count: ``samples_per_epoch`` every epoch, ``nb_val_samples`` every validation pass (each
    going on where the last stopped), ``val_samples`` for ``evaluate_generator`` and
    ``predict_generator`` (which returned exactly that many rows; a batch past them raised
    ``ValueError``). When its batches are not provably all one length (slices with a short last batch,
    an ImageDataGenerator flow given another count than its own), no step count says how many batches
    that was, so the count goes into the dataset: a generator function written just before the
    statement takes batches from the source until it has seen that many samples, and the dataset calls
    it again each epoch (or pass)::

        def val_batches(source=slices(x_val, y_val), samples=nb_val_samples):
            seen = 0
            while seen < samples:
                batch = next(source)
                seen += len(batch[0])
                yield batch

    Keras 3 then runs each epoch to its end (no ``steps_per_epoch``). It learns a training epoch's
    length from the first epoch and cuts any later one after one step more, which Keras 1's epochs
    never need when the source is a flow (full batches and one short batch at the end of each pass):
    a training count is read this way only from a flow (FM105 otherwise). Validation, ``evaluate``
    and ``predict`` start afresh at each pass and run to the end. The batches' signature must be
    proven."""

    CODE = "FM215"
    NAME = "samples-counted-by-the-dataset"
    SEVERITY = "info"
    SUMMARY = "a Keras 1 sample count over batches of varying length is counted by the dataset, as Keras 1 counted"
    FIX = "Nothing to do; a generator whose batches all hold batch_size rows would get a step count instead."
    FIX_SAFETY = "safe"
    VALID = [_SLICES + "model.fit_generator(slices(x, y), samples_per_epoch=len(x), nb_epoch=2)\n"]
    INVALID = [_SLICES + "predictions = model.predict_generator(slices(x, y), val_samples=len(x))\n"]
