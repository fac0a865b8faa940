"""A diff a reviewer accepts: continuation lines follow the shorter method name, each dataset is an
assignment of its own before the call's statement (inline where no statement can go), and
``import tensorflow as tf`` goes where isort would put it, reusing any name TensorFlow already has."""

from __future__ import annotations

import re
import textwrap

import libcst as cst
import pytest
from click.testing import CliRunner

from fitmigrate.analysis import layout
from fitmigrate.analysis.layout import dataset_name
from fitmigrate.migrate import migrate_bytes

GENERATOR = '''\
def gen(batch_size=4):
    while True:
        yield np.zeros((batch_size, 2), dtype="float32"), np.zeros((batch_size, 1), dtype="float32")
'''
HEAD = "import numpy as np\nimport tensorflow as tf\n\n\n" + GENERATOR + "\n\n"
DATASET = '''\
gen_dataset = tf.data.Dataset.from_generator(
    gen,
    output_signature=(
        tf.TensorSpec(shape=(None, 2), dtype=tf.float32),
        tf.TensorSpec(shape=(None, 1), dtype=tf.float32),
    ),
).prefetch(tf.data.AUTOTUNE)
'''


def migrated(source: str, path: str = "train.py", **options) -> str:
    outcome = migrate_bytes(source.encode(), path, **options)
    assert outcome.error is None and outcome.migrated >= 1, [d.format() for d in outcome.diagnostics]
    again = migrate_bytes(outcome.new, path, **options)
    assert not again.changed, "a second run changed the file"
    cst.parse_module(outcome.new)
    return outcome.new.decode()


def body(source: str, **options) -> str:
    """What the migration makes of the code after the generator (the imports and ``gen`` fixed)."""
    out = migrated(HEAD + textwrap.dedent(source), **options)
    assert out.startswith(HEAD)
    return out[len(HEAD):]


# --- continuation lines --------------------------------------------------------------------------

@pytest.mark.parametrize("method, new", [("fit_generator", "fit"), ("evaluate_generator", "evaluate"),
                                         ("predict_generator", "predict")])
def test_lines_aligned_under_the_parenthesis_follow_it(method, new):
    source = (f"history = model.{method}(gen(), steps=2,\n"
              f"{' ' * (len('history = model.') + len(method) + 1)}verbose=0)\n")
    assert body(source.replace("steps=2", "steps=2" if method != "fit_generator" else "steps_per_epoch=2")) == (
        DATASET + f"history = model.{new}(gen_dataset, {'steps_per_epoch' if new == 'fit' else 'steps'}=2,\n"
        f"{' ' * (len('history = model.') + len(new) + 1)}verbose=0)\n")


def test_deeper_lines_and_comments_move_with_the_parenthesis_a_hanging_indent_does_not():
    source = """\
    def train(model, cbs):
        history = model.fit_generator(gen(), steps_per_epoch=2,
                                      # one epoch
                                      epochs=1,
                                      callbacks=[cbs[0],
                                                 cbs[1]],
                                      verbose=0)
        model.fit_generator(
            gen(), steps_per_epoch=2,
            epochs=1,
            verbose=0)
        return history
    """
    out = body(source)
    assert """\
    history = model.fit(gen_dataset, steps_per_epoch=2,
                        # one epoch
                        epochs=1,
                        callbacks=[cbs[0],
                                   cbs[1]],
                        verbose=0)
""" in out
    assert """\
    model.fit(
        train_dataset, steps_per_epoch=2,
        epochs=1,
        verbose=0)
""" in out


def test_strings_and_shallower_lines_inside_the_call_are_left_alone():
    source = '''\
    model.fit_generator(gen(), steps_per_epoch=2, callbacks=[make("""
                        a string
    ends here""")],
                        verbose=0)
    '''
    out = body(source)
    assert '''\
model.fit(gen_dataset, steps_per_epoch=2, callbacks=[make("""
                    a string
ends here""")],
          verbose=0)
''' in out


def test_tabs_that_indent_the_block_are_fine_alignment_with_tabs_is_left_alone():
    source = ("def train(model):\n\tmodel.fit_generator(gen(), steps_per_epoch=2,\n\t                    epochs=1)\n"
              "\tmodel.fit_generator(gen(), steps_per_epoch=2,\n\t\t\tepochs=1)\n")
    out = body(source)
    assert "\tmodel.fit(gen_dataset, steps_per_epoch=2,\n\t          epochs=1)\n" in out
    assert "\tmodel.fit(train_dataset, steps_per_epoch=2,\n\t\t\tepochs=1)\n" in out


def test_inline_dataset_lines_line_up_with_the_moved_arguments():
    source = """\
    model.fit_generator(gen(), steps_per_epoch=2,
                        validation_data=gen(2), validation_steps=1)
    """
    out = body(source, inline_datasets=True)
    assert """\
).prefetch(tf.data.AUTOTUNE), steps_per_epoch=2,
          validation_data=tf.data.Dataset.from_generator(
              lambda generator=gen(2): generator,
              output_signature=(
""" in out
    assert "\n          ).prefetch(0), validation_steps=1)\n" in out


# --- where the dataset goes ----------------------------------------------------------------------

@pytest.mark.parametrize("statement", [
    "model.fit_generator(gen(), steps_per_epoch=2)",
    "history = model.fit_generator(gen(), steps_per_epoch=2)",
    "history: object = model.fit_generator(gen(), steps_per_epoch=2)",
    "total += model.evaluate_generator(gen(), steps=2)",
    "a = b = model.predict_generator(gen(), steps=2)",
])
def test_the_dataset_is_assigned_just_before_the_statement(statement):
    new = statement.replace("_generator(gen()", "(gen_dataset")
    assert body(statement + "\n") == DATASET + new + "\n"


def test_a_return_statement_and_blocks_keep_the_assignment_in_their_own_body():
    source = """\
    def train(model, runs):
        for run in runs:
            with run:
                try:
                    if run.fast:
                        # quick check
                        model.fit_generator(gen(), steps_per_epoch=2)  # one step
                except ValueError:
                    pass
        return model.evaluate_generator(gen(), steps=2)
    """
    out = body(source)
    dataset = textwrap.indent(DATASET, " " * 20)
    assert "                if run.fast:\n                    # quick check\n" + dataset + \
           "                    model.fit(gen_dataset, steps_per_epoch=2)  # one step\n" in out
    assert textwrap.indent(DATASET.replace("gen_dataset", "eval_dataset"), "    ") + \
           "    return model.evaluate(eval_dataset, steps=2)\n" in out


def test_blank_lines_and_comments_above_the_statement_stay_above_it():
    out = body("x = 1\n\n# Train.\nmodel.fit_generator(gen(), steps_per_epoch=2)\n")
    assert out == "x = 1\n\n# Train.\n" + DATASET + "model.fit(gen_dataset, steps_per_epoch=2)\n"


@pytest.mark.parametrize("statement", [
    pytest.param("train = lambda: model.fit_generator(gen(), steps_per_epoch=2)", id="lambda"),
    pytest.param("runs = [model.fit_generator(gen(), steps_per_epoch=2) for _ in range(2)]", id="comprehension"),
    pytest.param("history = model.fit_generator(gen(), steps_per_epoch=2) if fast else None", id="conditional"),
    pytest.param("print(model.evaluate_generator(gen(), steps=2))", id="argument of a call"),
    pytest.param("loss = 2 * model.evaluate_generator(gen(), steps=2)", id="operand"),
    pytest.param("while model.evaluate_generator(gen(), steps=2) > 1:\n    pass", id="while test"),
    pytest.param("@register(model.predict_generator(gen(), steps=2))\ndef f():\n    pass", id="decorator"),
    pytest.param("x = 1; model.fit_generator(gen(), steps_per_epoch=2)", id="after another statement on its line"),
    pytest.param("if fast: model.fit_generator(gen(), steps_per_epoch=2)", id="one-line block"),
    pytest.param("class Run:\n    history = model.fit_generator(gen(), steps_per_epoch=2)", id="class body"),
])
def test_the_dataset_stays_inline_where_no_statement_can_go(statement):
    out = body(statement + "\n")
    assert "_dataset = " not in out
    assert re.search(r"\.(fit|evaluate|predict)\(tf\.data\.Dataset\.from_generator\(\n\s*gen,\n", out)


def test_inline_datasets_option_keeps_the_dataset_in_the_call():
    out = body("history = model.fit_generator(gen(), steps_per_epoch=2)\n", inline_datasets=True)
    assert out.startswith("history = model.fit(tf.data.Dataset.from_generator(\n    gen,\n")
    assert out.endswith(").prefetch(tf.data.AUTOTUNE), steps_per_epoch=2)\n")


def test_inline_datasets_on_the_command_line(tmp_path):
    from fitmigrate.cli import main

    script = tmp_path / "train.py"
    script.write_text(HEAD + "model.fit_generator(gen(), steps_per_epoch=2)\n")
    result = CliRunner().invoke(main, ["migrate", "--inline-datasets", "--no-cache", "-j", "1", str(script)])
    assert result.exit_code == 0, result.output
    assert "model.fit(tf.data.Dataset.from_generator(" in script.read_text()


def test_validation_data_is_still_made_once():
    out = body("model.fit_generator(gen(), steps_per_epoch=2, validation_data=gen(2), validation_steps=1)\n")
    assert "validation_dataset = tf.data.Dataset.from_generator(\n    lambda generator=gen(2): generator,\n" in out
    assert out.endswith(").prefetch(0)\nmodel.fit(gen_dataset, steps_per_epoch=2, validation_data=validation_dataset, "
                        "validation_steps=1)\n")


def _expr(code: str) -> cst.BaseExpression:
    return cst.parse_expression(code)


@pytest.mark.parametrize("expr, role, method, expected", [
    ("train_gen", "x", "fit", "train_dataset"),
    ("val_generator", "validation_data", "fit", "val_dataset"),
    ("test_iter", "x", "evaluate", "test_dataset"),
    ("image_flow", "x", "fit", "image_dataset"),
    ("train_data", "x", "fit", "train_dataset"),
    ("self.train_gen", "x", "fit", "train_dataset"),
    ("gen(x)", "x", "fit", "gen_dataset"),
    ("batches(x_train, y_train)", "x", "fit", "train_dataset"),
    ("batches(x_val, y_val)", "validation_data", "fit", "val_dataset"),
    ("make_rows(640)", "validation_data", "fit", "validation_dataset"),
    ("self.val_batches()", "validation_data", "fit", "val_batches_dataset"),
    ("datagen.flow(x_train, y_train)", "x", "fit", "train_dataset"),
    ("train_datagen.flow_from_directory('data/train')", "x", "fit", "train_dataset"),
    ("data_generator(320)", "x", "evaluate", "eval_dataset"),
    ("zip(a, b)", "x", "fit", "train_dataset"),
    ("sources[0]", "x", "predict", "predict_dataset"),
])
def test_dataset_names(expr, role, method, expected):
    assert dataset_name(_expr(expr), role, method) == expected


def test_a_new_name_never_shadows_or_clobbers_one_the_module_spells():
    source = """\
    gen_dataset = "kept"


    def report():
        eval_dataset = 1
        return train_dataset_2, eval_dataset


    model.fit_generator(gen(), steps_per_epoch=2)
    model.fit_generator(gen(), steps_per_epoch=2)
    model.evaluate_generator(gen(), steps=2)
    """
    out = body(source)
    assert "\ntrain_dataset = tf.data" in out and "model.fit(train_dataset, " in out
    assert "\ngen_dataset_2 = tf.data" in out and "model.fit(gen_dataset_2, " in out
    assert "\ngen_dataset_3 = tf.data" in out and "model.evaluate(gen_dataset_3, " in out
    assert 'gen_dataset = "kept"' in out


def test_names_are_per_scope():
    source = """\
    def a(model):
        model.fit_generator(gen(), steps_per_epoch=2)


    def b(model):
        model.fit_generator(gen(), steps_per_epoch=2)
    """
    out = body(source)
    assert out.count("    gen_dataset = tf.data") == 2


# --- the import --------------------------------------------------------------------------------

CALL = ("\n\ndef gen(batch_size=4):\n    import numpy as np\n\n    while True:\n"
        "        yield np.zeros((batch_size, 2), dtype=\"float32\"), np.zeros((batch_size, 1), dtype=\"float32\")\n"
        "\n\nmodel.fit_generator(gen(), steps_per_epoch=2)\n")


def imports_of(header: str, path: str = "train.py") -> str:
    out = migrated(header + CALL, path)
    return out[: out.index("\n\ndef gen")]


@pytest.mark.parametrize("header, expected", [
    pytest.param("import numpy as np\nfrom tensorflow import keras",
                 "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras", id="isort order"),
    pytest.param("import os\n\nimport keras\nimport numpy as np\nimport yaml",
                 "import os\n\nimport keras\nimport numpy as np\nimport tensorflow as tf\nimport yaml", id="alphabetical"),
    pytest.param("import os\nimport sys\n\nfrom keras.models import Sequential",
                 "import os\nimport sys\n\nimport tensorflow as tf\nfrom keras.models import Sequential",
                 id="plain imports before from imports"),
    pytest.param("import os\nimport sys", "import os\nimport sys\n\nimport tensorflow as tf", id="standard library only"),
    pytest.param('"""Doc."""\nfrom __future__ import annotations',
                 '"""Doc."""\nfrom __future__ import annotations\n\nimport tensorflow as tf', id="after __future__"),
    pytest.param('"""Doc."""', '"""Doc."""\nimport tensorflow as tf', id="no import"),
    pytest.param("import numpy as np\n\nfrom .data import load",
                 "import numpy as np\nimport tensorflow as tf\n\nfrom .data import load", id="before relative imports"),
    pytest.param("import os\n\nfrom .data import load",
                 "import os\n\nimport tensorflow as tf\n\nfrom .data import load", id="a section of its own"),
    pytest.param('import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\nimport numpy as np\nfrom keras import layers',
                 'import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\nimport numpy as np\nimport tensorflow as tf\n'
                 'from keras import layers', id="after the legacy Keras switch"),
    pytest.param('import os\nimport numpy as np\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\nfrom keras import layers',
                 'import os\nimport numpy as np\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\nimport tensorflow as tf\n'
                 'from keras import layers', id="never above the switch"),
])
def test_the_import_goes_where_isort_would_put_it(header, expected):
    assert imports_of(header) == expected


def test_a_sibling_module_is_first_party(tmp_path):
    (tmp_path / "data.py").write_text("")
    assert imports_of("import numpy as np\n\nfrom data import load", str(tmp_path / "train.py")) == \
        "import numpy as np\nimport tensorflow as tf\n\nfrom data import load"


@pytest.mark.parametrize("header, alias", [
    ("import tensorflow.compat.v2 as tf", "tf"),
    ("import tensorflow.compat.v1 as tf", "tf"),
    ("import tensorflow as tensorflow", "tensorflow"),
    ("import tensorflow as T", "T"),
    ("import tensorflow.keras", "tensorflow"),
    ("try:\n    import tensorflow as tf\nexcept ImportError:\n    tf = None", "tf"),
])
def test_an_existing_name_for_tensorflow_is_reused(header, alias):
    out = migrated(header + CALL)
    assert out.startswith(header + "\n\ndef gen")  # nothing added
    assert f"gen_dataset = {alias}.data.Dataset.from_generator(" in out


def test_a_function_that_imports_tensorflow_itself_keeps_doing_so():
    source = "import numpy as np\n\n\n" + GENERATOR + textwrap.dedent("""\


    def main(model):
        import tensorflow as tf

        model.fit_generator(gen(), steps_per_epoch=2)
    """)
    out = migrated(source)
    assert out.count("import tensorflow") == 1
    assert "    import tensorflow as tf\n\n    gen_dataset = tf.data.Dataset.from_generator(" in out


def test_tensorflow_imported_in_another_function_only_is_imported_at_module_level():
    source = "import numpy as np\n\n\n" + GENERATOR + textwrap.dedent("""\


    def helper():
        import tensorflow as tf
        return tf


    model.fit_generator(gen(), steps_per_epoch=2)
    """)
    out = migrated(source)
    assert out.startswith("import numpy as np\nimport tensorflow as tf\n")
    assert out.count("import tensorflow as tf") == 2


# --- black ---------------------------------------------------------------------------------------

BLACK_FORMATTED = '''\
"""Train a small classifier from generators, the Keras 2 way."""

import os

import numpy as np
from tensorflow import keras

BATCH_SIZE = 32


def batches(n_classes, batch_size=BATCH_SIZE):
    while True:
        images = np.random.rand(batch_size, 28, 28, 1).astype("float32")
        labels = np.random.randint(0, n_classes, batch_size)
        inputs = {
            "image": images,
            "mask": np.ones((batch_size, 28, 28), dtype="float32"),
        }
        yield inputs, keras.utils.to_categorical(labels, n_classes)


def train(model, n_train, n_val):
    # Validation runs on held-out images.
    history = model.fit_generator(
        batches(10),
        steps_per_epoch=n_train // BATCH_SIZE,
        epochs=int(os.environ.get("EPOCHS", "5")),
        validation_data=batches(10, batch_size=16),
        validation_steps=n_val // 16,
        workers=4,
        use_multiprocessing=True,
    )
    score = model.evaluate_generator(batches(10), steps=10)
    for _ in range(2):
        model.fit_generator(
            batches(10), steps_per_epoch=10, epochs=10, verbose=0, workers=8
        )
    if os.environ.get("PREDICT"):
        predictions = model.predict_generator(batches(10), steps=2, verbose=1)
        print(predictions.shape)
    return history, score
'''


def test_black_leaves_a_migrated_black_file_as_it_is():
    black = pytest.importorskip("black")
    mode = black.Mode()
    source = black.format_str(BLACK_FORMATTED, mode=mode)
    assert source == BLACK_FORMATTED, "the legacy file of this test is black-formatted"
    out = migrated(source)
    assert not re.search(r"\.(fit|evaluate|predict)_generator\(", out)
    assert "model.fit(train_dataset, steps_per_epoch=10, epochs=10, verbose=0)\n" in out  # joined, as black would
    assert black.format_str(out, mode=mode) == out


BLACK_FORMATTED_SEQUENCES = '''\
"""A Sequence given counts that are not one pass of it."""

import numpy as np
from tensorflow import keras


class Rows(keras.utils.Sequence):
    def __len__(self):
        return 5

    def __getitem__(self, index):
        x = np.zeros((4, 2), dtype="float32")
        return x, np.zeros((4, 1), dtype="float32")


rows = Rows()
model.compile("sgd", "mse")
# Three steps an epoch, as the paper did.
model.fit_generator(rows, steps_per_epoch=3, epochs=2)


def train(model, check):
    model.fit_generator(Rows(), steps_per_epoch=7, epochs=2, shuffle=False)
    if check:
        model.evaluate_generator(Rows(), steps=7)
    return model
'''

BLACK_FORMATTED_KERAS1 = '''\
"""Keras 1 sample counts over batches of several lengths."""

import numpy as np
from tensorflow.keras.preprocessing.image import ImageDataGenerator


def slices(x, y, batch_size=16):
    while True:
        for start in range(0, len(x), batch_size):
            yield x[start : start + batch_size], y[start : start + batch_size]


x_val = np.zeros((50, 8, 8, 1), dtype="float32")
y_val = np.zeros((50, 1), dtype="float32")


def train(model, x_train, y_train):
    datagen = ImageDataGenerator(horizontal_flip=True)
    model.fit_generator(
        datagen.flow(x_val, y_val, batch_size=32), samples_per_epoch=150, nb_epoch=2
    )
    return model.predict_generator(slices(x_val, y_val), val_samples=len(x_val))
'''


@pytest.mark.parametrize("source", [BLACK_FORMATTED_SEQUENCES, BLACK_FORMATTED_KERAS1], ids=["sequence", "keras1"])
def test_black_leaves_migrated_helpers_as_they_are(source):
    """A generator function written before a statement (FM214, FM215) has the blank lines black puts around
    a def, at module level, in a function and in a nested block, and a header split as black splits it."""
    black = pytest.importorskip("black")
    mode = black.Mode()
    assert black.format_str(source, mode=mode) == source, "the legacy file of this test is black-formatted"
    out = migrated(source)
    assert not re.search(r"\.(fit|evaluate|predict)_generator\(", out)
    assert re.search(r"\n    def \w+_batches\(", out)
    if source is BLACK_FORMATTED_SEQUENCES:  # the comment stays with the call, below the function
        assert "\n\n\n# Three steps an epoch, as the paper did.\nrows_dataset = " in out
        assert "\n        def " in out  # in the if block
    assert black.format_str(out, mode=mode) == out


def test_helper_header_is_split_as_black_splits_it():
    """On one line when it fits, else its parameters on a line of their own, else one a line."""
    params = ("source=the_source_of_batches(x_train, y_train)", "samples=nb_train_samples")
    helper = layout.Helper("_batches", params, "    yield 1\n")
    assert helper.written("train_batches", 0, "    ").splitlines()[:3] == [
        "def train_batches(", "    source=the_source_of_batches(x_train, y_train), samples=nb_train_samples", "):"]
    assert helper.written("train_batches", 24, "    ").splitlines()[:4] == [
        "def train_batches(", "    source=the_source_of_batches(x_train, y_train),", "    samples=nb_train_samples,",
        "):"]
    short = layout.Helper("_batches", ("sequence=rows",), "    yield 1\n")
    assert short.written("rows_batches", 4, "    ") == "def rows_batches(sequence=rows):\n    yield 1\n"
