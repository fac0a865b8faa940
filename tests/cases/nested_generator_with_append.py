# runnable
import numpy as np
from tensorflow import keras


def train(model, n=4):
    def gen(count):
        images, labels = [], []
        while True:
            for i in range(count):
                images.append(np.random.rand(8, 8, 3))
                labels.append(i % 2)
            yield np.array(images), np.array(labels)
            images, labels = [], []

    model.fit_generator(
        gen(n),  # the training data
        steps_per_epoch=3,
        validation_data=(np.zeros((4, 8, 8, 3)), np.zeros(4)),
        callbacks=[],  # none yet
        verbose=0,
    )
    return model.predict_generator(gen(n), steps=2)


net = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Flatten(), keras.layers.Dense(2, activation="softmax")])
net.compile("adam", "sparse_categorical_crossentropy")
train(net)
# output
# runnable
import numpy as np
import tensorflow as tf
from tensorflow import keras


def train(model, n=4):
    def gen(count):
        images, labels = [], []
        while True:
            for i in range(count):
                images.append(np.random.rand(8, 8, 3))
                labels.append(i % 2)
            yield np.array(images), np.array(labels)
            images, labels = [], []

    gen_dataset = tf.data.Dataset.from_generator(
        lambda: gen(n),
        output_signature=(
            tf.TensorSpec(shape=(None, 8, 8, 3), dtype=tf.float64),
            tf.TensorSpec(shape=(None,), dtype=tf.int64),
        ),
    ).prefetch(tf.data.AUTOTUNE)
    model.fit(
        gen_dataset,  # the training data
        steps_per_epoch=3,
        validation_data=(np.zeros((4, 8, 8, 3)), np.zeros(4)),
        callbacks=[],  # none yet
        verbose=0,
    )
    predict_dataset = tf.data.Dataset.from_generator(
        lambda: gen(n),
        output_signature=(
            tf.TensorSpec(shape=(None, 8, 8, 3), dtype=tf.float64),
            tf.TensorSpec(shape=(None,), dtype=tf.int64),
        ),
    ).prefetch(tf.data.AUTOTUNE)
    return model.predict(predict_dataset, steps=2)


net = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Flatten(), keras.layers.Dense(2, activation="softmax")])
net.compile("adam", "sparse_categorical_crossentropy")
train(net)
