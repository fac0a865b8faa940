from fitmigrate.rules import Rule


class ModelInputOutputKeywords(Rule):
    """Keras 1's functional ``Model(input=x, output=y)``; Keras 2 converted the names with a warning, Keras
    3 raises ``ValueError: Unrecognized keyword arguments passed to Model``."""

    CODE = "FM410"
    NAME = "model-input-output-keywords"
    SEVERITY = "error"
    SUMMARY = "Model(input=, output=): Keras 1's keywords, which Keras 3 rejects"
    FIX = 'Rename them inputs= and outputs= (`fitmigrate migrate` does).'
    FIX_SAFETY = "safe"
    VALID = ['from keras.layers import Dense, Input\n'
             'from keras.models import Model\n'
             '\n'
             'x = Input(shape=(4,))\n'
             'model = Model(inputs=x, outputs=Dense(2)(x))\n']
    INVALID = ['from keras.layers import Dense, Input\n'
               'from keras.models import Model\n'
               '\n'
               'x = Input(shape=(4,))\n'
               'model = Model(input=x, output=Dense(2)(x))\n']
