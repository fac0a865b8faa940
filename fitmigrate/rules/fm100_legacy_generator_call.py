from fitmigrate.rules import Rule

_GEN = "import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n"


class LegacyGeneratorCall(Rule):
    """``fit_generator``, ``evaluate_generator`` and ``predict_generator`` were removed in Keras 3
    (TensorFlow 2.16 and later): the call raises ``AttributeError``. ``fitmigrate check`` reports each
    one and says whether ``fitmigrate migrate`` can rewrite it (to ``fit``/``evaluate``/``predict`` on a
    ``tf.data.Dataset.from_generator`` with a proven signature) or why not."""

    CODE = "FM100"
    NAME = "legacy-generator-call"
    SEVERITY = "error"
    SUMMARY = "a fit_generator-family call, removed in Keras 3"
    FIX = "Run `fitmigrate migrate` on the file; where it cannot, the diagnostic beside this one says what to do."
    FIX_SAFETY = "safe"
    VALID = [_GEN + "model.fit(batches(), steps_per_epoch=10)\n"]
    INVALID = [_GEN + "model.fit_generator(batches(), steps_per_epoch=10)\n"]
