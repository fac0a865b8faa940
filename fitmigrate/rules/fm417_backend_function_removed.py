from fitmigrate.rules import Rule


class BackendFunctionRemoved(Rule):
    """Keras 3's ``keras.backend`` keeps a dozen functions (``epsilon``, ``floatx``, ``image_data_format``,
    ``clear_session``...). The math of custom losses and metrics (``K.mean``, ``K.square``,
    ``K.clip``...) moved to ``keras.ops``, whose functions mostly, not always, take the same arguments;
    learning-rate callbacks' ``K.get_value`` / ``K.set_value`` are methods of the variable now. Reported
    with the replacement where ``keras.ops`` reads the call otherwise (``K.dot`` of rank > 2, ``K.sqrt``
    clipped negatives to 0, ``K.argmax`` returned int64, ``K.mean`` of a tensor not proven float); where the
    mapping is exact, `migrate` rewrites it (FM425; the optimizer's rate: FM426)."""

    CODE = "FM417"
    NAME = "backend-function-removed"
    SEVERITY = "error"
    SUMMARY = ('a keras.backend function Keras 3 removed (K.mean, K.sum, K.get_value, K.set_value, K.function '
               '...)')
    FIX = ("Use keras.ops (mind the arguments: K.concatenate's axis defaulted to -1, ops.concatenate's to 0), "
           'variable.assign / .numpy() for set_value / get_value.')
    FIX_SAFETY = "none"
    VALID = ['from keras import backend as K\n'
             '\n'
             'eps = K.epsilon()\n']
    INVALID = ['from keras import backend as K\n'
               '\n'
               '\n'
               'def loss(y_true, y_pred):\n'
               '    return K.mean(K.square(y_pred - y_true), axis=-1)\n']
