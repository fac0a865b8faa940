from fitmigrate.rules import Rule


class RemovedKerasName(Rule):
    """Names Keras 2 exported from ``keras.layers``, ``keras.utils``, ``keras.losses``, ``keras.metrics``,
    ``keras.regularizers``, ``keras.models`` or ``keras.optimizers`` that Keras 3 does not: an exact
    alias (``Deconvolution2D = Conv2DTranspose``, ``mse = mean_squared_error``) is renamed; a layer
    Keras 3 dropped (``LocallyConnected1D/2D``, ``CuDNNLSTM/GRU``, ``ThresholdedReLU``, ``Highway``,
    ``MaxoutDense``...) or a utility (``HDF5Matrix``, ``OrderedEnqueuer``, ``l1l2``) is reported with
    what to use instead."""

    CODE = "FM408"
    NAME = "removed-keras-name"
    SEVERITY = "error"
    SUMMARY = ('a Keras 2 name Keras 3 lacks (LocallyConnected2D, CuDNNLSTM, ThresholdedReLU, Deconvolution2D, '
               'keras.losses.mse ...)')
    FIX = ('Use the Keras 3 name; `fitmigrate migrate` renames exact aliases (Deconvolution2D -> '
           'Conv2DTranspose, losses.mse -> mean_squared_error), the rest needs a decision.')
    FIX_SAFETY = "safe"
    VALID = ['from keras.layers import Conv2DTranspose\n']
    INVALID = ['from keras.layers import LocallyConnected2D\n']
