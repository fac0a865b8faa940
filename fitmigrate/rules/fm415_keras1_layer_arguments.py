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
    signatures (``fitmigrate/legacy/layers.py``) as each Keras that could have run the call bound it.
    `migrate` rewrites the call only when those that accept it agree and every argument has an exact
    Keras 3 form, keeping the layer's name (``Convolution2D`` is still a Keras 3 alias of ``Conv2D``);
    otherwise the whole call is left and the report names the argument: ``Convolution2D(f, k, k)`` where
    ``k`` is not provably an int (Keras 2 read a kernel only from ints), integer rows and columns next to
    ``padding=`` (Keras 2 refused them), ``Conv2D(32, 3, 3)`` (a kernel in Keras 1-2.3, strides in
    tf.keras), what Keras 2 refused or ignored (``border_mode='full'``, ``mode=1``, ``Embedding(dropout=)``,
    ``forget_bias_init`` other than 'one'), a keyword Keras 3 lacks (``weights=``)."""

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
               "layer = Convolution2D(32, 3, 3, border_mode='same')\n"]
