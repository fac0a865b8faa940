# Keras 3 rejects class_weight with a Python generator, and this flow's batches are not proven, so it
# can be read endlessly neither as a dataset nor as a generator. Left as it was (FM107).
from tensorflow.keras.preprocessing.image import ImageDataGenerator


def train(model, x_train, y_train, weights):
    datagen = ImageDataGenerator(rotation_range=2)
    model.fit_generator(datagen.flow(x_train, y_train, batch_size=128), class_weight=weights,
                        epochs=1, steps_per_epoch=100)
