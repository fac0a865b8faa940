from fitmigrate.rules import Rule

_MODEL = ("import numpy as np\nfrom tensorflow import keras\n\n"
          "model = keras.Sequential([keras.layers.Dense(10, activation='softmax')])\n"
          "model.compile(optimizer='adam', loss='{loss}')\n\n"
          "def batches(batch_size=32):\n    while True:\n"
          "        yield np.random.rand(batch_size, 8), {labels}\n\n"
          "model.fit_generator(batches(), steps_per_epoch=10)\n")


class LabelEncodingMismatch(Rule):
    """The first cause in the classic "fit_generator gives 0 accuracy" write-up: integer class labels
    fed to ``categorical_crossentropy`` (which needs one-hot rows), or one-hot labels fed to
    ``sparse_categorical_crossentropy`` (which needs class ids). The loss comes from the receiver's
    ``compile(...)`` in the same module; the labels from what the generator provably yields."""

    CODE = "FM301"
    NAME = "label-encoding-mismatch"
    SEVERITY = "error"
    SUMMARY = "the labels' encoding does not match the loss (integer ids vs one-hot rows)"
    FIX = ("Wrap integer labels in keras.utils.to_categorical(y, num_classes), or compile with "
           "sparse_categorical_crossentropy (and the reverse for one-hot labels).")
    FIX_SAFETY = "none"
    VALID = [_MODEL.format(loss="categorical_crossentropy",
                           labels="keras.utils.to_categorical(np.random.randint(0, 10, batch_size), num_classes=10)"),
             _MODEL.format(loss="sparse_categorical_crossentropy", labels="np.random.randint(0, 10, batch_size)")]
    INVALID = [_MODEL.format(loss="categorical_crossentropy", labels="np.random.randint(0, 10, batch_size)"),
               _MODEL.format(loss="sparse_categorical_crossentropy",
                             labels="np.eye(10)[np.random.randint(0, 10, batch_size)]")]
