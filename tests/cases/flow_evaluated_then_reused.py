# evaluate over a flow the script uses again: nothing is read ahead from it.
import numpy as np
from keras.layers import Conv2D
from keras.preprocessing.image import ImageDataGenerator

x_val = np.zeros((64, 8, 8, 3), dtype="float32")
y_val = np.zeros((64, 2), dtype="float32")
validation_flow = ImageDataGenerator().flow(x_val, y_val, batch_size=16)
layer = Conv2D(4, (3, 3))
model.evaluate_generator(validation_flow, 40)
model.evaluate_generator(validation_flow, len(validation_flow))
# output
# evaluate over a flow the script uses again: nothing is read ahead from it.
import numpy as np
import tensorflow as tf
from keras.layers import Conv2D
from tensorflow.keras.preprocessing.image import ImageDataGenerator

x_val = np.zeros((64, 8, 8, 3), dtype="float32")
y_val = np.zeros((64, 2), dtype="float32")
validation_flow = ImageDataGenerator().flow(x_val, y_val, batch_size=16)
layer = Conv2D(4, (3, 3))
validation_dataset = tf.data.Dataset.from_generator(
    lambda: validation_flow,
    output_signature=(
        tf.TensorSpec(shape=(None, 8, 8, 3), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 2), dtype=tf.float32),
    ),
).prefetch(0)
model.evaluate(validation_dataset, steps=40)
model.evaluate(validation_flow, steps=len(validation_flow))
