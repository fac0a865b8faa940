from fitmigrate.rules import Rule


class OptimizerEpsilonNone(Rule):
    """Keras 2.1 to 2.3 defaulted ``epsilon=None`` and read it as ``K.epsilon()`` (1e-07). Keras 3 builds
    the optimizer but fails on the first training step (``ValueError: None values not supported``). The
    fix is exact unless the file changes ``K.epsilon()`` (``set_epsilon``), when it is reported only."""

    CODE = "FM405"
    NAME = "optimizer-epsilon-none"
    SEVERITY = "error"
    SUMMARY = "epsilon=None on a Keras optimizer: Keras 2's K.epsilon(), a crash at Keras 3's first step"
    FIX = 'Give the number: epsilon=1e-07 (`fitmigrate migrate` writes it).'
    FIX_SAFETY = "safe"
    VALID = ['from keras.optimizers import Adam\n'
             '\n'
             'opt = Adam(learning_rate=0.001, epsilon=1e-07)\n']
    INVALID = ['from keras.optimizers import Adam\n'
               '\n'
               'opt = Adam(learning_rate=0.001, epsilon=None)\n']
