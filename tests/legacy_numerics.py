"""Standalone Keras 1.2.2-2.3.1 as numpy: the update and activation formulas the Keras 3 fixes touch,
written from the tagged keras-team/keras sources, for the numeric oracle
(``tests/test_keras3_oracle.py``). Nothing here imports Keras: it is what the old code computed.

Sources (``git show <tag>:<file>`` of github.com/keras-team/keras):

- ``2.2.4:keras/optimizers.py`` (``1.2.2``, ``2.0.8``, ``2.1.6`` and ``2.3.1``: the same formulas):
  ``Optimizer.get_gradients`` clips by the *global* norm of all gradients, ``norm =
  sqrt(sum(sum(g ** 2)))``, ``clip_norm(g, clipnorm, norm)`` is ``g * clipnorm / norm`` when
  ``norm >= clipnorm``; then, if given, ``clipvalue`` clips each element; either is off when ``<= 0``.
  Every optimizer's learning rate is ``lr / (1 + decay * iterations)``, ``iterations`` counted before
  the step, and every accumulator starts at zero (``K.zeros``).
- ``SGD``: ``v = momentum * m - lr * g``; ``p + momentum * v - lr * g`` (nesterov) or ``p + v``.
- ``RMSprop``: ``a = rho * a + (1 - rho) * g ** 2``; ``p - lr * g / (sqrt(a) + epsilon)``.
- ``Adagrad``: ``a = a + g ** 2`` (from 0); ``p - lr * g / (sqrt(a) + epsilon)``.
- ``Adadelta``: ``a = rho * a + (1 - rho) * g ** 2``; ``u = g * sqrt(d + epsilon) / sqrt(a + epsilon)``;
  ``p - lr * u``; ``d = rho * d + (1 - rho) * u ** 2``.
- ``Adam``: ``t = iterations + 1``; ``lr_t = lr * sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)``;
  ``m = beta_1 * m + (1 - beta_1) * g``; ``v = beta_2 * v + (1 - beta_2) * g ** 2``;
  ``p - lr_t * m / (sqrt(v) + epsilon)`` (amsgrad: ``vhat = max(vhat, v)`` in place of ``v``).
- ``Adamax``: ``lr_t = lr / (1 - beta_1 ** t)``; ``m`` as Adam's; ``u = max(beta_2 * u, |g|)``;
  ``p - lr_t * m / (u + epsilon)``.
- Default ``epsilon``: ``1e-8`` written in the signatures of 1.2.2 to 2.1.2, ``None`` (``K.epsilon()``,
  ``1e-7``) from 2.1.3 (``2.1.3:keras/optimizers.py``).
- ``hard_sigmoid``: ``2.2.4:keras/backend/tensorflow_backend.py`` (and ``1.2.2``'s; ``2.3.1`` calls
  tf.keras's, the same): ``clip(0.2 * x + 0.5, 0, 1)``.
- ``LSTM`` / ``GRU``: ``2.2.4:keras/layers/recurrent.py`` (``LSTMCell.call``, ``GRUCell.call``), gates in
  the weights' order ``i, f, c, o`` and ``z, r, h``; ``GRU(reset_after=False)`` (Keras 2's default,
  Keras 1's only GRU) applies the reset gate before the recurrent product. Default recurrent
  activation: ``hard_sigmoid`` in 1.2.2 to 2.2.4, ``sigmoid`` from 2.3.0 (``2.3.0:keras/layers/recurrent.py``).
"""

from __future__ import annotations

from typing import Dict, List, Sequence

import numpy as np

Arrays = List[np.ndarray]


def hard_sigmoid(x: np.ndarray) -> np.ndarray:
    return np.clip(0.2 * x + 0.5, 0.0, 1.0)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


ACTIVATIONS = {"hard_sigmoid": hard_sigmoid, "sigmoid": sigmoid, "tanh": np.tanh}


def clipped(grads: Arrays, clipnorm: float = 0.0, clipvalue: float = 0.0) -> Arrays:
    """``Optimizer.get_gradients``: the global norm first, then each value."""
    if clipnorm > 0:
        norm = np.sqrt(sum(np.sum(np.square(g)) for g in grads))
        grads = [g * clipnorm / norm if norm >= clipnorm else g for g in grads]
    if clipvalue > 0:
        grads = [np.clip(g, -clipvalue, clipvalue) for g in grads]
    return grads


def run(name: str, config: Dict[str, object], gradients: Sequence[Arrays]) -> Arrays:
    """The parameters after one step per entry of ``gradients``, every parameter starting at zero,
    as standalone Keras's ``name(**config)`` computed them (in float64)."""
    params = [np.zeros_like(g, dtype=np.float64) for g in gradients[0]]
    defaults = {"SGD": {"lr": 0.01, "momentum": 0.0, "nesterov": False},
                "RMSprop": {"lr": 0.001, "rho": 0.9, "epsilon": 1e-7},
                "Adagrad": {"lr": 0.01, "epsilon": 1e-7},
                "Adadelta": {"lr": 1.0, "rho": 0.95, "epsilon": 1e-7},
                "Adam": {"lr": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": False},
                "Adamax": {"lr": 0.002, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}}[name]
    c = {"decay": 0.0, "clipnorm": 0.0, "clipvalue": 0.0, **defaults, **config}
    slots = {k: [np.zeros_like(p) for p in params] for k in ("m", "v", "a", "d", "vhat", "u")}
    for iterations, raw in enumerate(gradients):
        grads = clipped([np.asarray(g, dtype=np.float64) for g in raw], c["clipnorm"], c["clipvalue"])
        lr = c["lr"] / (1.0 + c["decay"] * iterations) if c["decay"] > 0 else c["lr"]
        t = iterations + 1
        for i, (p, g) in enumerate(zip(params, grads)):
            m, v, a, d, vhat, u = (slots[k][i] for k in ("m", "v", "a", "d", "vhat", "u"))
            if name == "SGD":
                v = c["momentum"] * m - lr * g
                slots["m"][i] = v
                p = p + c["momentum"] * v - lr * g if c["nesterov"] else p + v
            elif name == "RMSprop":
                a = c["rho"] * a + (1.0 - c["rho"]) * g ** 2
                slots["a"][i] = a
                p = p - lr * g / (np.sqrt(a) + c["epsilon"])
            elif name == "Adagrad":
                a = a + g ** 2
                slots["a"][i] = a
                p = p - lr * g / (np.sqrt(a) + c["epsilon"])
            elif name == "Adadelta":
                a = c["rho"] * a + (1.0 - c["rho"]) * g ** 2
                update = g * np.sqrt(d + c["epsilon"]) / np.sqrt(a + c["epsilon"])
                p = p - lr * update
                slots["a"][i], slots["d"][i] = a, c["rho"] * d + (1.0 - c["rho"]) * update ** 2
            elif name == "Adam":
                lr_t = lr * np.sqrt(1.0 - c["beta_2"] ** t) / (1.0 - c["beta_1"] ** t)
                m = c["beta_1"] * m + (1.0 - c["beta_1"]) * g
                v = c["beta_2"] * v + (1.0 - c["beta_2"]) * g ** 2
                if c["amsgrad"]:
                    vhat = np.maximum(vhat, v)
                    slots["vhat"][i] = vhat
                p = p - lr_t * m / (np.sqrt(vhat if c["amsgrad"] else v) + c["epsilon"])
                slots["m"][i], slots["v"][i] = m, v
            elif name == "Adamax":
                lr_t = lr / (1.0 - c["beta_1"] ** t)
                m = c["beta_1"] * m + (1.0 - c["beta_1"]) * g
                u = np.maximum(c["beta_2"] * u, np.abs(g))
                p = p - lr_t * m / (u + c["epsilon"])
                slots["m"][i], slots["u"][i] = m, u
            params[i] = p
    return params


def lstm(x: np.ndarray, kernel: np.ndarray, recurrent: np.ndarray, bias: np.ndarray,
         recurrent_activation: str) -> np.ndarray:
    """``LSTMCell.call`` over a (batch, time, features) input; the sequence of outputs."""
    act = ACTIVATIONS[recurrent_activation]
    units = recurrent.shape[0]
    h = np.zeros((x.shape[0], units))
    c = np.zeros_like(h)
    outputs = []
    for step in range(x.shape[1]):
        z = x[:, step] @ kernel + h @ recurrent + bias
        i, f, cc, o = (z[:, k * units:(k + 1) * units] for k in range(4))
        c = act(f) * c + act(i) * np.tanh(cc)
        h = act(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1)


def gru(x: np.ndarray, kernel: np.ndarray, recurrent: np.ndarray, bias: np.ndarray,
        recurrent_activation: str) -> np.ndarray:
    """``GRUCell.call`` with ``reset_after=False`` (Keras 1's GRU, Keras 2's default)."""
    act = ACTIVATIONS[recurrent_activation]
    units = recurrent.shape[0]
    h = np.zeros((x.shape[0], units))
    outputs = []
    for step in range(x.shape[1]):
        xs = x[:, step] @ kernel + bias
        x_z, x_r, x_h = (xs[:, k * units:(k + 1) * units] for k in range(3))
        z = act(x_z + h @ recurrent[:, :units])
        r = act(x_r + h @ recurrent[:, units:2 * units])
        hh = np.tanh(x_h + (r * h) @ recurrent[:, 2 * units:])
        h = z * h + (1 - z) * hh
        outputs.append(h)
    return np.stack(outputs, axis=1)


# Gradients the oracle steps every optimizer with: a fixed pattern over two variables of different
# shapes, at several magnitudes (at |g| ~ 1e-4 RMSprop's epsilon placement is visible).
MAGNITUDES = (1e-2, 1e-3, 1e-4, 1e-5)
STEPS = 6


def gradients(scale: float, steps: int = STEPS) -> List[Arrays]:
    """``steps`` gradients of two variables, every element of magnitude 0.5 to 1.5 times ``scale``."""
    rng = np.random.default_rng(7)
    pattern = [rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 1.5, size=shape) for shape in ((3, 4), (5,))]
    out = []
    for step in range(steps):
        factor = 1.0 + 0.3 * np.sin(step)  # not constant, so the accumulators move
        out.append([scale * factor * p for p in pattern])
    return out
