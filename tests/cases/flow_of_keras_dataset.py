# A flow of a Keras dataset whose arrays are known only by their type: ImageDataGenerator makes the
# images float32 whatever they were, and keeps the labels' own dtype (here Keras 3's to_categorical).
import keras
from keras.datasets import cifar10
from keras.preprocessing.image import ImageDataGenerator

batch_size = 64
(x_train, y_train), (x_test, y_test) = cifar10.load_data()
y_train = keras.utils.to_categorical(y_train, 10)
datagen = ImageDataGenerator(width_shift_range=0.1)
model.fit_generator(datagen.flow(x_train, y_train, batch_size=batch_size),
                    steps_per_epoch=x_train.shape[0] // batch_size, epochs=2,
                    validation_data=(x_test, keras.utils.to_categorical(y_test, 10)))
# output
# A flow of a Keras dataset whose arrays are known only by their type: ImageDataGenerator makes the
# images float32 whatever they were, and keeps the labels' own dtype (here Keras 3's to_categorical).
import keras
import tensorflow as tf
from keras.datasets import cifar10
from tensorflow.keras.preprocessing.image import ImageDataGenerator

batch_size = 64
(x_train, y_train), (x_test, y_test) = cifar10.load_data()
y_train = keras.utils.to_categorical(y_train, 10)
datagen = ImageDataGenerator(width_shift_range=0.1)
train_dataset = tf.data.Dataset.from_generator(
    lambda: datagen.flow(x_train, y_train, batch_size=batch_size),
    output_signature=(
        tf.TensorSpec(shape=(None, None, None, None), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 10), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(train_dataset,
          steps_per_epoch=x_train.shape[0] // batch_size, epochs=2,
          validation_data=(x_test, keras.utils.to_categorical(y_test, 10)))
