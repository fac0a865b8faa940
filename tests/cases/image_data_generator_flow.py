from tensorflow.keras.preprocessing.image import ImageDataGenerator

datagen = ImageDataGenerator(rescale=1.0 / 255)
train_flow = datagen.flow_from_directory("data/train", target_size=(32, 32), batch_size=8)
model.fit_generator(train_flow, samples_per_epoch=train_flow.nb_sample, nb_epoch=2)
# output
from tensorflow.keras.preprocessing.image import ImageDataGenerator

datagen = ImageDataGenerator(rescale=1.0 / 255)
train_flow = datagen.flow_from_directory("data/train", target_size=(32, 32), batch_size=8)
model.fit(train_flow, steps_per_epoch=len(train_flow), epochs=2)
