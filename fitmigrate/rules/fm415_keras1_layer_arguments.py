from fitmigrate.rules import Rule


class Keras1LayerArguments(Rule):
    """Keras 2 converted Keras 1 layer arguments with a warning (``keras/legacy/interfaces.py``):
    ``Convolution2D(32, 3, 3, border_mode='same', subsample=(2, 2), init='he_normal', W_regularizer=r)``
    was ``Conv2D(32, (3, 3), padding='same', strides=(2, 2), kernel_initializer='he_normal',
    kernel_regularizer=r)``; ``Dense(output_dim=)`` ``units=``; ``Dropout(p=)`` ``rate=``;
    ``dim_ordering='tf'`` ``data_format='channels_last'``; LSTM's ``inner_init``, ``U_regularizer``,
    ``dropout_W/U``, ``consume_less``; ``BatchNormalization(mode=0)`` removed. Keras 3 rejects the names
    (``ValueError``), and reads ``Convolution2D(32, 3, 3)`` as a kernel of 3 with strides 3, silently.

    Every argument of the call, positional ones included, is bound to the layer's Keras 1.2 and 2.x
    signatures (``fitmigrate/legacy/layers.py``) as each Keras that could have run the call bound it:
    Keras 1, Keras 2.0-2.3 and tf.keras (Keras 2.4+), which exports ``Convolution2D`` too; tf.keras is
    ruled out only by the call (an argument only Keras 1 took) or its module (such an argument
    elsewhere, ``AtrousConvolution2D``, ``Merge``, ``sgd``: names only Keras <= 2.3 had).
    `migrate` rewrites the call only when those that accept it agree and every argument has an exact
    Keras 3 form, keeping the layer's name (``Convolution2D`` is still a Keras 3 alias of ``Conv2D``),
    and writing a Keras 1 GRU's ``reset_after=False``; otherwise the whole call is left and the report
    names the argument: ``Convolution2D(f, k, k)`` where ``k`` is not provably an int (Keras 2 read a
    kernel only from ints), integer rows and columns next to ``padding=`` (Keras 2 refused them),
    ``Conv2D(32, 3, 3)`` or ``Convolution2D(32, 3, 3)`` in a module that does not show standalone Keras
    (a kernel in Keras 1-2.3, strides in tf.keras), what Keras 2 refused or ignored (``border_mode='full'``,
    ``mode=1``, ``Embedding(dropout=)``, ``forget_bias_init`` other than 'one'), a keyword Keras 3 lacks
    (``weights=``), an LSTM / GRU / ConvLSTM2D whose recurrent activation was Keras 1-2.2's default
    ``hard_sigmoid`` (Keras 3's is another function), any ``'hard_sigmoid'``, an image layer that relied
    on Keras 1's default ordering in a module whose images are channels-first (``Input(shape=(3, rows,
    cols))``) and that does not set it (Keras 1 read keras.json's ``image_dim_ordering``, Keras 3 reads
    ``image_data_format``)."""

    CODE = "FM415"
    NAME = "keras1-layer-arguments"
    SEVERITY = "error"
    SUMMARY = ('Keras 1 layer arguments (Convolution2D(32, 3, 3), border_mode=, init=, output_dim=, '
               'W_regularizer=, subsample=, p= ...)')
    FIX = "Write the Keras 2 form (`fitmigrate migrate` does where Keras 2's own conversion is exact)."
    FIX_SAFETY = "safe"
    VALID = ['from keras.layers import Conv2D\n'
             '\n'
             "layer = Conv2D(32, (3, 3), padding='same')\n"]
    INVALID = ['from keras.layers import Convolution2D\n'
               '\n'
               "layer = Convolution2D(32, 3, 3, border_mode='same')\n",
               'from keras.layers import Convolution2D\n'
               '\n'
               "layer = Convolution2D(32, 3, 3, activation='relu')  # a kernel in Keras 1-2.3, strides in tf.keras\n",
               'from keras.layers import LSTM\n'
               '\n'
               'layer = LSTM(output_dim=32, input_dim=8)  # Keras 1\'s hard_sigmoid, by default\n']
