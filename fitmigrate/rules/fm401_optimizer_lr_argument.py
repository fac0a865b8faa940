from fitmigrate.rules import Rule


class OptimizerLrArgument(Rule):
    """Keras 1 and 2 named the learning rate ``lr``; Keras 2.3 and tf.keras renamed it ``learning_rate``
    and still took ``lr``, Keras 3 raises ``ValueError: Argument(s) not recognized: {'lr': 0.01}`` when
    the optimizer is built, before training starts. Every optimizer (SGD, RMSprop, Adagrad, Adadelta,
    Adam, Adamax, Nadam), spelled through keras, tensorflow.keras or tf.keras, with the Keras 2
    lowercase names too."""

    CODE = "FM401"
    NAME = "optimizer-lr-argument"
    SEVERITY = "error"
    SUMMARY = 'lr= on a Keras optimizer, which Keras 3 rejects'
    FIX = 'Rename it learning_rate= (`fitmigrate migrate` does).'
    FIX_SAFETY = "safe"
    VALID = ['from keras.optimizers import SGD\n'
             '\n'
             'opt = SGD(learning_rate=0.01, momentum=0.9)\n']
    INVALID = ['from keras.optimizers import SGD\n'
               '\n'
               'opt = SGD(lr=0.01, momentum=0.9)\n']
