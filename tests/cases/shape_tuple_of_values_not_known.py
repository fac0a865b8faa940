import numpy as np
import wandb

config = wandb.config


def frames(batch_size):
    while True:
        inputs = np.zeros((batch_size, config.width, config.height, 3 * 5))
        outputs = np.zeros((batch_size, config.width, config.height, 3))
        yield inputs, outputs


model.fit_generator(frames(config.batch_size), steps_per_epoch=10,
                    validation_data=frames(config.batch_size), validation_steps=2)
# output
import numpy as np
import tensorflow as tf
import wandb

config = wandb.config


def frames(batch_size):
    while True:
        inputs = np.zeros((batch_size, config.width, config.height, 3 * 5))
        outputs = np.zeros((batch_size, config.width, config.height, 3))
        yield inputs, outputs


frames_dataset = tf.data.Dataset.from_generator(
    lambda: frames(config.batch_size),
    output_signature=(
        tf.TensorSpec(shape=(None, None, None, 15), dtype=tf.float64),
        tf.TensorSpec(shape=(None, None, None, 3), dtype=tf.float64),
    ),
).prefetch(tf.data.AUTOTUNE)
validation_dataset = tf.data.Dataset.from_generator(
    lambda generator=frames(config.batch_size): generator,
    output_signature=(
        tf.TensorSpec(shape=(None, None, None, 15), dtype=tf.float64),
        tf.TensorSpec(shape=(None, None, None, 3), dtype=tf.float64),
    ),
).prefetch(0)
model.fit(frames_dataset, steps_per_epoch=10,
          validation_data=validation_dataset, validation_steps=2)
