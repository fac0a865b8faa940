from fitmigrate.rules import Rule

_GEN = ("import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n")


class ClassWeightAutoRemoved(Rule):
    """``class_weight='auto'`` was accepted by Keras 1 and 2 and weighted nothing (the string was
    never read as weights); Keras 3 and tf_keras raise on it. Removing it keeps what the model was
    trained with. So is a class_weight proven to be an array or a list (``class_totals.max() /
    class_totals``): Keras 1 and 2 read class weights only from a dict and weighted nothing otherwise."""

    CODE = "FM208"
    NAME = "class-weight-auto-removed"
    SEVERITY = "info"
    SUMMARY = "class_weight='auto' removed: it never weighted anything, and Keras 3 rejects it"
    FIX = "Nothing to do; to balance classes, pass a dict of weights computed from the labels."
    FIX_SAFETY = "safe"
    VALID = [_GEN + "model.fit_generator(batches(), steps_per_epoch=10, class_weight={0: 1.0, 1: 2.0})\n"]
    INVALID = [_GEN + "model.fit_generator(batches(), steps_per_epoch=10, class_weight='auto')\n"]
