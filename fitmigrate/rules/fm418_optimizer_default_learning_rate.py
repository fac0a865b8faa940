from fitmigrate.rules import Rule


class OptimizerDefaultLearningRate(Rule):
    """Standalone Keras 1 to 2.3 defaulted ``Adadelta`` to a learning rate of 1.0, ``Adagrad`` to 0.01,
    ``Adamax`` and ``Nadam`` to 0.002; Keras 3 (and tf.keras) default all four to 0.001. A script
    written for standalone Keras that relies on the default (``Adadelta()``, ``optimizer='adadelta'``)
    trains up to 1000 times slower, with no error. Reported, not fixed: whether the script was tuned
    under standalone Keras 2.3 or earlier, or under tf.keras and Keras 2.4+ (which had Keras 3's
    defaults), is not in the code."""

    CODE = "FM418"
    NAME = "optimizer-default-learning-rate"
    SEVERITY = "warning"
    SUMMARY = ("Adagrad / Adadelta / Adamax / Nadam without a learning rate: Keras 1-2.3's default is not Keras "
               "3's")
    FIX = ('Write the learning rate the script was tuned with (Keras 2: Adagrad 0.01, Adadelta 1.0, Adamax '
           '0.002, Nadam 0.002).')
    FIX_SAFETY = "none"
    VALID = ['from keras.optimizers import Adadelta\n'
             '\n'
             'opt = Adadelta(learning_rate=1.0)\n']
    INVALID = ['from keras.optimizers import Adadelta\n'
               '\n'
               'opt = Adadelta()\n']
