from fitmigrate.rules import Rule


class SavePathRejected(Rule):
    """Keras 3's ``save_weights`` requires a name ending in ``.weights.h5``, ``save`` one ending in
    ``.keras`` or ``.h5`` (a SavedModel folder is ``model.export()``), and ``ModelCheckpoint``
    ``.weights.h5`` with ``save_weights_only=True``, ``.keras`` or ``.h5`` otherwise (``.hdf5`` fails);
    each raises ``ValueError`` (the checkpoint when it is built, before training; ``save_weights`` after
    it). ``ModelCheckpoint(period=)`` is a ``TypeError`` too. Reported where renaming the file could break
    a reader of its old name (another file of the project holds the name, the file ships with the project,
    the name is built at run time, the project cannot be seen whole: the message says which); where every
    load of it is renamed with it, `migrate` renames it (FM423). ``load_weights`` still reads old ``.h5``
    weights as they are."""

    CODE = "FM412"
    NAME = "save-path-rejected"
    SEVERITY = "error"
    SUMMARY = 'save_weights / save / ModelCheckpoint given a file name Keras 3 rejects'
    FIX = 'Name weights files *.weights.h5 and models *.keras (or .h5), here and wherever they are loaded.'
    FIX_SAFETY = "none"
    VALID = ['from keras.models import load_model\n'
             '\n'
             "model = load_model('model.keras')\n"
             "model.save_weights('model.weights.h5')\n"]
    INVALID = ['from keras.models import load_model\n'
               '\n'
               "model = load_model('model.keras')\n"
               "model.save_weights('model.h5')\n"]
