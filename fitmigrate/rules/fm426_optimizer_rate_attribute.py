from fitmigrate.rules import Rule


class OptimizerRateAttribute(Rule):
    """Keras 3's optimizers have no ``lr`` (``AttributeError``), and their rate is a Keras 3 variable that
    ``K.set_value`` cannot assign (``tensorflow.keras.backend.set_value`` raises ``AttributeError`` on it).
    `migrate` writes ``model.optimizer.learning_rate`` for a read of ``model.optimizer.lr`` (the same rate
    variable), ``model.optimizer.learning_rate.assign(value)`` for ``K.set_value(model.optimizer.lr, value)``
    (the value cast to the variable's dtype, as ``K.set_value`` did) and ``model.optimizer.learning_rate.numpy()``
    for ``K.get_value`` / ``K.eval`` of it (a numpy float32, as before). ``model.optimizer.lr = value`` is
    reported: in Keras 2 it replaced the variable with a number, read only if training had not started."""

    CODE = "FM426"
    NAME = "optimizer-rate-attribute"
    SEVERITY = "error"
    SUMMARY = "the optimizer's rate through lr / K.get_value / K.set_value (Keras 3: learning_rate, a variable)"
    FIX = "Use optimizer.learning_rate, .assign(value), .numpy() (`fitmigrate migrate` does)."
    FIX_SAFETY = "safe"
    VALID = ["import keras\n"
             "\n"
             "class Halve(keras.callbacks.Callback):\n"
             "    def on_epoch_end(self, epoch, logs=None):\n"
             "        self.model.optimizer.learning_rate.assign(self.model.optimizer.learning_rate * 0.5)\n"]
    INVALID = ["import keras\n"
               "from keras import backend as K\n"
               "\n"
               "class Halve(keras.callbacks.Callback):\n"
               "    def on_epoch_end(self, epoch, logs=None):\n"
               "        K.set_value(self.model.optimizer.lr, K.get_value(self.model.optimizer.lr) * 0.5)\n"]
