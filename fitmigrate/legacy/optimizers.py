"""The optimizers the Keras 3 fixes rewrite, as each Keras declared them.

``keras1``: Keras 1.2.2's ``keras/optimizers.py`` (2.2.4's has the same order, with Adam's
``amsgrad`` last and ``epsilon=None`` for ``K.epsilon()``); ``keras23``: Keras 2.3.1's, which put
``learning_rate`` first and read ``lr``, ``decay`` and ``epsilon`` from ``**kwargs``; ``tf_keras``:
tf.keras 2.x's optimizer_v2 (``tf_keras.optimizers.legacy``; standalone Keras 2.4+ is that code),
whose ``**kwargs`` took ``lr``, ``decay``, ``clipnorm``, ``clipvalue``, ``global_clipnorm``. Every
Keras 1/2 optimizer also took ``clipnorm`` and ``clipvalue`` (``Optimizer.__init__``'s
``allowed_kwargs``).
"""

from __future__ import annotations

from typing import Dict

from fitmigrate.legacy import LegacyOptimizer, signature

_CLIP = frozenset({"clipnorm", "clipvalue"})
_TF = frozenset({"clipnorm", "clipvalue", "lr", "decay", "global_clipnorm"})
_K23 = "lr decay epsilon"


def _optimizer(keras1: str, keras23: str, keras23_kwargs: str, tf_keras: str, keras2_lr: str,
               tf_lr: str) -> LegacyOptimizer:
    return LegacyOptimizer(signature(keras1, base=_CLIP), signature(keras23, keras23_kwargs, base=_CLIP),
                           signature(tf_keras + " name", base=_TF),
                           {"keras1": keras2_lr, "keras23": keras2_lr, "tf_keras": tf_lr})


OPTIMIZERS: Dict[str, LegacyOptimizer] = {
    "SGD": _optimizer("lr momentum decay nesterov", "learning_rate momentum nesterov", "lr decay",
                      "learning_rate momentum nesterov", "0.01", "0.01"),
    "RMSprop": _optimizer("lr rho epsilon decay", "learning_rate rho", _K23,
                          "learning_rate rho momentum epsilon centered", "0.001", "0.001"),
    "Adagrad": _optimizer("lr epsilon decay", "learning_rate", _K23,
                          "learning_rate initial_accumulator_value epsilon", "0.01", "0.001"),
    "Adadelta": _optimizer("lr rho epsilon decay", "learning_rate rho", _K23,
                           "learning_rate rho epsilon", "1.0", "0.001"),
    "Adam": _optimizer("lr beta_1 beta_2 epsilon decay amsgrad", "learning_rate beta_1 beta_2 amsgrad", _K23,
                       "learning_rate beta_1 beta_2 epsilon amsgrad", "0.001", "0.001"),
    "Adamax": _optimizer("lr beta_1 beta_2 epsilon decay", "learning_rate beta_1 beta_2", _K23,
                         "learning_rate beta_1 beta_2 epsilon", "0.002", "0.001"),
    "Nadam": _optimizer("lr beta_1 beta_2 epsilon schedule_decay", "learning_rate beta_1 beta_2",
                        "lr epsilon schedule_decay", "learning_rate beta_1 beta_2 epsilon", "0.002", "0.001"),
}
# Keras 2 spelled these in lower case too (keras/optimizers.py: ``sgd = SGD``), up to 2.3.1.
LOWERCASE = {name.lower(): name for name in OPTIMIZERS}
