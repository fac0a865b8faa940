from fitmigrate.rules import Rule

_GEN = ("import numpy as np\n\nx_train = np.zeros((100, 2), dtype='float32')\nbatch_size = 32\n\n\n"
        "def batches():\n    while True:\n        yield np.zeros((4, 2), dtype='float32'), np.zeros((4, 1), dtype='float32')\n\n\n")


class FloatCountRoundedUp(Rule):
    """A step count that is a float (``steps_per_epoch=len(x_train) / batch_size``, the form
    Keras 2's own documentation used, or a name assigned one) was given as the integer the legacy loop
    ran. Keras 2 ran ``while steps_done < steps_per_epoch`` (``validation_steps`` and ``steps`` alike;
    tf.keras too), so a float count meant its ceiling; Keras 3 raises ``TypeError: 'float' object cannot
    be interpreted as an integer`` (on a numpy float as well). The count is written
    ``-(-len(x_train) // batch_size)`` when both sides of the division are provably integers,
    ``int(...)`` of a float that is already whole (``np.ceil(...)``), else ``math.ceil(...)``, with
    ``import math`` added where the module has no name for it. A count given with a flow, ``len(x) /
    batch_size`` for ``flow(x, batch_size=batch_size)``, is its one pass, ``len(it)``."""

    CODE = "FM213"
    NAME = "float-count-rounded-up"
    SEVERITY = "info"
    SUMMARY = "a float step count became the integer the legacy loop ran (its ceiling)"
    FIX = "Nothing to do; give integer step counts in new code."
    FIX_SAFETY = "safe"
    VALID = [_GEN + "model.fit_generator(batches(), steps_per_epoch=len(x_train) // batch_size)\n"]
    INVALID = [_GEN + "model.fit_generator(batches(), steps_per_epoch=len(x_train) / batch_size)\n"]
