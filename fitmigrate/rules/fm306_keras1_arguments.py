from fitmigrate.rules import Rule

_GEN = ("import numpy as np\n\ndef batches():\n    while True:\n"
        "        yield np.random.rand(4, 8), np.random.rand(4, 1)\n\n"
        "model.fit(batches(), steps_per_epoch=10, {epochs}=3)\n")


class Keras1Arguments(Rule):
    """Keras 1 argument names (``nb_epoch``, ``samples_per_epoch``, ``nb_val_samples``, ``nb_worker``,
    ``pickle_safe``, ``max_q_size``) on ``fit``/``evaluate``/``predict``: Keras 3 rejects them with a
    ``TypeError``."""

    CODE = "FM306"
    NAME = "keras1-arguments"
    SEVERITY = "error"
    SUMMARY = "a Keras 1 argument name on fit/evaluate/predict"
    FIX = ("Rename it (nb_epoch -> epochs, samples_per_epoch -> steps_per_epoch in steps) or remove it; "
           "`fitmigrate migrate` renames nb_epoch= on fit() (the same argument in every Keras).")
    FIX_SAFETY = "safe"
    VALID = [_GEN.format(epochs="epochs")]
    INVALID = [_GEN.format(epochs="nb_epoch")]
