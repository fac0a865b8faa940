from fitmigrate.rules import Rule

_FLOW = ("import numpy as np\nfrom keras.preprocessing.image import ImageDataGenerator\n\n"
         "x = np.zeros((100, 8, 8, 3), dtype='float32')\ny = np.zeros((100, 10), dtype='float32')\n"
         "flow = ImageDataGenerator(horizontal_flip=True).flow(x, y, batch_size=32)\n")


class FlowReadEndlessly(Rule):
    """Legacy ``fit_generator`` read an ImageDataGenerator flow as an endless iterator: with
    ``steps_per_epoch=S`` every epoch took S batches and the next went on where it stopped,
    reshuffling at each pass. Keras 3 would run at most one pass per epoch and resume mid-pass. When
    the flow's batches are proven (float32 images, labels by ``class_mode``) it is wrapped in
    ``tf.data.Dataset.from_generator(lambda: flow, ...)``: a flow's iterator is itself and goes round
    without end, so each epoch has the legacy S steps. When they are not (arrays from the caller), a
    training flow goes to ``fit`` as a Python generator over it, ``(batch for batch in flow)``: Keras 3
    reads its signature from the first two batches (a flow's shapes and dtypes are the same in every
    batch) and keeps one iterator across epochs when ``steps_per_epoch`` is given; not with
    ``class_weight``, which Keras 3 rejects with a generator, and never for validation data, which
    Keras 3 would read again from its first two batches at every pass (FM107). tf.keras 2.x
    (TensorFlow 2.0 to 2.15) restarted the flow every epoch instead; with a shuffling flow both draw S
    random batches an epoch."""

    CODE = "FM211"
    NAME = "flow-read-endlessly"
    SEVERITY = "info"
    SUMMARY = "a flow given a step count other than one pass is read endlessly, as legacy fit_generator read it"
    FIX = "Nothing to do; steps_per_epoch=len(flow) would make an epoch one pass."
    FIX_SAFETY = "safe"
    VALID = [_FLOW + "model.fit_generator(flow, steps_per_epoch=len(flow), epochs=2)\n"]
    INVALID = [_FLOW + "model.fit_generator(flow, steps_per_epoch=100, epochs=2)\n",
               "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n\n\ndef train(model, x, y):\n"
               "    flow = ImageDataGenerator().flow(x, y, batch_size=32)\n"
               "    model.fit_generator(flow, steps_per_epoch=100, epochs=2)\n"]
