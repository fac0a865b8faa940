"""A Keras 1 script: Convolution2D(nb_filter, nb_row, nb_col), border_mode, np_utils, nb_epoch."""
import numpy as np
import tensorflow as tf
from keras.layers import Activation, Convolution2D, Dense, Flatten, MaxPooling2D
from keras.models import Sequential
from keras import utils as np_utils

nb_classes = 4
batch_size = 16
img_rows, img_cols = 32, 32


def data_generator(n_samples, batch_size=16):
    while 1:
        for start in range(0, n_samples, batch_size):
            X = np.random.rand(batch_size, img_rows, img_cols, 3).astype('float32')
            labels = np.random.randint(0, nb_classes, batch_size)
            Y = np_utils.to_categorical(labels, nb_classes)
            yield X, Y


model = Sequential()
model.add(Convolution2D(16, (3, 3), padding='same', input_shape=(img_rows, img_cols, 3)))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(nb_classes))
model.add(Activation('softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adadelta', metrics=['accuracy'])

train_gen = data_generator(6400, batch_size=batch_size)
train_dataset = tf.data.Dataset.from_generator(
    lambda: train_gen,
    output_signature=(
        tf.TensorSpec(shape=(None, 32, 32, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 4), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
validation_dataset = tf.data.Dataset.from_generator(
    lambda generator=data_generator(640): generator,
    output_signature=(
        tf.TensorSpec(shape=(None, 32, 32, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 4), dtype=tf.float64),
    ),
).prefetch(0)
model.fit(train_dataset, steps_per_epoch=6400 // 16, epochs=10,
          validation_data=validation_dataset, validation_steps=640 // 16)

# The sample count given positionally, as many Keras 1 scripts did.
train_dataset_2 = tf.data.Dataset.from_generator(
    lambda: data_generator(640),
    output_signature=(
        tf.TensorSpec(shape=(None, 32, 32, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 4), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(train_dataset_2, steps_per_epoch=640 // 16, epochs=2)
eval_dataset = tf.data.Dataset.from_generator(
    lambda: data_generator(320),
    output_signature=(
        tf.TensorSpec(shape=(None, 32, 32, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 4), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
score = model.evaluate(eval_dataset, steps=320 // 16)
