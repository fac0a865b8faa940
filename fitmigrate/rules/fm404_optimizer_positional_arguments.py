from fitmigrate.rules import Rule


class OptimizerPositionalArguments(Rule):
    """Standalone Keras 1 to 2.2 took ``SGD(lr, momentum, decay, nesterov)``, ``Adam(lr, beta_1, beta_2,
    epsilon, decay, amsgrad)``, ``Adagrad(lr, epsilon, decay)``...; Keras 2.3 ``SGD(learning_rate,
    momentum, nesterov)``; tf.keras (and Keras 2.4+) and Keras 3 ``Adagrad(learning_rate,
    initial_accumulator_value, epsilon)``. ``SGD(0.01, 0.9, 1e-6, True)`` would pass the decay as
    nesterov. The arguments are bound to each release's signature (``fitmigrate/legacy/optimizers.py``):
    where the releases that accept the call agree, `migrate` passes the moved ones by keyword, with
    their Keras 1/2 names; where they disagree (``Adagrad(0.01, 1e-08)``: epsilon in Keras 1-2.2,
    initial_accumulator_value in tf.keras), the call is reported only."""

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
    INVALID = ['from keras.optimizers import SGD\n'
               '\n'
               'opt = SGD(0.01, 0.9, 1e-6, True)\n']
