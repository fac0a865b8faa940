from fitmigrate.rules import Rule

_FLOW = '''
from tensorflow.keras.preprocessing.image import ImageDataGenerator

flow = ImageDataGenerator(rescale=1.0 / 255).flow_from_directory("data/train", target_size=(32, 32), batch_size=8)
model.fit_generator(flow, steps_per_epoch=len(flow), epochs=2)
'''


class ImageDataGeneratorNeedsTfKeras(Rule):
    """An ``ImageDataGenerator`` flow is a Keras 2 ``Sequence``: ``fit`` takes it as it is. But Keras 3
    removed ``ImageDataGenerator`` itself, so the migrated script still needs legacy Keras
    (``tf_keras`` with ``TF_USE_LEGACY_KERAS=1``) until the data loading moves too."""

    CODE = "FM206"
    NAME = "image-data-generator-needs-tf-keras"
    SEVERITY = "warning"
    SUMMARY = "an ImageDataGenerator flow is passed as it is; Keras 3 has no ImageDataGenerator"
    FIX = ("Run under tf_keras (pip install tf-keras; TF_USE_LEGACY_KERAS=1), or move the loading to "
           "keras.utils.image_dataset_from_directory.")
    FIX_SAFETY = "unsafe"
    VALID = ["import numpy as np\n\ndef batches():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n"
             "model.fit_generator(batches(), steps_per_epoch=10)\n"]
    INVALID = [_FLOW]
