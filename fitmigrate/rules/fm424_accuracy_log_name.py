from fitmigrate.rules import Rule


class AccuracyLogName(Rule):
    """Keras 2.0-2.2 logged ``metrics=['accuracy']`` as ``acc`` / ``val_acc``; Keras 3 logs ``accuracy`` /
    ``val_accuracy`` (``metrics=['acc']`` is still ``acc``). With ``mode='max'`` training changes without an
    error: ``EarlyStopping(monitor='val_acc', mode='max')`` warns and never stops, ``ModelCheckpoint``
    no longer keeps the best epoch, ``ReduceLROnPlateau`` never reduces; with ``mode='auto'`` each raises
    ``ValueError`` at the first epoch's end; ``history.history['acc']``, ``logs['acc']`` and a
    ``{val_acc:.2f}`` file-name field raise ``KeyError``. Where every ``compile`` of the
    file names its metrics in a literal list holding ``'accuracy'`` (not ``'acc'``), `migrate` writes
    ``accuracy`` / ``val_accuracy`` in those places (``fitmigrate/analysis/metric_names.py``); otherwise it
    warns (the compile is not in the file, or not a literal list)."""

    CODE = "FM424"
    NAME = "accuracy-log-name"
    SEVERITY = "warning"
    SUMMARY = "'acc' / 'val_acc' read from the logs: Keras 3 logs metrics=['accuracy'] as 'accuracy'"
    FIX = "Monitor and read 'accuracy' / 'val_accuracy' (`fitmigrate migrate` does where the compile is proven)."
    FIX_SAFETY = "safe"
    VALID = ["from keras.callbacks import EarlyStopping\n"
             "\n"
             "model.compile('adam', 'categorical_crossentropy', metrics=['accuracy'])\n"
             "stop = EarlyStopping(monitor='val_accuracy', patience=3)\n"]
    INVALID = ["from keras.callbacks import EarlyStopping\n"
               "\n"
               "model.compile('adam', 'categorical_crossentropy', metrics=['accuracy'])\n"
               "stop = EarlyStopping(monitor='val_acc', patience=3)\n"]
