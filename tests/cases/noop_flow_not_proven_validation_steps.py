# A validation flow given validation_steps that are not one pass, whose batches are not proven: Keras 3
# would read a generator given as validation data from its first two batches again at every pass.
# Left as it was (FM107).
from tensorflow.keras.preprocessing.image import ImageDataGenerator


def train(model, x_train, y_train, x_val, y_val):
    datagen = ImageDataGenerator()
    model.fit_generator(datagen.flow(x_train, y_train), steps_per_epoch=len(x_train) // 32, epochs=5,
                        validation_data=datagen.flow(x_val, y_val), validation_steps=10)
