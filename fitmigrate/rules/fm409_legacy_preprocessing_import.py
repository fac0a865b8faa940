from fitmigrate.rules import Rule


class LegacyPreprocessingImport(Rule):
    """Keras 3's ``keras.preprocessing.image`` holds only ``load_img``, ``img_to_array``, ``array_to_img``,
    ``save_img`` and ``smart_resize``; ``keras.preprocessing.text`` is gone. Under TensorFlow 2.16+ the
    public path ``tensorflow.keras.preprocessing.image`` still serves ``ImageDataGenerator`` (its flows
    are Keras 3 PyDatasets, so ``fit`` takes them), ``text.Tokenizer`` and
    ``sequence.TimeseriesGenerator``. `migrate` rewrites the import (``from keras.preprocessing.image
    import ...``, ``import keras.preprocessing.image as kimage``, ``from keras.preprocessing import
    image``) or the dotted name (``keras.preprocessing.image.ImageDataGenerator`` becomes
    ``tf.keras.preprocessing.image.ImageDataGenerator``). Other names of the same statement
    (``load_img``...) are the same objects there. ImageDataGenerator needs scipy for its transforms and
    Pillow to read image files (see FM206)."""

    CODE = "FM409"
    NAME = "legacy-preprocessing-import"
    SEVERITY = "error"
    SUMMARY = ('ImageDataGenerator (Tokenizer, TimeseriesGenerator ...) imported from keras.preprocessing, which '
               'Keras 3 no longer serves')
    FIX = 'Import it from tensorflow.keras.preprocessing.image (.text, .sequence) (`fitmigrate migrate` does).'
    FIX_SAFETY = "safe"
    VALID = ['from tensorflow.keras.preprocessing.image import ImageDataGenerator\n'
             '\n'
             'datagen = ImageDataGenerator(rescale=1.0 / 255)\n']
    INVALID = ['from keras.preprocessing.image import ImageDataGenerator\n'
               '\n'
               'datagen = ImageDataGenerator(rescale=1.0 / 255)\n']
