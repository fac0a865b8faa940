from fitmigrate.rules import Rule

_GEN = "import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n"


class CountInterpreted(Rule):
    """Says how a positional count was read (samples or steps) and which evidence decided, so the
    reviewer of the diff can check the one guess-prone step of the migration."""

    CODE = "FM200"
    NAME = "count-interpreted"
    SEVERITY = "info"
    SUMMARY = "a positional count was read as samples or steps; the message names the evidence"
    FIX = "Check the evidence; pass the count by keyword to make it explicit."
    FIX_SAFETY = "safe"
    VALID = [_GEN + "model.fit_generator(batches(), steps_per_epoch=100, epochs=5)\n"]
    INVALID = [_GEN + "model.fit_generator(batches(), 100, epochs=5)\n"]
