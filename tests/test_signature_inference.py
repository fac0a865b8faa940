"""What the analyzer proves a generator yields, one construct at a time (pyupgrade-style cases).

Each case is a generator ``gen`` and the TensorSpecs the migration must declare for it, written as
``shape:dtype``; a refusal is written as the diagnostic code. The dtypes are checked against numpy
itself in ``test_declared_dtypes_match_numpy``.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from fitmigrate.migrate import migrate_bytes

HEADER = "import numpy as np\nfrom tensorflow import keras\nfrom keras.utils import np_utils\nBATCH = 8\nSHAPE = (5, 5)\n"


def signature_of(generator: str, call: str = "gen()"):
    source = HEADER + generator + f"\nmodel.fit_generator({call}, steps_per_epoch=1)\n"
    outcome = migrate_bytes(source.encode(), "case.py")
    if not outcome.changed or b".fit_generator(" in outcome.new:  # refused (HEADER's np_utils import is fixed)
        return [d.code for d in outcome.diagnostics if not d.code.startswith("FM4")]
    if any(d.code == "FM216" for d in outcome.diagnostics):  # no signature: the generator is passed as it is
        return ["FM216"]
    specs = re.findall(r"TensorSpec\(shape=\(([^)]*)\), dtype=tf\.(\w+)\)", outcome.new.decode())
    return [f"({shape.rstrip(',')}):{dtype}" for shape, dtype in specs]


CASES = [
    pytest.param(("def gen():\n    while True:\n        yield np.random.rand(BATCH, 3), np.random.randint(0, 2, BATCH)\n",
                 ["(None, 3):float64", "(None):int64"]), id="rand and randint"),
    pytest.param(("def gen():\n    while True:\n        yield np.random.random((BATCH, 2)), np.random.random_sample(BATCH)\n",
                 ["(None, 2):float64", "(None):float64"]), id="random and random_sample sizes"),
    pytest.param(("def gen():\n    while True:\n        yield np.random.uniform(0, 1, (4, 2)), np.random.normal(size=(4,))\n",
                 ["(None, 2):float64", "(None):float64"]), id="uniform and normal"),
    pytest.param(("def gen():\n    while True:\n        yield np.zeros((4, 2), dtype='uint8'), np.ones(4, np.int32)\n",
                 ["(None, 2):uint8", "(None):int32"]), id="zeros and ones with dtype"),
    pytest.param(("def gen():\n    while True:\n        yield np.full((4, 2), 0.5), np.full((4,), 1)\n",
                 ["(None, 2):float64", "(None):int64"]), id="full takes the fill value's type"),
    pytest.param(("def gen():\n    while True:\n        yield np.empty((4, 2), dtype=float), np.array([[1, 2], [3, 4]])\n",
                 ["(None, 2):float64", "(None, 2):int64"]), id="empty with builtin dtype, array of literals"),
    pytest.param(("def gen():\n    rng = np.random.default_rng(0)\n    while True:\n"
                 "        yield rng.random((4, 3), dtype=np.float32), rng.integers(0, 5, 4)\n",
                 ["(None, 3):float32", "(None):int64"]), id="default_rng methods"),
    pytest.param(("def gen():\n    while True:\n        x = np.random.rand(4, 25).reshape(4, 5, 5).astype('float16')\n        yield x, x\n",
                 ["(None, 5, 5):float16", "(None, 5, 5):float16"]), id="reshape then astype"),
    pytest.param(("def gen():\n    while True:\n        y = keras.utils.to_categorical(np.random.randint(0, 3, 4), num_classes=3)\n"
                 "        yield np.zeros((4, 1)), y\n",
                 ["(None, 1):float64", "(None, 3):float64"]), id="keras 3 to_categorical is float64"),
    pytest.param(("def gen():\n    while True:\n        y = np_utils.to_categorical(np.random.randint(0, 3, (4, 1)), 3)\n"
                 "        yield np.zeros((4, 1)), y\n",
                 ["(None, 1):float64", "(None, 3):float64"]),
                 id="np_utils to_categorical is float64: migrate makes it keras.utils' (FM406), and Keras 3's is float64"),
    pytest.param(("def gen():\n    while True:\n        yield np.zeros((BATCH,) + SHAPE + (1,)), np.zeros(BATCH)\n",
                 ["(None, 5, 5, 1):float64", "(None):float64"]), id="tuple concatenation of constants"),
    pytest.param(("def gen(batch_size=4, channels=3):\n    while True:\n        yield np.zeros((batch_size, 8, channels), np.float32), np.zeros(batch_size)\n",
                 ["(None, 8, 3):float32", "(None):float64"]), id="parameter defaults"),
    pytest.param(("def gen(size):\n    while True:\n        yield np.zeros((2, size)), np.zeros(2)\n",
                 ["(None, 7):float64", "(None):float64"], "gen(7)"), id="call-site argument"),
    pytest.param(("def gen(size):\n    while True:\n        yield np.zeros((2, size)), np.zeros(2)\n",
                 ["(None, None):float64", "(None):float64"], "gen(n)"), id="unknown dimension is None"),
    pytest.param(("def gen():\n    while True:\n        x = np.random.randint(0, 255, (4, 3)).astype(np.uint8)\n        yield x / 255.0, x > 100\n",
                 ["(None, 3):float64", "(None, 3):bool"]), id="arithmetic promotes like numpy"),
    pytest.param(("def gen():\n    while True:\n        x = np.zeros((4, 3), dtype=np.float32)\n        yield x * 2.0 - 1, np.eye(3)[np.random.randint(0, 3, 4)]\n",
                 ["(None, 3):float32", "(None, 3):float64"]), id="python scalars are weak, eye one-hot"),
    pytest.param(("X = np.random.rand(100, 6).astype('float32')\nY = np.random.randint(0, 2, (100, 1))\n"
                 "def gen():\n    while True:\n        idx = np.random.choice(len(X), BATCH)\n        yield X[idx], Y[idx]\n",
                 ["(None, 6):float32", "(None, 1):int64"]), id="fancy indexing module arrays"),
    pytest.param(("X = np.random.rand(100, 6)\ndef gen():\n    for i in range(0, 100, BATCH):\n        yield X[i:i + BATCH], X[i:i + BATCH, 0]\n",
                 ["(None, 6):float64", "(None):float64"]), id="slices keep and drop dims"),
    pytest.param(("def gen():\n    while True:\n        xs, ys = [], []\n        for i in range(BATCH):\n"
                 "            xs.append(np.zeros((3, 3), dtype='float32'))\n            ys.append(i % 2)\n"
                 "        yield np.array(xs), np.array(ys)\n",
                 ["(None, 3, 3):float32", "(None):int64"]), id="lists grown with append"),
    pytest.param(("def gen():\n    while True:\n        x = np.stack([np.zeros(3), np.ones(3)])\n        yield np.expand_dims(x, -1), np.concatenate([np.zeros(2), np.ones(2)])\n",
                 ["(None, 3, 1):float64", "(None):float64"]), id="stack, expand_dims, concatenate"),
    pytest.param(("def gen():\n    while True:\n        x = np.zeros((4, 2))\n        if np.random.rand() > 0.5:\n            x = np.ones((4, 2))\n        yield x, x\n",
                 ["(None, 2):float64", "(None, 2):float64"]), id="branches that agree"),
    pytest.param(("def gen():\n    while True:\n        yield {'a': np.zeros((2, 1)), 'b': np.zeros((2, 2), 'int32')}, np.zeros(2), np.ones(2)\n",
                 ["(None, 1):float64", "(None, 2):int32", "(None):float64", "(None):float64"]), id="dict inputs and sample weights"),
    pytest.param(("def inner():\n    while True:\n        yield np.zeros((2, 2)), np.zeros(2)\n\ndef gen():\n    yield from inner()\n",
                 ["(None, 2):float64", "(None):float64"]), id="yield from"),
    pytest.param(("def make():\n    return np.zeros((2, 3), dtype='float32')\n\ndef gen():\n    while True:\n        yield make(), make()\n",
                 ["(None, 3):float32", "(None, 3):float32"]), id="helper function return value"),
    pytest.param(("import cv2\ndef gen(paths):\n    while True:\n        images = []\n        for p in paths:\n"
                  "            image = cv2.resize(cv2.imread(p), (64, 32))\n            images.append(cv2.flip(image, 1))\n"
                  "        yield np.array(images), np.zeros(len(paths))\n",
                  ["(None, 32, 64, 3):uint8", "(None):float64"]), id="opencv images are uint8"),
    pytest.param(("import cv2\ndef gen():\n    while True:\n        grey = cv2.imread('a.png', 0)\n"
                  "        yield np.array([grey]), np.zeros(1)\n",
                  ["(None, None, None):uint8", "(None):float64"]), id="opencv grey images"),
    pytest.param(("from sklearn.utils import shuffle\ndef gen():\n    while True:\n"
                  "        yield shuffle(np.zeros((4, 2)), np.ones(4))\n",
                  ["(None, 2):float64", "(None):float64"]), id="sklearn shuffle returns a list"),
    pytest.param(("from keras.preprocessing.image import img_to_array, load_img\ndef gen(p):\n    while True:\n"
                  "        yield np.array([img_to_array(load_img(p))]), np.zeros(1)\n",
                  ["(None, None, None, None):float32", "(None):float64"]), id="img_to_array is float32"),
    # Refusals: nothing is guessed.
    pytest.param(("def gen():\n    while True:\n        yield load_image(), np.zeros(2)\n", ["FM103"]), id="unknown function"),
    pytest.param(("def gen():\n    while True:\n        x = np.zeros((4, 2))\n        if np.random.rand() > 0.5:\n"
                 "            x = x.astype('float32')\n        yield x, x\n", ["FM103"]), id="branches that disagree"),
    pytest.param(("def gen():\n    while True:\n        yield 1, 2\n", ["FM103"]), id="python scalars are not batches"),
    # No signature is written for a rank that is not proven: the generator itself is passed to fit (FM216).
    pytest.param(("def gen():\n    while True:\n        yield np.zeros((2, 2)).reshape(shape), np.zeros(2)\n",
                 ["FM216"]), id="reshape to an unknown shape"),
    pytest.param(("def gen():\n    yield\n", ["FM103"]), id="bare yield"),
    pytest.param(("def gen():\n    while True:\n        yield np.concatenate([]), np.zeros(2)\n", ["FM103"]),
                 id="concatenate of an empty list is numpy's error, not fitmigrate's"),
]


@pytest.mark.parametrize("case", CASES)
def test_signature(case):
    generator, expected, *call = case
    assert signature_of(generator, *call) == expected


@pytest.mark.parametrize("expression,dtype", [
    ("np.random.rand(2)", "float64"), ("np.random.randint(0, 3, 2)", "int64"),
    ("np.zeros(2, dtype='uint8') / 255.0", "float64"), ("np.zeros(2, dtype=np.float32) * 2.0", "float32"),
    ("np.zeros(2, dtype=np.uint8) + 1", "uint8"), ("np.zeros(2, dtype='int32') / 2", "float64"),
    ("np.zeros(2, dtype=np.float16) + np.zeros(2, dtype=np.float32)", "float32"),
    ("np.array([1, 2.5])", "float64"), ("np.arange(4)", "int64"), ("np.sqrt(np.arange(4))", "float64"),
])
def test_declared_dtypes_match_numpy(expression, dtype):
    """The analyzer's dtype for an expression is the one numpy really gives."""
    assert str(eval(expression, {"np": np}).dtype) == dtype
    generator = f"def gen():\n    while True:\n        yield {expression}, {expression}\n"
    assert signature_of(generator)[0].endswith(":" + dtype)


def test_a_branch_is_pruned_for_the_call_that_gives_its_value_only():
    """Values are compared without their 'assumed' mark (a parameter's default), so the generator's cache
    must tell the call that gives augment=False from the one that only defaults to it, in either order."""
    generator = ("import numpy as np\n\n\ndef batches(augment=False):\n    while True:\n        x = np.zeros((4, 2))\n        if augment:\n"
                 "            x = x.astype('float32')\n        yield x, np.zeros((4, 1))\n\n")
    train = "def train(model, augment=False):\n    model.fit_generator(batches(augment), steps_per_epoch=10)\n\n"
    module = "model.fit_generator(batches(augment=False), steps_per_epoch=10)\n"
    for source in (generator + train + module, generator + module + train):
        outcome = migrate_bytes(source.encode(), "case.py")
        new = outcome.new.decode()
        assert "model.fit_generator(batches(augment), steps_per_epoch=10)" in new  # refused: may be True
        assert "lambda: batches(augment=False)" in new and [d.code for d in outcome.diagnostics] == ["FM103"]
