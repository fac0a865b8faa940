"""Keras 2.0-2.2 logged metrics=['accuracy'] as 'acc' / 'val_acc', Keras 3 as 'accuracy' / 'val_accuracy'
(FM424): the callbacks monitored a value Keras 3 never logs (no early stop, no checkpoint), the history
and the file name's field were KeyErrors."""
from keras.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau
from keras.layers import Dense
from keras.models import Sequential

model = Sequential([Dense(10, activation="softmax", input_dim=20)])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
callbacks = [
    EarlyStopping(monitor="val_acc", patience=5, mode="max"),
    ModelCheckpoint("weights-{epoch:02d}-{val_acc:.3f}.h5", monitor="val_acc", save_best_only=True),
    ReduceLROnPlateau("val_acc", factor=0.5),
]
history = model.fit(x, y, validation_split=0.1, epochs=50, callbacks=callbacks)
curves = history.history
print(max(curves["val_acc"]), history.history['acc'][-1])
# output
"""Keras 2.0-2.2 logged metrics=['accuracy'] as 'acc' / 'val_acc', Keras 3 as 'accuracy' / 'val_accuracy'
(FM424): the callbacks monitored a value Keras 3 never logs (no early stop, no checkpoint), the history
and the file name's field were KeyErrors."""
from keras.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau
from keras.layers import Dense
from keras.models import Sequential

model = Sequential([Dense(10, activation="softmax", input_dim=20)])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
callbacks = [
    EarlyStopping(monitor="val_accuracy", patience=5, mode="max"),
    ModelCheckpoint("weights-{epoch:02d}-{val_accuracy:.3f}.h5", monitor="val_accuracy", save_best_only=True),
    ReduceLROnPlateau("val_accuracy", factor=0.5),
]
history = model.fit(x, y, validation_split=0.1, epochs=50, callbacks=callbacks)
curves = history.history
print(max(curves["val_accuracy"]), history.history['accuracy'][-1])
