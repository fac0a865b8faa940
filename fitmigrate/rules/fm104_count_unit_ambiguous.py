from fitmigrate.rules import Rule

_GEN = "import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n"


class CountUnitAmbiguous(Rule):
    """The second positional argument of ``fit_generator`` counts *samples* in Keras 1
    (``samples_per_epoch``) and *steps* in Keras 2 (``steps_per_epoch``). Guessing wrong trains for
    ``batch_size`` times too many or too few steps. The analyzer looks for evidence, strongest first:
    the call's other keywords (``nb_epoch`` vs ``epochs``), the argument itself (``gen.nb_sample``,
    ``len(train_x)``, ``n_samples`` vs ``len(seq)``, ``steps``), then the file's Keras 1 API use
    (``nb_filter``, ``border_mode=``, ``Convolution2D``, ``np_utils``). With none, it refuses."""

    CODE = "FM104"
    NAME = "count-unit-ambiguous"
    SEVERITY = "error"
    SUMMARY = "a positional count may be samples (Keras 1) or steps (Keras 2), and nothing says which"
    FIX = "Pass the count by keyword: steps_per_epoch= (steps) or samples_per_epoch= (samples)."
    FIX_SAFETY = "none"
    VALID = [_GEN + "model.fit_generator(batches(), 100, epochs=5)\n"]
    INVALID = [_GEN + "model.fit_generator(batches(), 100, 5)\n"]
