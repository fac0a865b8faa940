"""The callbacks the Keras 3 rules read, as Keras 1.2.2 and 2.2.4 declared them
(``keras/callbacks.py`` at each tag). None took ``**kwargs`` but Keras 2.1.6+'s ReduceLROnPlateau,
which read ``epsilon`` there and made it ``min_delta`` (Keras 2.0-2.1.5 named it ``epsilon``)."""

from __future__ import annotations

from typing import Dict

from fitmigrate.legacy import LegacyCallback, Rename, signature

CALLBACKS: Dict[str, LegacyCallback] = {
    "ModelCheckpoint": LegacyCallback(
        signature("filepath monitor verbose save_best_only save_weights_only mode period"),
        signature("filepath monitor verbose save_best_only save_weights_only mode period")),
    "EarlyStopping": LegacyCallback(
        signature("monitor min_delta patience verbose mode"),
        signature("monitor min_delta patience verbose mode baseline restore_best_weights")),
    "ReduceLROnPlateau": LegacyCallback(
        signature("monitor factor patience verbose mode epsilon cooldown min_lr"),
        signature("monitor factor patience verbose mode min_delta cooldown min_lr", "epsilon"),
        {"epsilon": Rename("min_delta")}),
    "TensorBoard": LegacyCallback(
        signature("log_dir histogram_freq write_graph write_images"),
        signature("log_dir histogram_freq batch_size write_graph write_grads write_images embeddings_freq "
                  "embeddings_layer_names embeddings_metadata embeddings_data update_freq")),
    "CSVLogger": LegacyCallback(signature("filename separator append"), signature("filename separator append")),
    "LearningRateScheduler": LegacyCallback(signature("schedule"), signature("schedule verbose")),
}
