from fitmigrate.rules import Rule


class OptimizerPositionalArguments(Rule):
    """Standalone Keras 1 to 2.2 took ``SGD(lr, momentum, decay, nesterov)``, ``Adam(lr, beta_1, beta_2,
    epsilon, decay, amsgrad)``, ``Adagrad(lr, epsilon, decay)``...; Keras 3 takes ``SGD(learning_rate,
    momentum, nesterov)``, ``Adam(learning_rate, beta_1, beta_2, epsilon, amsgrad)``,
    ``Adagrad(learning_rate, initial_accumulator_value, epsilon)``. ``SGD(0.01, 0.9, 1e-6, True)`` would
    pass the decay as nesterov. Where Keras 2.3's own order (``SGD(lr, momentum, nesterov)``) makes a
    position ambiguous, a literal ``True``/``False`` or number decides; otherwise it is reported only.
    tf.keras already had Keras 3's order."""

    CODE = "FM404"
    NAME = "optimizer-positional-arguments"
    SEVERITY = "error"
    SUMMARY = ('positional optimizer arguments after the learning rate, whose positions mean other parameters in '
               'Keras 3')
    FIX = 'Pass them by keyword (`fitmigrate migrate` does, with the names they had in Keras 1/2).'
    FIX_SAFETY = "safe"
    VALID = ['from keras.optimizers import SGD\n'
             '\n'
             'opt = SGD(0.01, momentum=0.9, nesterov=True)\n']
    INVALID = ['from keras.optimizers import Adagrad\n'
               '\n'
               'opt = Adagrad(0.01, 1e-08)\n']
