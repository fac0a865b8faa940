"""One caller gives a flow, another a generator of unknown batches: the parameter is not one kind of
value, and the call is left as it was."""
from tensorflow.keras.preprocessing.image import ImageDataGenerator


def train(model, batches):
    model.fit_generator(batches, samples_per_epoch=batches.n, nb_epoch=2)


def with_flow(model):
    train(model, ImageDataGenerator().flow_from_directory("data", target_size=(32, 32)))


def with_generator(model, load):
    train(model, load())
