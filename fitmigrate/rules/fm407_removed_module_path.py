from fitmigrate.rules import Rule


class RemovedModulePath(Rule):
    """Keras 2 exposed its layers both from ``keras.layers`` and from the modules that defined them
    (``keras.layers.core``, ``convolutional``, ``normalization``, ``pooling``, ``recurrent``,
    ``advanced_activations``, ``embeddings``, ``wrappers``, ``merge``, ``noise``, ``local``...), its
    model classes from ``keras.engine.*``, and Keras 1 its losses from ``keras.objectives``. Keras 3 has
    none of those modules (``ModuleNotFoundError``). A name that Keras 3 serves from ``keras.layers``
    (or ``keras.models``, ``keras.utils``, ``keras.losses``) is imported from there; one it lacks is
    reported with what to use (FM408). ``keras.wrappers`` itself exists in Keras 3.15 (its
    ``SKLearnClassifier``...); ``keras.wrappers.scikit_learn`` does not (scikeras serves its classes)."""

    CODE = "FM407"
    NAME = "removed-module-path"
    SEVERITY = "error"
    SUMMARY = ('keras.layers.core / convolutional / pooling / recurrent ..., keras.engine, keras.objectives: '
               'modules Keras 3 does not have')
    FIX = ('Import from keras.layers (keras.models, keras.losses) (`fitmigrate migrate` does, when the name '
           'exists there).')
    FIX_SAFETY = "safe"
    VALID = ['from keras.layers import Dense, Dropout\n']
    INVALID = ['from keras.layers.core import Dense, Dropout\n']
