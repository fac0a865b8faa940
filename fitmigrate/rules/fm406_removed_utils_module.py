from fitmigrate.rules import Rule


class RemovedUtilsModule(Rule):
    """Keras 3 keeps only ``keras.utils`` itself: ``from keras.utils import np_utils`` or ``from
    keras.utils.np_utils import to_categorical`` raise ``ImportError``. `migrate` imports
    ``keras.utils`` under the file's own name (``from keras import utils as np_utils``) or moves the
    import, when every name the file uses is in Keras 3's ``keras.utils``; the rest
    (``probas_to_classes``, ``HDF5Matrix``, ``multi_gpu_model``...) is reported with what to use. Keras
    1's ``nb_classes=`` becomes ``num_classes=``, and ``to_categorical(..., dtype=d)`` (Keras 3 has no
    dtype) becomes ``to_categorical(...).astype(d)``. The fix is marked unsafe for one reason: Keras 3's
    to_categorical returns float64 where Keras 2.2.3+ and tf.keras returned float32 (Keras 1 and 2.0
    returned float64 too). Training is the same, Keras casts labels to the model's dtype (measured:
    identical weights and history with float32 and float64 one-hot labels), but code that reads the
    array's dtype sees float64."""

    CODE = "FM406"
    NAME = "removed-utils-module"
    SEVERITY = "error"
    SUMMARY = 'keras.utils.np_utils / generic_utils / data_utils / vis_utils ...: modules Keras 3 does not have'
    FIX = ('Import from keras.utils (`fitmigrate migrate` does, when keras.utils serves every name the file '
           'uses).')
    FIX_SAFETY = "unsafe"
    VALID = ['from keras.utils import to_categorical\n'
             '\n'
             'y = to_categorical([0, 1, 2], 3)\n']
    INVALID = ['from keras.utils import np_utils\n'
               '\n'
               'y = np_utils.to_categorical([0, 1, 2], 3)\n']
