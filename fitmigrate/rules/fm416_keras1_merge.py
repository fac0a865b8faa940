from fitmigrate.rules import Rule


class Keras1Merge(Rule):
    """``Merge([left, right], mode='concat')`` merged Sequential branches and ``merge([a, b], mode='sum')``
    tensors. Keras 2 removed both (``Merge`` lived on in ``keras.legacy`` until 2.2), Keras 3 has
    neither. A ``Merge`` of Sequential models becomes a functional model, a change of structure that is
    done by hand. ``from keras.layers import merge`` is reported and left, not imported as a module:
    it was Keras 1's function (Keras 2's module of the same name held ``concatenate``, ``add``, ...),
    and a module that star-imports this one may call it; only where the file reads nothing but its
    attributes (``merge.concatenate``) is it Keras 2's module, imported from ``keras.layers`` (FM407)."""

    CODE = "FM416"
    NAME = "keras1-merge"
    SEVERITY = "error"
    SUMMARY = "Keras 1's Merge layer / merge() function, removed in Keras 2"
    FIX = 'Use keras.layers.concatenate / add / multiply / average / maximum / dot on functional-API tensors.'
    FIX_SAFETY = "none"
    VALID = ['from keras.layers import concatenate\n'
             '\n'
             'merged = concatenate([a, b])\n']
    INVALID = ['from keras.layers import Merge\n'
               '\n'
               "model.add(Merge([left, right], mode='concat'))\n"]
