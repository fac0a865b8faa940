from fitmigrate.rules import Rule


class WeightsFileRenamed(Rule):
    """Keras 3 raises ``ValueError`` on a weights file not named ``*.weights.h5`` (``save_weights``,
    ``ModelCheckpoint(save_weights_only=True)``) and on a model file named ``*.hdf5`` (``save``,
    ``ModelCheckpoint``). Keras 1 and 2 wrote HDF5 whatever the name, and Keras 3 writes HDF5 under the names
    it accepts. `migrate` renames the file (``best.h5`` -> ``best.weights.h5``, ``model.hdf5`` -> ``model.h5``)
    where it is exact (``fitmigrate/analysis/file_names.py``): the name is a string literal (or the last part
    of ``os.path.join``, or a name bound once to one) whose every occurrence in the file is a save or load
    of the same kind, so every ``load_weights`` of it is renamed with it; no other file of the project holds
    the name, and no file of that name exists in the project. Otherwise FM412 says why not."""

    CODE = "FM423"
    NAME = "weights-file-renamed"
    SEVERITY = "warning"
    SUMMARY = "a weights or model file name Keras 3 rejects, renamed with every load of it"
    FIX = "Name weights files *.weights.h5 (`fitmigrate migrate` does, with their loads)."
    FIX_SAFETY = "unsafe"
    VALID = ["from keras.models import load_model\n"
             "\n"
             "model = load_model('model.keras')\n"
             "model.save_weights('model.weights.h5')\n"]
    # A rename needs the project around the file (tests/test_keras3_breaks.py builds one); without it the
    # same source is FM412's INVALID example.
    INVALID = []
