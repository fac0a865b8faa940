from fitmigrate.rules import Rule


class OptimizerLowercaseName(Rule):
    """Keras 2's ``keras/optimizers.py`` ended with ``sgd = SGD``, ``adam = Adam`` and so on for every
    optimizer. Keras 3 has only the classes: ``keras.optimizers.adam(...)`` raises ``AttributeError``
    and ``from keras.optimizers import adam`` raises ``ImportError``."""

    CODE = "FM403"
    NAME = "optimizer-lowercase-name"
    SEVERITY = "error"
    SUMMARY = "keras.optimizers.adam / sgd / rmsprop ...: Keras 2's lowercase aliases, which Keras 3 lacks"
    FIX = ('Use the class name (Adam, SGD, ...); `fitmigrate migrate` renames it (`from keras.optimizers import '
           "Adam as adam` keeps the file's own name).")
    FIX_SAFETY = "safe"
    VALID = ['from keras import optimizers\n'
             '\n'
             'opt = optimizers.Adam(learning_rate=0.001)\n']
    INVALID = ['from keras import optimizers\n'
               '\n'
               'opt = optimizers.adam()\n']
