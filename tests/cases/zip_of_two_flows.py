from tensorflow.keras.preprocessing.image import ImageDataGenerator

image_flow = ImageDataGenerator(rescale=1.0 / 255).flow_from_directory(
    "data/images", target_size=(64, 64), class_mode=None, batch_size=4, seed=1)
mask_flow = ImageDataGenerator().flow_from_directory(
    "data/masks", target_size=(64, 64), color_mode="grayscale", class_mode=None, batch_size=4, seed=1)
train_generator = zip(image_flow, mask_flow)
model.fit_generator(train_generator, steps_per_epoch=10, epochs=2)
# output
import tensorflow as tf
from tensorflow.keras.preprocessing.image import ImageDataGenerator

image_flow = ImageDataGenerator(rescale=1.0 / 255).flow_from_directory(
    "data/images", target_size=(64, 64), class_mode=None, batch_size=4, seed=1)
mask_flow = ImageDataGenerator().flow_from_directory(
    "data/masks", target_size=(64, 64), color_mode="grayscale", class_mode=None, batch_size=4, seed=1)
train_generator = zip(image_flow, mask_flow)
train_dataset = tf.data.Dataset.from_generator(
    lambda: train_generator,
    output_signature=(
        tf.TensorSpec(shape=(None, 64, 64, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 64, 64, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
model.fit(train_dataset, steps_per_epoch=10, epochs=2)
