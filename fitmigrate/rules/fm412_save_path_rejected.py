from fitmigrate.rules import Rule


class SavePathRejected(Rule):
    """Keras 3's ``save_weights`` requires a name ending in ``.weights.h5``, ``save`` one ending in
    ``.keras`` or ``.h5`` (a SavedModel folder is ``model.export()``), and ``ModelCheckpoint``
    ``.weights.h5`` with ``save_weights_only=True``, ``.keras`` or ``.h5`` otherwise (``.hdf5`` fails);
    each raises ``ValueError`` (the checkpoint when it is built, before training; ``save_weights`` after
    it). ``ModelCheckpoint(period=)`` is a ``TypeError`` too. Not fixed: renaming the file would break
    every other script, service or notebook that loads it by its old name (``load_weights`` still reads
    old ``.h5`` weights as they are)."""

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
