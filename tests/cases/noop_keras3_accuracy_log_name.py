"""metrics=['acc'] is logged 'acc' by Keras 3 too: nothing to rename."""
from keras.callbacks import EarlyStopping
from keras.layers import Dense
from keras.models import Sequential

model = Sequential([Dense(10, activation="softmax", input_dim=20)])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["acc"])
history = model.fit(x, y, validation_split=0.1, epochs=50, callbacks=[EarlyStopping(monitor="val_acc")])
print(history.history["val_acc"])
