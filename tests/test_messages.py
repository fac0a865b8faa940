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
                 "lines 11 and 13; it is the generator gen_a() makes on one code path and a list of 2 items on another)" + REMEDY, id="a name bound on two branches"),
    pytest.param("train = gen_a()\nif len(sys.argv) > 1:\n    train = 3\nmodel.fit_generator(train, steps_per_epoch=2)\n",
                 "13:21: cannot tell what the generator `train` is: it differs between code paths (`train` is bound on "
                 "lines 10 and 12; it is a Python int on one code path and the generator gen_a() makes on another)" + REMEDY, id="an if without else"),
    pytest.param("def make():\n    if len(sys.argv) > 1:\n        return gen_a()\n    return 3\n\n\n"
                 "model.fit_generator(make(), steps_per_epoch=2)\n",
                 "16:21: cannot tell what the generator `make()` is: it differs between code paths (make() returns on "
                 "lines 12 and 13; it is the generator gen_a() makes on one code path and a Python int on another)" + REMEDY, id="a function returning on two paths"),
    pytest.param("model.fit_generator(gen_a() if len(sys.argv) else 5, steps_per_epoch=2)\n",
                 "10:21: cannot tell what the generator `gen_a() if len(sys.argv) else 5` is: it differs between code "
                 "paths (the two arms of the conditional expression on line 10; it is the generator gen_a() makes on one code path "
                 "and a Python int on another)" + REMEDY,
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
                 "short batch changes the step count), and counting them in the dataset instead is exact only from an "
                 "ImageDataGenerator flow: Keras 3 learns an epoch's length from the first epoch and cuts any later one "
                 "after one step more, and only a flow (one short batch, at the end of each pass) proves that no epoch "
                 "is longer: give steps_per_epoch= (steps) instead",
                 id="a batch size that is a parameter: its value is what is unknown"),
    pytest.param("import sys\nimport numpy as np\n\nrows = int(sys.argv[1])\n\n\ndef gen():\n    while True:\n"
                 "        yield np.zeros((rows, 4)), np.zeros((rows, 1))\n\n\n"
                 "model.fit_generator(gen(), samples_per_epoch=1000, nb_epoch=3)\n",
                 "12:28: samples_per_epoch `1000` counts samples, and a step count needs the generator's batch size, "
                 "which the analyzer cannot find (no batch_size / bs argument to the generator, and no batch length "
                 "proven from what it yields), and counting them in the dataset instead is exact only from an "
                 "ImageDataGenerator flow: Keras 3 learns an epoch's length from the first epoch and cuts any later one "
                 "after one step more, and only a flow (one short batch, at the end of each pass) proves that no epoch "
                 "is longer: give steps_per_epoch= (steps) instead", id="no batch size to find"),
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


ENDLESS = "import numpy as np\n\n\ndef gen():\n    while True:\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n\n"
FIVE = "import numpy as np\n\n\ndef gen():\n    for _ in range(5):\n        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n\n"
FLOW = "from tensorflow.keras.preprocessing.image import ImageDataGenerator\nimport numpy as np\n" \
       "x = np.zeros((10, 4, 4, 3), 'float32')\ny = np.zeros((10, 2), 'float32')\n"


@pytest.mark.parametrize("source,code,expected", [
    pytest.param(FLOW + "flow = ImageDataGenerator().flow(x, y, batch_size=4)\n"
                 "model.fit_generator(flow, steps_per_epoch=len(flow), epochs=2)\n", "FM100",
                 "6:1: fit_generator() was removed in Keras 3: `fitmigrate migrate` rewrites this call to fit(), which "
                 "takes its Sequence or flow as it is", id="FM100: a flow is not put on a tf.data pipeline"),
    pytest.param(ENDLESS + "model.fit_generator(gen(), steps_per_epoch=3)\n", "FM100",
                 "9:1: fit_generator() was removed in Keras 3: `fitmigrate migrate` rewrites this call to fit() on a "
                 "tf.data pipeline", id="FM100: a generator is"),
    pytest.param(ENDLESS + "model.evaluate(gen())\n", "FM305",
                 "9:16: `gen()` never ends, and without steps= the call never ends either: give steps= (batches to "
                 "read)", id="FM305 on evaluate: no epoch there"),
    pytest.param(ENDLESS + "model.fit(gen(), steps_per_epoch=3, validation_data=gen())\n", "FM305",
                 "9:37: `gen()` never ends, and without validation_steps= one validation pass never ends either: give "
                 "validation_steps= (batches to read)", id="FM305 on validation data"),
    pytest.param(FIVE + "model.evaluate_generator(gen(), steps=10)\n", "FM303",
                 "9:26: gen() yields 5 batches and stops, but this call needs 10 (steps=10): loop forever (while True:) "
                 "in the generator, add .repeat() to the dataset, or ask for fewer steps", id="FM303 without epochs"),
    pytest.param(FIVE.replace("np.zeros((4, 1))", "np.random.randint(0, 3, 4)") +
                 "def build():\n    m = make()\n    m.compile(optimizer='sgd', loss='categorical_crossentropy')\n"
                 "    return m\n\n\nmodel = build()\nmodel.fit_generator(gen(), steps_per_epoch=1)\n", "FM301",
                 "16:21: the labels are integer class ids (dtype int64, shape (batch,)) but the model is compiled with "
                 "categorical_crossentropy (`m.compile(...)`, line 11), which needs one-hot rows: wrap them in "
                 "keras.utils.to_categorical(y, num_classes), or compile with sparse_categorical_crossentropy",
                 id="FM301 names the compile its loss was read from (another receiver's)"),
    pytest.param(FLOW + "runs = [model.fit_generator(ImageDataGenerator().flow(x, y, batch_size=4), "
                 "samples_per_epoch=100, nb_epoch=3) for _ in range(2)]\n", "FM107",
                 "5:76: samples_per_epoch=`100` counts samples of `ImageDataGenerator().flow(x, y, batch_size=4)` but is "
                 "not provably its own sample count (it.n, or len() of the array it was made from): Keras 1 took batches "
                 "until it had seen that many samples, and the last batch of each pass is short, so how many steps each "
                 "epoch took cannot be read from the code; counting them takes a generator function before the "
                 "statement, and the call is not a statement of its own (it sits in an expression or a class body): "
                 "give steps_per_epoch=len(it) for one pass per epoch (it = `ImageDataGenerator().flow(x, y, "
                 "batch_size=4)` on the line before), or a step count",
                 id="FM107: an unnamed flow is named before len(it) is asked for"),
    pytest.param(ENDLESS + "model.fit_generator(gen(), 10, 3, 1, None, None, None, {0: 1.0})\n", "FM106",
                 "9:56: positional argument 8 (`{0: 1.0}`) is past the positions fitmigrate maps (validation_steps is "
                 "the last): later ones differ between Keras releases (fit_generator's 12th was initial_epoch in Keras "
                 "1 and early Keras 2, shuffle in later releases): pass it by keyword",
                 id="FM106: class_weight is the 8th everywhere; it is later ones that differ"),
])
def test_messages_say_what_the_code_does(source, code, expected):
    assert messages(source, code) == [expected]


def test_fm100_of_a_held_back_call_says_it_is_held_back_not_that_it_cannot_be_migrated():
    ambiguous = ("import numpy as np\n\n\ndef gen():\n    while True:\n        yield np.random.rand(25, 20), "
                 "np.random.rand(25, 1)\n\n\ndef one():\n    while True:\n        yield np.random.rand(1, 20), "
                 "np.random.rand(1, 1)\n\n\nmodel.fit_generator(gen(), 500, 3)\nmodel.fit_generator(one(), 100, 3)\n")
    assert messages(ambiguous, "FM100") == [
        "14:1: fit_generator() was removed in Keras 3, and this call cannot be migrated automatically: see the "
        "diagnostic beside this one",
        "15:1: fit_generator() was removed in Keras 3, and `fitmigrate migrate` holds this call back for now: see "
        "FM108 beside this one"]
    assert [m.split(": ", 1)[0] for m in messages(ambiguous, "FM108")] == ["15:1"]
