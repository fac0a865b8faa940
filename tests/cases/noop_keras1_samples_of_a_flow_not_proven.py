# 2,000 samples of a flow whose labels come from the caller: counting them in a dataset needs the
# flow's batches proven, and they are not. Left as it was (FM107).
from tensorflow.keras.preprocessing.image import ImageDataGenerator


def train(model, x_train, y_train):
    datagen = ImageDataGenerator(horizontal_flip=True)
    model.fit_generator(datagen.flow(x_train, y_train, batch_size=32), samples_per_epoch=2000, nb_epoch=2)
