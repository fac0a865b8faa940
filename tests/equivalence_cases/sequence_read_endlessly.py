# expect: fit steps_per_epoch=3 epochs=3 validation_steps=2 train_batches=0:4,1:4,2:4/3:4,4:4,100:4/101:4,102:4,103:4 validation_batches=1000:2,1001:2/1002:2,1100:2/1101:2,1102:2
# expect: evaluate steps=5 batches=2000:4,2001:4,2002:4,2100:4,2101:4
# expect: predict steps=3 rows=12 batches=3000:4,3001:4,3100:4
"""A keras.utils.Sequence given step counts that are not one pass. The figures are Keras 2.2.4's loop
(keras/engine/training_generator.py, keras/utils/data_utils.py): fit_generator, evaluate_generator
and predict_generator read a Sequence through an OrderedEnqueuer (workers=1, the default) that goes
round it without end for the whole call, pass after pass (in order here: shuffle=False; validation,
evaluate and predict never shuffle), and calls on_epoch_end() after each pass. The validation
Sequence's enqueuer lives for the whole fit, so each validation pass goes on where the last stopped.

Each batch's first value says which batch of which pass it is: first + 100 * passes so far + index.
tf_keras is no reference: tf.keras 2.x restarted a Sequence every epoch."""
import numpy as np
from tensorflow import keras


class Rows(keras.utils.Sequence):
    def __init__(self, first, batches, batch_size=4):
        super().__init__()
        self.first, self.batches, self.batch_size = first, batches, batch_size
        self.passes = 0

    def __len__(self):
        return self.batches

    def __getitem__(self, index):
        value = self.first + 100 * self.passes + index
        x = np.full((self.batch_size, 2), value, dtype="float32")
        y = np.full((self.batch_size, 1), value, dtype="float32")
        return x, y

    def on_epoch_end(self):
        self.passes += 1


model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
model.fit_generator(Rows(0, 5), steps_per_epoch=3, epochs=3, verbose=0, shuffle=False,
                    validation_data=Rows(1000, 3, batch_size=2), validation_steps=2)
model.evaluate_generator(Rows(2000, 3), steps=5)
predictions = model.predict_generator(Rows(3000, 2), steps=3)
