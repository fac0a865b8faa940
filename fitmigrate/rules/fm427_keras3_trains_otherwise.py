from fitmigrate.rules import Rule


class Keras3TrainsOtherwise(Rule):
    """Calls Keras 3 runs, and trains otherwise than the Keras that could have run them, measured by the
    numeric oracle (``tests/test_keras3_oracle.py`` against ``tests/legacy_numerics.py``, the update and
    activation formulas of the tagged standalone Keras sources):

    - ``clipnorm=``: standalone Keras 1 to 2.3 clipped the gradients by their *global* norm
      (``Optimizer.get_gradients``), tf.keras and Keras 3 clip each gradient by its own norm; Keras 3's
      ``global_clipnorm=`` is the old clipping. ``migrate`` writes it where only standalone Keras could
      have run the call: a lower-case optimizer name (``sgd``), a signature tf.keras rejected, or a
      module that shows standalone Keras 1-2.3 (an argument only Keras 1 took, ``border_mode=``, or a
      name only Keras <= 2.3 exported, ``AtrousConvolution2D``, ``Merge``). Through ``tensorflow.keras``
      ``clipnorm=`` stays; from ``keras`` with no such evidence the call is reported whole.
    - ``clipnorm=`` with ``clipvalue=``: Keras 1-2.3 applied both, Keras 3 raises ``ValueError``.
    - ``RMSprop``: Keras 1-2.3 (and tf.keras without momentum) divided by ``sqrt(v) + epsilon``,
      Keras 3 divides by ``sqrt(v + epsilon)``: at gradients of 1e-4 Keras 3's steps are a third of the
      old ones, and no Keras 3 argument gives the old update. Also ``optimizer='rmsprop'``.
    - ``Adagrad`` of standalone Keras: accumulators from 0 and epsilon outside the square root;
      Keras 3's start at 0.1, epsilon inside (its first steps some 300 times smaller at gradients of 1e-3).
    - ``'hard_sigmoid'``: Keras 1/2's (and tf.keras's) was ``clip(0.2 * x + 0.5, 0, 1)``, Keras 3's is
      ``relu6(x + 3) / 6``; it was LSTM's and GRU's default recurrent activation in Keras 1 to 2.2,
      and GRU's reset gate came before the recurrent product (``reset_after=False``) to Keras 2.3:
      such a call is reported, and a GRU that relied on ``reset_after=False`` alone, in a module proven
      standalone, gets it written.

    A call that also holds Keras 1/2 arguments to rewrite (``lr=``, ``output_dim=``) is then left
    whole: its other reports say so."""

    CODE = "FM427"
    NAME = "keras3-trains-otherwise"
    SEVERITY = "warning"
    SUMMARY = ("A call Keras 3 runs and trains otherwise: clipnorm= (global in Keras 1-2.3), RMSprop, Adagrad, "
               "'hard_sigmoid', LSTM/GRU defaults")
    FIX = ("Write what the old release computed (global_clipnorm=, reset_after=False; `fitmigrate migrate` does "
           "where only standalone Keras could have run the call), or keep the optimizer or layer on tf_keras.")
    FIX_SAFETY = "safe"
    VALID = ['import keras\n'
             '\n'
             'opt = keras.optimizers.SGD(learning_rate=0.01, global_clipnorm=1.0)\n']
    INVALID = ['from keras.optimizers import SGD\n'
               '\n'
               'opt = SGD(lr=0.01, clipnorm=1.0)\n',
               'from keras.optimizers import RMSprop\n'
               '\n'
               'opt = RMSprop(lr=0.0001)\n']
