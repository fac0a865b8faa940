from fitmigrate.rules import Rule


class PredictClassesRemoved(Rule):
    """Keras 2's ``Sequential.predict_classes`` was ``proba = self.predict(x, batch_size, verbose)`` then
    ``proba.argmax(axis=-1)`` when the output had more than one unit, ``(proba > 0.5).astype('int32')``
    otherwise; ``predict_proba`` was ``predict`` with a warning. The width is what decides, so `migrate`
    fixes ``predict_classes`` only on a Sequential the module builds in one block (``Sequential([...])``
    and ``model.add(...)`` statements) whose last layer that changes the width is a ``Dense`` of a
    literal width; ``predict_proba`` only on a receiver proven to be a Keras model (scikit-learn's
    ``predict_proba`` is not judged). Keras 3's ``predict`` shows a progress bar by default (Keras 2's
    predict_classes did not: pass ``verbose=0`` to keep it quiet)."""

    CODE = "FM411"
    NAME = "predict-classes-removed"
    SEVERITY = "error"
    SUMMARY = 'predict_classes() / predict_proba(), which Keras 3 removed'
    FIX = ('predict_classes: model.predict(x).argmax(axis=-1) for an output of several units, (model.predict(x) '
           "> 0.5).astype('int32') for one; predict_proba: model.predict(x). `fitmigrate migrate` writes them "
           'where the model is proven.')
    FIX_SAFETY = "safe"
    VALID = ['from keras.layers import Dense\n'
             'from keras.models import Sequential\n'
             '\n'
             "model = Sequential([Dense(3, activation='softmax', input_shape=(4,))])\n"
             'labels = model.predict(x).argmax(axis=-1)\n']
    INVALID = ['from keras.layers import Dense\n'
               'from keras.models import Sequential\n'
               '\n'
               "model = Sequential([Dense(3, activation='softmax', input_shape=(4,))])\n"
               'labels = model.predict_classes(x)\n']
