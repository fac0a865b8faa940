from fitmigrate.rules import Rule


class ImageDimOrdering(Rule):
    """Keras 1's dimension ordering ('tf', 'th') became the data format ('channels_last', 'channels_first')
    in Keras 2; the old functions were removed in 2.2 and are absent from Keras 3 (``AttributeError``).
    ``K.set_image_dim_ordering('tf')`` and ``K.image_dim_ordering() == 'th'`` (a literal compared with
    ``==``/``!=``) are rewritten; any other use is reported. Keras 1 layers' ``dim_ordering=`` is FM415."""

    CODE = "FM413"
    NAME = "image-dim-ordering"
    SEVERITY = "error"
    SUMMARY = 'K.set_image_dim_ordering / K.image_dim_ordering, removed in Keras 2.2'
    FIX = ("Use set_image_data_format / image_data_format: 'tf' is 'channels_last', 'th' is 'channels_first' "
           '(`fitmigrate migrate` rewrites literal uses).')
    FIX_SAFETY = "safe"
    VALID = ['from keras import backend as K\n'
             '\n'
             "K.set_image_data_format('channels_last')\n"]
    INVALID = ['from keras import backend as K\n'
               '\n'
               "K.set_image_dim_ordering('tf')\n"]
