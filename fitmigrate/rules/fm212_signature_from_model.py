from fitmigrate.rules import Rule

_MODEL = ("import numpy as np\nfrom keras.models import Sequential\nfrom keras.layers import Dense\n\n"
          "def batches(paths):\n    while True:\n        yield np.array([read(p) for p in paths]), np.zeros((len(paths), 3))\n\n"
          "model = Sequential()\nmodel.add(Dense(3, activation='softmax', input_shape=(8,)))\n"
          "model.compile('sgd', 'categorical_crossentropy')\n")


class SignatureFromModel(Rule):
    """The generator's batches have a proven structure but a leaf whose dtype (or rank) no static
    analysis can know, such as images decoded from files. When the model the call trains is spelled
    out in the same module (a Sequential whose first layer declares ``input_shape``, or ``Input(...)``
    layers fed to ``Model(...)``), each such input leaf is declared with the shape and dtype the
    model's input declares: Keras converts its inputs to that dtype before the first layer, so the
    conversion ``from_generator`` performs is the one the legacy path performed. A target is declared
    only for ``categorical_crossentropy`` / ``binary_crossentropy`` with a ``Dense(units)`` output:
    float32 rows of that width, which Keras casts labels to anyway. A proven dtype is always kept (never
    narrowed), and a proven rank that disagrees with the model's refuses the call. ``fitmigrate verify``
    confirms the signature on real batches."""

    CODE = "FM212"
    NAME = "signature-from-model"
    SEVERITY = "warning"
    SUMMARY = "output_signature leaves taken from the model's declared inputs (and one-hot output)"
    FIX = "Run `fitmigrate verify` on the migrated script to confirm the signature on real batches."
    FIX_SAFETY = "unsafe"
    VALID = [_MODEL.replace("np.array([read(p) for p in paths])", "np.zeros((len(paths), 8), dtype='float32')") +
             "model.fit_generator(batches(train), steps_per_epoch=10)\n"]
    INVALID = [_MODEL + "model.fit_generator(batches(train), steps_per_epoch=10)\n"]
