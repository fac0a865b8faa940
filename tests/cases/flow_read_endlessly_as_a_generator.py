# A flow given another count than one pass, whose arrays come from the caller: no output_signature can
# be proven, so the flow goes to fit as a Python generator over it, which Keras 3 reads itself (FM211).
# The flow's lines stay aligned inside it.
from keras.preprocessing.image import ImageDataGenerator


def train(model, data, batch_size=32):
    (x_train, y_train), (x_test, y_test) = data
    datagen = ImageDataGenerator(width_shift_range=0.1, horizontal_flip=True)
    model.fit_generator(datagen.flow(x_train, y_train,
                                     batch_size=batch_size),
                        steps_per_epoch=x_train.shape[0] // batch_size,
                        epochs=50,
                        validation_data=(x_test, y_test))
# output
# A flow given another count than one pass, whose arrays come from the caller: no output_signature can
# be proven, so the flow goes to fit as a Python generator over it, which Keras 3 reads itself (FM211).
# The flow's lines stay aligned inside it.
from tensorflow.keras.preprocessing.image import ImageDataGenerator


def train(model, data, batch_size=32):
    (x_train, y_train), (x_test, y_test) = data
    datagen = ImageDataGenerator(width_shift_range=0.1, horizontal_flip=True)
    model.fit((batch for batch in datagen.flow(x_train, y_train,
                                               batch_size=batch_size)),
              steps_per_epoch=x_train.shape[0] // batch_size,
              epochs=50,
              validation_data=(x_test, y_test))
