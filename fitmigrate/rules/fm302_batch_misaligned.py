from fitmigrate.rules import Rule

_GEN = ("import numpy as np\n\ndef batches(batch_size=32):\n    while True:\n"
        "        yield np.random.rand(batch_size, 8), np.random.rand({labels}, 1)\n\n"
        "model.fit_generator(batches(), steps_per_epoch=10)\n")


class BatchMisaligned(Rule):
    """The second cause in the classic write-up: a batch whose labels do not line up with its images
    (32 images, 64 labels). Keras 3 fails deep inside the graph, or broadcasts and trains on noise.
    Reported when the leading dimensions of x, y and sample weights in one ``yield`` are provably
    different numbers."""

    CODE = "FM302"
    NAME = "batch-misaligned"
    SEVERITY = "error"
    SUMMARY = "x, y and sample weights of one batch have different numbers of samples"
    FIX = "Build x, y and the sample weights from the same indices and the same batch size."
    FIX_SAFETY = "none"
    VALID = [_GEN.format(labels="batch_size")]
    INVALID = [_GEN.format(labels="2 * batch_size")]
