# runnable: Keras 1 took batches until it had seen samples_per_epoch samples (nb_val_samples for each
# validation pass, val_samples for predict_generator). A flow of 100 images in batches of 32 (the
# last of 4) given 150, and a generator over slices with a short last batch: the count goes into the
# dataset, which takes batches from the source until it has seen that many samples (FM215).
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Flatten
from keras.preprocessing.image import ImageDataGenerator

x_train = np.random.rand(100, 8, 8, 1).astype("float32")
y_train = np.random.rand(100, 1).astype("float32")
x_val = np.random.rand(50, 8, 8, 1).astype("float32")
y_val = np.random.rand(50, 1).astype("float32")


def slices(x, y, batch_size=16):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start:start + batch_size], y[start:start + batch_size]


model = Sequential()
model.add(Flatten(input_shape=(8, 8, 1)))
model.add(Dense(1))
model.compile(loss="mse", optimizer="sgd")
datagen = ImageDataGenerator(horizontal_flip=True)
model.fit_generator(datagen.flow(x_train, y_train, batch_size=32), samples_per_epoch=150, nb_epoch=2,
                    validation_data=slices(x_val, y_val), nb_val_samples=40, verbose=0)
predictions = model.predict_generator(slices(x_val, y_val), val_samples=len(x_val))
assert len(predictions) == len(x_val)
# output
# runnable: Keras 1 took batches until it had seen samples_per_epoch samples (nb_val_samples for each
# validation pass, val_samples for predict_generator). A flow of 100 images in batches of 32 (the
# last of 4) given 150, and a generator over slices with a short last batch: the count goes into the
# dataset, which takes batches from the source until it has seen that many samples (FM215).
import numpy as np
import tensorflow as tf
from keras.models import Sequential
from keras.layers import Dense, Flatten
from tensorflow.keras.preprocessing.image import ImageDataGenerator

x_train = np.random.rand(100, 8, 8, 1).astype("float32")
y_train = np.random.rand(100, 1).astype("float32")
x_val = np.random.rand(50, 8, 8, 1).astype("float32")
y_val = np.random.rand(50, 1).astype("float32")


def slices(x, y, batch_size=16):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start:start + batch_size], y[start:start + batch_size]


model = Sequential()
model.add(Flatten(input_shape=(8, 8, 1)))
model.add(Dense(1))
model.compile(loss="mse", optimizer="sgd")
datagen = ImageDataGenerator(horizontal_flip=True)


def train_batches(source=datagen.flow(x_train, y_train, batch_size=32), samples=150):
    """Batches until `samples` samples are seen, as Keras 1 counted samples_per_epoch."""
    seen = 0
    while seen < samples:
        batch = next(source)
        seen += len(batch[0])
        yield batch


def val_batches(source=slices(x_val, y_val), samples=40):
    """Batches until `samples` samples are seen, as Keras 1 counted nb_val_samples."""
    seen = 0
    while seen < samples:
        batch = next(source)
        seen += len(batch[0])
        yield batch


train_dataset = tf.data.Dataset.from_generator(
    train_batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 8, 8, 1), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
val_dataset = tf.data.Dataset.from_generator(
    val_batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 8, 8, 1), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(0)
model.fit(train_dataset, epochs=2,
          validation_data=val_dataset, verbose=0)


def slices_batches(source=slices(x_val, y_val), samples=len(x_val)):
    """Batches until `samples` samples are seen, as Keras 1 counted val_samples."""
    seen = 0
    while seen < samples:
        batch = next(source)
        seen += len(batch[0])
        yield batch


slices_dataset = tf.data.Dataset.from_generator(
    slices_batches,
    output_signature=(
        tf.TensorSpec(shape=(None, 8, 8, 1), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
predictions = model.predict(slices_dataset)
assert len(predictions) == len(x_val)
