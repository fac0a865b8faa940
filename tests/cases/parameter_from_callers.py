"""A flow passed as a parameter: every call of the function in this module gives it a flow, so the
Keras 1 sample count of the parameter is one pass of whichever flow it is."""
from keras.preprocessing.image import ImageDataGenerator


class Trainer:
    def __init__(self, model):
        self.model = model

    def fit(self, batches, epochs):
        self.model.fit_generator(batches, samples_per_epoch=batches.n, nb_epoch=epochs)

    def run(self, folder):
        gen = ImageDataGenerator(rescale=1. / 255)
        self.fit(gen.flow_from_directory(folder, target_size=(64, 64)), 3)
# output
"""A flow passed as a parameter: every call of the function in this module gives it a flow, so the
Keras 1 sample count of the parameter is one pass of whichever flow it is."""
from tensorflow.keras.preprocessing.image import ImageDataGenerator


class Trainer:
    def __init__(self, model):
        self.model = model

    def fit(self, batches, epochs):
        self.model.fit(batches, steps_per_epoch=len(batches), epochs=epochs)

    def run(self, folder):
        gen = ImageDataGenerator(rescale=1. / 255)
        self.fit(gen.flow_from_directory(folder, target_size=(64, 64)), 3)
