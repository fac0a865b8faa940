from fitmigrate.rules import Rule

_GEN = "import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n"


class ArgumentsNotMappable(Rule):
    """Arguments are mapped one by one to ``fit``'s keywords; ``*args``/``**kwargs`` hide which is
    which, and positional arguments past ``validation_steps`` changed order between Keras releases
    (``class_weight`` vs ``validation_freq``). Such calls are left as they were."""

    CODE = "FM106"
    NAME = "arguments-not-mappable"
    SEVERITY = "error"
    SUMMARY = "the call's arguments cannot be mapped one by one; the call is left as it was"
    FIX = "Pass the arguments by keyword, then run migrate again."
    FIX_SAFETY = "none"
    VALID = [_GEN + "model.fit_generator(batches(), steps_per_epoch=10, epochs=2)\n"]
    INVALID = [_GEN + "options = dict(steps_per_epoch=10)\nmodel.fit_generator(batches(), **options)\n"]
