"""Messages whose words are the point (issue 23): each says something true about the code it points at, and
what to do. Asserted word for word."""

from __future__ import annotations

import pytest

from fitmigrate.check import check_bytes

GENERATORS = (
    "import sys\nimport numpy as np\n\n\n"
    "def gen_a():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n\n"
)


def messages(source: str, code: str):
    return [f"{f.diagnostic.line}:{f.diagnostic.col}: {f.diagnostic.message}"
            for f in check_bytes(source.encode(), "t.py").findings if f.diagnostic.code == code]


REMEDY = ": give it one kind of value on every path (one generator function, Sequence class or flow), or migrate by hand"


@pytest.mark.parametrize("tail,expected", [
    pytest.param("if len(sys.argv) > 1:\n    train = gen_a()\nelse:\n    train = [1, 2]\n"
                 "model.fit_generator(train, steps_per_epoch=2)\n",
                 "14:21: cannot tell what the generator `train` is: it differs between code paths (`train` is bound on "
                 "lines 11 and 13)" + REMEDY, id="a name bound on two branches"),
    pytest.param("train = gen_a()\nif len(sys.argv) > 1:\n    train = 3\nmodel.fit_generator(train, steps_per_epoch=2)\n",
                 "13:21: cannot tell what the generator `train` is: it differs between code paths (`train` is bound on "
                 "lines 10 and 12)" + REMEDY, id="an if without else"),
    pytest.param("def make():\n    if len(sys.argv) > 1:\n        return gen_a()\n    return 3\n\n\n"
                 "model.fit_generator(make(), steps_per_epoch=2)\n",
                 "16:21: cannot tell what the generator `make()` is: it differs between code paths (make() returns on "
                 "lines 12 and 13)" + REMEDY, id="a function returning on two paths"),
    pytest.param("model.fit_generator(gen_a() if len(sys.argv) else 5, steps_per_epoch=2)\n",
                 "10:21: cannot tell what the generator `gen_a() if len(sys.argv) else 5` is: it differs between code "
                 "paths (the two arms of the conditional expression on line 10)" + REMEDY,
                 id="a conditional expression"),
])
def test_fm102_names_the_code_paths_that_differ(tail, expected):
    assert messages(GENERATORS + tail, "FM102") == [expected]


KERAS2 = "from keras.layers import Conv2D\nimport numpy as np\n\nlayer = Conv2D(8, (3, 3))\n\n\n"
BY_PARAMETER = ("def gen(bs):\n    while True:\n        yield np.zeros((bs, 4)), np.zeros((bs, 1))\n\n\n"
                "def train(model, bs):\n")


@pytest.mark.parametrize("source,expected", [
    pytest.param("import numpy as np\n\n\n" + BY_PARAMETER +
                 "    model.fit_generator(gen(bs), samples_per_epoch=1000, nb_epoch=3)\n",
                 "10:34: samples_per_epoch `1000` counts samples, but the generator's batches are not proven to hold bs "
                 "samples each; the value of `bs` is not known here (Keras 1 counted the samples of each batch, so a "
                 "short batch changes the step count): give steps_per_epoch= (steps) instead",
                 id="a batch size that is a parameter: its value is what is unknown"),
    pytest.param("import sys\nimport numpy as np\n\nrows = int(sys.argv[1])\n\n\ndef gen():\n    while True:\n"
                 "        yield np.zeros((rows, 4)), np.zeros((rows, 1))\n\n\n"
                 "model.fit_generator(gen(), samples_per_epoch=1000, nb_epoch=3)\n",
                 "12:28: samples_per_epoch `1000` counts samples, and a step count needs the generator's batch size, "
                 "which the analyzer cannot find (no batch_size / bs argument to the generator, and no batch length "
                 "proven from what it yields): give steps_per_epoch= (steps) instead", id="no batch size to find"),
    pytest.param(KERAS2 + "def gen():\n    while True:\n        yield np.zeros((4, 4)), np.zeros((4, 1))\n\n\n"
                 "model.fit_generator(gen(), samples_per_epoch=1000, nb_epoch=3, nb_val_samples=50)\n",
                 "12:64: nb_val_samples=`50` counts validation samples, but the call has no validation_data, so no Keras "
                 "read it: remove nb_val_samples=", id="a validation count without validation data"),
])
def test_fm105_says_only_what_is_true(source, expected):
    assert messages(source, "FM105") == [expected]


def test_a_keras2_sample_count_of_a_flow_sized_by_a_name_in_the_call_is_converted():
    """Keras 2 divided samples_per_epoch by the flow's batch_size: a flow made in the call has the batch size it is
    given there, a parameter too. It was refused with "that is not known"; it is Keras 2's own conversion."""
    source = (KERAS2 + "from keras.preprocessing.image import ImageDataGenerator\n"
              "x = np.zeros((100, 8, 8, 3), dtype='float32')\ny = np.zeros((100, 10), dtype='float32')\n\n\n"
              "def train(model, bs):\n"
              "    model.fit_generator(ImageDataGenerator().flow(x, y, batch_size=bs), samples_per_epoch=len(x) * 2,"
              " nb_epoch=3)\n")
    assert messages(source, "FM105") == []
    assert messages(source, "FM201") == [
        "13:73: samples_per_epoch=`len(x) * 2` ran on Keras 2 (the file uses `Conv2D`), whose converter made it "
        "steps_per_epoch=(len(x) * 2) // bs"]
