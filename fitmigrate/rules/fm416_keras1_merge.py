from fitmigrate.rules import Rule


class Keras1Merge(Rule):
    """``Merge([left, right], mode='concat')`` merged Sequential branches and ``merge([a, b], mode='sum')``
    tensors. Keras 2.0 to 2.1 kept both, deprecated (``keras/legacy/layers.py``, star-imported last by
    ``keras/layers/__init__.py``, so ``keras.layers.merge`` was still the function); Keras 2.2 removed them,
    and Keras 3 has neither. A ``Merge`` of Sequential models becomes a functional model, a change of
    structure that is done by hand. ``from keras.layers import merge`` is reported and left, not imported
    as a module: it was Keras 1's (and 2.0-2.1's) function (from Keras 2.2 the name was the module that
    holds ``concatenate``, ``add``, ...), and a module that star-imports this one may call it; only where
    the file reads nothing but its attributes (``merge.concatenate``) is it that module, imported from
    ``keras.layers`` (FM407)."""

    CODE = "FM416"
    NAME = "keras1-merge"
    SEVERITY = "error"
    SUMMARY = "Keras 1's Merge layer / merge() function, removed in Keras 2.2"
    FIX = 'Use keras.layers.concatenate / add / multiply / average / maximum / dot on functional-API tensors.'
    FIX_SAFETY = "none"
    VALID = ['from keras.layers import concatenate\n'
             '\n'
             'merged = concatenate([a, b])\n']
    INVALID = ['from keras.layers import Merge\n'
               '\n'
               "model.add(Merge([left, right], mode='concat'))\n"]
