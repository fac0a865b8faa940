from fitmigrate.rules import Rule


class ImageDimOrdering(Rule):
    """Keras 1's dimension ordering ('tf', 'th') became the data format ('channels_last', 'channels_first')
    in Keras 2; ``keras.backend`` kept the old functions to 2.2.4 (its backends imported them from
    ``keras/backend/common.py``), 2.3.0 dropped them, and Keras 3 has neither (``AttributeError``).
    ``K.set_image_dim_ordering('tf')`` and ``K.image_dim_ordering() == 'th'`` (a literal compared with
    ``==``/``!=``) are rewritten; any other use is reported. Keras 1 layers' ``dim_ordering=`` is FM415."""

    CODE = "FM413"
    NAME = "image-dim-ordering"
    SEVERITY = "error"
    SUMMARY = 'K.set_image_dim_ordering / K.image_dim_ordering, removed in Keras 2.3'
    FIX = ("Use set_image_data_format / image_data_format: 'tf' is 'channels_last', 'th' is 'channels_first' "
           '(`fitmigrate migrate` rewrites literal uses).')
    FIX_SAFETY = "safe"
    VALID = ['from keras import backend as K\n'
             '\n'
             "K.set_image_data_format('channels_last')\n"]
    INVALID = ['from keras import backend as K\n'
               '\n'
               "K.set_image_dim_ordering('tf')\n"]
