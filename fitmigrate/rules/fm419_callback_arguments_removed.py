from fitmigrate.rules import Rule


class CallbackArgumentsRemoved(Rule):
    """Keras 2 keywords that Keras 3's training setup rejects with a ``TypeError`` before the first
    step: ``ModelCheckpoint(period=)`` (Keras 3's ``save_freq=`` counts batches, not epochs),
    ``TensorBoard(write_grads=, batch_size=, embeddings_layer_names=, embeddings_data=,
    write_batch_performance=)`` and ``compile(sample_weight_mode=, target_tensors=)``. Reported, not
    fixed: removing them changes what is logged or saved (every epoch instead of every N), a decision
    for the script's author."""

    CODE = "FM419"
    NAME = "callback-arguments-removed"
    SEVERITY = "error"
    SUMMARY = "ModelCheckpoint(period=), TensorBoard(write_grads=, batch_size=, ...), compile(sample_weight_mode=): Keras 2 keywords Keras 3 rejects"
    FIX = ("Remove them (ModelCheckpoint then saves every epoch; to save every N epochs, save from a callback's "
           "on_epoch_end).")
    FIX_SAFETY = "none"
    VALID = ["from keras.callbacks import ModelCheckpoint\n\ncheckpoint = ModelCheckpoint('best.keras', save_best_only=True)\n"]
    INVALID = ["from keras.callbacks import ModelCheckpoint\n\ncheckpoint = ModelCheckpoint('best.h5', period=5)\n",
               "from keras.callbacks import TensorBoard\n\nboard = TensorBoard(log_dir='logs', write_grads=True)\n"]
