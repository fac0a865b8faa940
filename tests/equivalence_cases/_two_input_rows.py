"""Imported by sequence_list_batches_in_another_module.py: a Sequence whose batches hold a list of two
inputs and a list of two targets, which legacy Keras read as tuples and Keras 3 rejects. The migration
of the case makes them tuples here (the run writes both files); the harness runs the migrated case with
this module as edited."""
import numpy as np
from tensorflow import keras


class TwoInputRows(keras.utils.Sequence):
    def __init__(self, batches, batch_size=4):
        super().__init__()
        self.rows = np.arange(batches * batch_size * 3, dtype="float32").reshape(batches * batch_size, 3)
        self.batch_size = batch_size

    def __len__(self):
        return len(self.rows) // self.batch_size

    def __getitem__(self, index):
        batch = self.rows[index * self.batch_size:(index + 1) * self.batch_size]
        inputs = [batch, batch * 2]
        return inputs, [batch[:, :1], batch[:, 1:2] + 100]
