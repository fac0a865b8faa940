from fitmigrate.rules import Rule


class OptimizerDecayArgument(Rule):
    """Keras 1 and 2 applied ``lr_t = lr / (1 + decay * iterations)`` at every step. Keras 3 takes
    ``decay=`` only to warn that it is ignored: training runs, at a constant learning rate. The same
    schedule is ``InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)``: Keras 3 evaluates it at the
    iteration count before each update, as Keras 2 did (the numeric oracle steps Keras 3 against
    standalone Keras's own formulas, ``tests/legacy_numerics.py``, at gradients of 1e-2 to 1e-5: SGD,
    Adamax and Adadelta within 3e-7, Adam within 8e-6). `migrate` writes it unless the file
    sets or reads the learning rate while training (``LearningRateScheduler``, ``ReduceLROnPlateau``,
    ``K.set_value``, ``optimizer.lr``: a schedule cannot be set), or the learning rate is the
    optimizer's default and that default differs between Keras 2 and tf.keras. ``decay=0`` is removed.
    Nadam's ``schedule_decay`` has no Keras 3 counterpart (its momentum schedule is fixed) and is
    reported only; so is the decay of RMSprop and of standalone Adagrad, whose steps Keras 3 computes
    otherwise (FM427). A call is rewritten whole or not at all: where ``decay=`` cannot be translated, the
    call's ``lr=`` is left too (renamed alone, the line would run under Keras 3 with its decay ignored)."""

    CODE = "FM402"
    NAME = "optimizer-decay-argument"
    SEVERITY = "error"
    SUMMARY = ('decay= on a Keras optimizer: Keras 3 ignores it (a warning), so the learning rate no longer '
               'decays')
    FIX = ('Use learning_rate=keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay) '
           '(`fitmigrate migrate` writes it where that is exact).')
    FIX_SAFETY = "safe"
    VALID = ['from keras.optimizers import schedules, SGD\n'
             '\n'
             'opt = SGD(learning_rate=schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6))\n']
    INVALID = ['from keras.optimizers import SGD\n'
               '\n'
               'opt = SGD(lr=0.01, decay=1e-6, momentum=0.9)\n']
