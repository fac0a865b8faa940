from fitmigrate.rules import Rule

_FLOW = '''
from tensorflow.keras.preprocessing.image import ImageDataGenerator

flow = ImageDataGenerator(rescale=1.0 / 255).flow_from_directory("data/train", target_size=(32, 32), batch_size=8)
model.fit_generator(flow, steps_per_epoch=len(flow), epochs=2)
'''

# The notes the analyzer writes (fitmigrate.analysis.calls), kept here beside the rule they belong to.
MESSAGE = ("an ImageDataGenerator flow feeds this call: under Keras 3 it is a keras.utils.PyDataset, "
           "and ImageDataGenerator is served by tensorflow.keras.preprocessing.image (Keras 3's own "
           "keras.preprocessing.image no longer has it); its transforms need scipy and reading image files needs "
           "Pillow (pip install scipy pillow)")
ZIP_MESSAGE = ("ImageDataGenerator flows feed this zip: under Keras 3, ImageDataGenerator is served by "
               "tensorflow.keras.preprocessing.image; its transforms need scipy and reading image files needs Pillow "
               "(pip install scipy pillow)")


class ImageDataGeneratorFlow(Rule):
    """An ``ImageDataGenerator`` flow is a Keras ``Sequence``: ``fit`` takes it as it is, and under
    Keras 3 it is a ``keras.utils.PyDataset``. ImageDataGenerator itself is still served under
    TensorFlow 2.16+ by ``tensorflow.keras.preprocessing.image`` (Keras 3's own
    ``keras.preprocessing.image`` lost it: ``ImportError``, with or without ``TF_USE_LEGACY_KERAS``;
    `migrate` rewrites that import, FM409). Two packages Keras 3 does not install are needed: scipy for
    any transform (rotation, shifts, zoom, shear, flips with a transform, ...) and Pillow to read
    image files (``flow_from_directory``, ``flow_from_dataframe``, ``load_img``). No legacy Keras
    (tf_keras) is needed."""

    CODE = "FM206"
    NAME = "image-data-generator-flow"
    SEVERITY = "warning"
    SUMMARY = "an ImageDataGenerator flow feeds the call; under Keras 3 it needs scipy (transforms) and Pillow (files)"
    FIX = ("Import ImageDataGenerator from tensorflow.keras.preprocessing.image (`fitmigrate migrate` does) and "
           "install scipy and pillow; or move the loading to keras.utils.image_dataset_from_directory.")
    FIX_SAFETY = "safe"
    VALID = ["import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n"
             "model.fit_generator(batches(), steps_per_epoch=10)\n"]
    INVALID = [_FLOW]
