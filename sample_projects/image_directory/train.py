"""ImageDataGenerator.flow_from_directory on a tiny image folder this script makes itself."""
import os
import shutil
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Dense, Flatten
from tensorflow.keras.models import Sequential
from tensorflow.keras.preprocessing.image import ImageDataGenerator

np.random.seed(0)


def make_image_folder(root):
    """Two classes of four 16x16 PNG images each."""
    for label in ("cats", "dogs"):
        os.makedirs(os.path.join(root, label), exist_ok=True)
        for i in range(4):
            pixels = np.random.randint(0, 255, (16, 16, 3), dtype=np.uint8)
            tf.keras.utils.save_img(os.path.join(root, label, f"{i}.png"), pixels)


data_dir = tempfile.mkdtemp(prefix="fitmigrate_images_")
make_image_folder(data_dir)

datagen = ImageDataGenerator(rescale=1.0 / 255)
train_flow = datagen.flow_from_directory(data_dir, target_size=(16, 16), batch_size=4, class_mode="categorical")

model = Sequential([Flatten(input_shape=(16, 16, 3)), Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit_generator(train_flow, steps_per_epoch=len(train_flow), epochs=1, verbose=2)
shutil.rmtree(data_dir)
