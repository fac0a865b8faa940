# expect: fit epochs=2 steps_per_epoch=2 rows_per_step=4 validation_steps=1 validation_rows=4
"""EarlyStopping on accuracy by its Keras 2.0-2.2 name. Keras 2.2.4 logged metrics=['accuracy'] as
'val_acc' (keras/engine/training.py), so with a rate of 0 (the validation accuracy never improves) and
patience=1 it stopped after the second epoch: the figures above are Keras 2.2.4's, from its
EarlyStopping.on_epoch_end (tf_keras logs 'val_accuracy' and cannot run the script as Keras 2.2 did).
Keras 3 logs 'val_accuracy': under the old name the callback (mode='max') only warns and all five epochs
run (measured on 3.15.1; with mode='auto' it raises ValueError, as it cannot tell which way 'val_acc' goes);
with the name migrate writes it stops where Keras 2.2 did (Keras 3's EarlyStopping stops at the first epoch
after the first whose value does not improve, as 2.2.4's did)."""
import numpy as np
from tensorflow import keras

x = np.arange(24, dtype="float32").reshape(8, 3) / 100
y = np.eye(2, dtype="float32")[np.arange(8) % 2]
x_val = np.arange(100, 112, dtype="float32").reshape(4, 3) / 100
y_val = np.eye(2, dtype="float32")[np.arange(4) % 2]

model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer=keras.optimizers.SGD(lr=0.0), loss="categorical_crossentropy", metrics=["accuracy"])
stop = keras.callbacks.EarlyStopping(monitor="val_acc", patience=1, mode="max")
model.fit(x, y, batch_size=4, epochs=5, verbose=0, shuffle=False, validation_data=(x_val, y_val), callbacks=[stop])
