"""The second prefilter (``fitmigrate.near_miss``) only ever skips files that have nothing to report: for
every file it lets ``check`` or ``migrate`` skip, the full pipeline finds and changes nothing either."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from fitmigrate.project.index import ProjectIndex
from fitmigrate.check import CheckOutcome, _check_module, check_bytes, may_hold_finding
from fitmigrate.files import may_hold_candidate
from fitmigrate.migrate import _migrate_module, FileOutcome
from fitmigrate.near_miss import worth_checking, worth_migrating

ROOT = Path(__file__).resolve().parent.parent


def full_check(data: bytes):
    """What ``check`` finds when it parses the file whatever the prefilters say."""
    outcome = CheckOutcome("t.py")
    _check_module(cst.parse_module(data), data, "t.py", None, ProjectIndex(), outcome)
    return sorted((f.diagnostic.line, f.diagnostic.col, f.diagnostic.code) for f in outcome.findings)


def checked(data: bytes):
    """What ``check`` reports, as ``full_check`` lists it."""
    return sorted((f.diagnostic.line, f.diagnostic.col, f.diagnostic.code) for f in check_bytes(data, "t.py").findings)


SKIPPED = {
    "numpy arrays": "import numpy as np\n\ndef rows(n):\n    yield n\n\nmodel.fit(np.random.rand(64, 8), np.zeros((64, 1)), "
                    "epochs=2)\nmodel.predict(np.random.rand(4, 8))\n",
    "names bound to numpy": "import numpy as np\nx = np.load('x.npy')\ny = x * 2\n\ndef g():\n    yield 1\n\n"
                            "model.fit(x, y, validation_data=(x, y))\n",
    "fit only in a comment": "def batches(values):\n    yield sum(values)  # for model.fit(batches(v))\n",
    "a comment names the Keras 1 API": "import keras  # was keras.layers.core, Merge, nb_epoch=\n\ndef g():\n    '''optimizers, "
                                       "backend'''\n    yield 1\n",
    "a comment names TF 1 and the Keras 2 log names": "import keras  # tf.Session(), K.set_value(opt.lr), val_acc\n"
                                                      "\ndef g():\n    \"\"\"tensorflow.python.keras, 'val_acc', "
                                                      "load_weights('w.hdf5')\"\"\"\n    yield 1\n",
}
PARSED = {
    "a generator": "def g():\n    while True:\n        yield 1, 2\n\nmodel.fit(g(), epochs=2)\n",
    "a zip": "import numpy as np\nmodel.fit(zip(a, b), steps_per_epoch=3)\nyield_ = 1\n",
    "workers on fit": "model.fit(seq, workers=4)  # yield\n",
    "a Keras 1 keyword": "model.fit(x, y, nb_epoch=3)  # yield\n",
    "numpy rebound": "import numpy as np\nnp = make()\nmodel.fit(np.zeros(3))  # yield\n",
    "a name bound by a loop": "import numpy as np\nx = np.zeros(3)\nfor x in g():\n    pass\nmodel.fit(x)  # yield\n",
    "numpy given a generator": "import numpy as np\nmodel.predict(np.array(g()))  # yield\n",
    "a syntax error": "def f(:\n    yield\nmodel.fit(x)\n",
    "an optimizer name in a string": "import keras\nmodel.compile(optimizer='adadelta', loss='mse')\n",
    "Keras 1 code": "from keras.layers.core import Dense\n",
    "accuracy's Keras 2 log name": "from keras.callbacks import EarlyStopping\nstop = EarlyStopping(monitor='val_acc')\n",
    "a TF 1 session": "import tensorflow as tf\nimport keras\nsess = tf.Session()\n",
    "a private path": "from tensorflow.python.keras.layers import Dense\n",
    "a star import of Keras": "from keras.models import *\nx = Input((3,))\n",
}


@pytest.mark.parametrize("name", SKIPPED)
def test_skipped_files_have_nothing_to_report(name):
    data = SKIPPED[name].encode()
    assert may_hold_finding(data)  # the byte prefilter lets them through: this is where they stop
    assert not worth_checking(data)
    assert full_check(data) == []
    assert check_bytes(data, "t.py").findings == []


@pytest.mark.parametrize("name", PARSED)
def test_files_that_may_hold_a_finding_are_parsed(name):
    assert worth_checking(PARSED[name].encode())


def test_the_hazard_on_a_modern_call_is_still_found():
    data = PARSED["a generator"].encode()
    assert "FM305" in [code for _, _, code in checked(data)]  # an endless generator, no steps_per_epoch=
    assert checked(data) == full_check(data)


def full_migrate(data: bytes) -> FileOutcome:
    """What ``migrate`` does to the file when it parses it whatever the prefilters say."""
    return _migrate_module(cst.parse_module(data), data, "t.py", None, ProjectIndex(), FileOutcome("t.py", data))


def _modernised():
    """The case files with their legacy calls renamed to the modern ones: real generator code on modern
    calls, near misses by construction (the hazard rules fire on some of them)."""
    for path in sorted((ROOT / "tests" / "cases").glob("*.py")):
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        modern = text.replace("fit_generator(", "fit(").replace("evaluate_generator(", "evaluate(") \
            .replace("predict_generator(", "predict(").replace("_generator", "_gen")
        yield pytest.param(modern.encode("utf-8", errors="surrogateescape"), id=path.name)


MODERNISED = list(_modernised())


@pytest.mark.parametrize("data", MODERNISED)
def test_a_file_the_second_prefilter_skips_has_no_finding(data):
    if not may_hold_finding(data):
        return  # the byte prefilter answers it, as it did before the second prefilter existed
    found = full_check(data)
    if worth_checking(data):
        assert checked(data) == found
    else:
        assert found == []
        assert check_bytes(data, "t.py").findings == []


def test_the_modernised_cases_hold_findings_the_second_prefilter_keeps():
    kept = [data.values[0] for data in MODERNISED if may_hold_finding(data.values[0]) and worth_checking(data.values[0])]
    assert any(code.startswith("FM3") for data in kept for _, _, code in full_check(data))


def test_the_benchmark_corpus_near_misses_are_skipped_and_have_nothing_to_report():
    import random

    from benchmarks.make_corpus import near_miss_block

    rng = random.Random(0)
    blocks = {near_miss_block(rng) for _ in range(30)}
    assert len(blocks) >= 3
    for block in blocks:
        data = ("import numpy as np\nfrom tensorflow import keras\nmodel = keras.Sequential()\n\n" + block).encode()
        assert full_check(data) == []
        assert not (may_hold_finding(data) and worth_checking(data))


@pytest.mark.parametrize("data", MODERNISED)
def test_a_file_migrate_skips_changes_nothing(data):
    if may_hold_candidate(data) and not worth_migrating(data):
        outcome = full_migrate(data)
        assert not outcome.changed and outcome.diagnostics == []
