import numpy as np
from keras.preprocessing.image import ImageDataGenerator

batch_size = 16
x_train = np.zeros((100, 8, 8, 3), dtype="float32")
y_train = np.zeros((100, 10), dtype="float32")
datagen = ImageDataGenerator(rotation_range=10)
train_flow = datagen.flow(x_train, y_train, batch_size=batch_size)
model.fit_generator(train_flow, steps_per_epoch=len(x_train) // batch_size, epochs=3,
                    validation_data=datagen.flow(x_train, y_train, batch_size=batch_size),
                    validation_steps=20)
# output
import numpy as np
import tensorflow as tf
from tensorflow.keras.preprocessing.image import ImageDataGenerator

batch_size = 16
x_train = np.zeros((100, 8, 8, 3), dtype="float32")
y_train = np.zeros((100, 10), dtype="float32")
datagen = ImageDataGenerator(rotation_range=10)
train_flow = datagen.flow(x_train, y_train, batch_size=batch_size)
train_dataset = tf.data.Dataset.from_generator(
    lambda: train_flow,
    output_signature=(
        tf.TensorSpec(shape=(None, 8, 8, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 10), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
validation_dataset = tf.data.Dataset.from_generator(
    lambda generator=datagen.flow(x_train, y_train, batch_size=batch_size): generator,
    output_signature=(
        tf.TensorSpec(shape=(None, 8, 8, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 10), dtype=tf.float32),
    ),
).prefetch(0)
model.fit(train_dataset, steps_per_epoch=len(x_train) // batch_size, epochs=3,
          validation_data=validation_dataset,
          validation_steps=20)
