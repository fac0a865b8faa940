from fitmigrate.rules import Rule

_GEN = "import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n"
_SIZED = "def sized(n):\n    while True:\n        yield np.zeros((n, 2)), np.zeros((n, 1))\n\n"


class MigrationHeldBack(Rule):
    """A call refused because nothing in the file shows which Keras it ran on (FM104, or a Keras 1
    sample count that cannot be converted) would be migrated by the next run as soon as a Keras 2 name
    (``epochs=``, ``steps_per_epoch=``, ``kernel_initializer=``...) is in the file: the next run would
    read its count as steps, on evidence fitmigrate wrote. So while that call is refused, the
    migrations and Keras 3 fixes that would write such a name are held back and reported: this code on
    a held-back call, the fix's own code (with "held back") on a held-back fix. Run twice, the file is
    decided the same way. Settling the refused call (its count by keyword) releases them."""

    CODE = "FM108"
    NAME = "migration-held-back"
    SEVERITY = "error"
    SUMMARY = "held back: migrating it would write a Keras 2 name that a refused call's decision rests on"
    FIX = ("Settle the refused call first (give its count as steps_per_epoch= / steps= or samples_per_epoch= / "
           "val_samples=), then run migrate again.")
    FIX_SAFETY = "none"
    VALID = [_GEN + _SIZED + "model.fit_generator(batches(), samples_per_epoch=100, nb_epoch=5)\n"
                             "model.fit_generator(sized(size), steps_per_epoch=100, epochs=5)\n"]
    INVALID = [_GEN + _SIZED + "model.fit_generator(batches(), samples_per_epoch=100, nb_epoch=5)\n"
                               "model.fit_generator(sized(size), 100, 5)\n"]
