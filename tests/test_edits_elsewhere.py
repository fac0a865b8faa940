"""Edits in the module that must change (issue 21): a Sequence defined in another module of the project
whose ``__getitem__`` returns lists (``return [x, x * 2], y``, which Keras 3 rejects inside a batch) is
made to return tuples there, in the same run as the call, and both files are reported. Refused, with the
other use named, when anything else in the project reads the class's batches. Every project is real
files in ``tmp_path``, migrated through the command line, twice."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner

from fitmigrate.cli import main
from fitmigrate.elsewhere import EditsElsewhere
from fitmigrate.migrate import migrate_source
from fitmigrate.project.index import ProjectIndex
from fitmigrate.project.sources import open_source

DATA = '''import numpy as np
from tensorflow import keras


class Rows(keras.utils.Sequence):
    def __init__(self, x, batch_size=4):
        super().__init__()
        self.x, self.batch_size = x, batch_size

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, index):
        part = self.x[index * self.batch_size:(index + 1) * self.batch_size]
        return part, part.sum(axis=1)


class Pairs(Rows):
    def __getitem__(self, index):
        part = self.x[index * self.batch_size:(index + 1) * self.batch_size]
        inputs = [part, part * 2]
        return inputs, [part.sum(axis=1), part.max(axis=1)]
'''

# The edit alone: what is written when the call's file is named alone (data.py's own calls are its own).
DATA_EDITED = DATA.replace("inputs = [part, part * 2]", "inputs = (part, part * 2)").replace(
    "return inputs, [part.sum(axis=1), part.max(axis=1)]", "return inputs, (part.sum(axis=1), part.max(axis=1))")

TRAIN = '''import numpy as np
from data import Pairs

x = np.random.rand(64, 3).astype("float32")
train = Pairs(x)
model.fit_generator(train, steps_per_epoch=len(train), epochs=2)
model.evaluate_generator(Pairs(x[:16]), steps=4)
'''

# Pairs(x[:16]) is 4 batches, which the analysis does not prove: read pass after pass, as Keras 2 did.
TRAIN_MIGRATED = '''import numpy as np
import tensorflow as tf
from data import Pairs

x = np.random.rand(64, 3).astype("float32")
train = Pairs(x)
model.fit(train, steps_per_epoch=len(train), epochs=2)


def pairs_batches(sequence=Pairs(x[:16])):
    """The Sequence without end, pass after pass, as Keras 2 read it."""
    while True:
        for index in range(len(sequence)):
            yield sequence[index]
        sequence.on_epoch_end()


pairs_dataset = tf.data.Dataset.from_generator(
    pairs_batches,
    output_signature=(
        (
            tf.TensorSpec(shape=(None, 3), dtype=tf.float32),
            tf.TensorSpec(shape=(None, 3), dtype=tf.float32),
        ),
        (
            tf.TensorSpec(shape=(None,), dtype=tf.float32),
            tf.TensorSpec(shape=(None,), dtype=tf.float32),
        ),
    ),
).prefetch(0)
model.evaluate(pairs_dataset, steps=4)
'''

# data.py's own call, migrated with the edit when data.py is one of the run's files: the result of both.
SMOKE = '''

def smoke_test(model):
    """Two batches of zeros, before the long run."""
    x = np.zeros((8, 3), dtype="float32")
    return model.evaluate_generator(Pairs(x))
'''

SMOKE_MIGRATED = '''

def smoke_test(model):
    """Two batches of zeros, before the long run."""
    x = np.zeros((8, 3), dtype="float32")
    return model.evaluate(Pairs(x))
'''


def migrate(*paths: Path, options=("--no-cache",)):
    return CliRunner().invoke(main, ["migrate", *options, *map(str, paths)], catch_exceptions=False)


def project(tmp_path: Path, data: str = DATA, **others: str) -> Path:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "data.py").write_text(data)
    (tmp_path / "train.py").write_text(TRAIN)
    for name, text in others.items():
        (tmp_path / f"{name}.py").write_text(text)
    return tmp_path


def test_the_module_that_defines_the_sequence_is_edited_with_the_call(tmp_path):
    """Named alone, train.py is migrated and data.py gets the edit its calls need, nothing else; both
    places are reported; a second run changes nothing."""
    root = project(tmp_path)
    result = migrate(root / "train.py", options=("--no-cache", "--select", "FM2"))
    assert result.exit_code == 0, result.output
    assert (root / "train.py").read_text() == TRAIN_MIGRATED
    assert (root / "data.py").read_text() == DATA_EDITED
    output = " ".join(result.output.split())
    assert "2 changed, 2 calls migrated" in output
    # the call's file names the module and the lines it edits; the module names the calls
    assert "train.py:6:21: FM205 Pairs.__getitem__ returns lists inside its batches, which Keras 3 rejects: in " \
           "data.py, the module that defines it, `[part, part * 2]` becomes a tuple display (data.py line 21)" in output
    assert "data.py:21:18: FM205 lists returned in batches made tuples here for the migration of the call at " \
           "train.py:6, train.py:7" in output
    again = migrate(root / "train.py")
    assert "0 changed, 0 calls migrated" in again.output, again.output
    assert (root / "train.py").read_text() == TRAIN_MIGRATED and (root / "data.py").read_text() == DATA_EDITED


def test_the_whole_project_decides_the_same_and_composes_with_the_module_own_migration(tmp_path):
    """The project named: the same call migrated; data.py written once, its own call migrated on the
    edited code (no tuple edit is left for it to make there)."""
    root = project(tmp_path, DATA + SMOKE)
    result = migrate(root)
    assert result.exit_code == 0, result.output
    assert "2 changed, 3 calls migrated" in result.output, result.output
    assert (root / "train.py").read_text() == TRAIN_MIGRATED
    assert (root / "data.py").read_text() == DATA_EDITED + SMOKE_MIGRATED
    again = migrate(root)
    assert "0 changed, 0 calls migrated" in again.output, again.output


def test_check_reports_what_migrate_does(tmp_path):
    root = project(tmp_path)
    result = CliRunner().invoke(main, ["check", "--no-cache", "--select", "FM100,FM205", str(root / "train.py")])
    output = " ".join(result.output.split())
    assert "train.py:6:1: FM100 fit_generator() was removed in Keras 3: `fitmigrate migrate` rewrites this call" in output
    assert "train.py:6:21: FM205 Pairs.__getitem__ returns lists inside its batches" in output
    assert "this run writes data.py too, for this call" in output
    assert (root / "data.py").read_text() == DATA and (root / "train.py").read_text() == TRAIN


INSPECT = '''import numpy as np
from data import Pairs

seq = Pairs(np.zeros((8, 3), dtype="float32"))
inputs, y = seq[0]
inputs.append(y)
'''


def test_refused_when_other_code_reads_the_batches_as_lists(tmp_path):
    """inspect.py indexes a batch and appends to it: a tuple would break it. The calls are refused with
    that use named, and no file is written, whichever file is named."""
    root = project(tmp_path, inspect=INSPECT)
    for named in (root / "train.py", root):
        result = migrate(named)
        output = " ".join(result.output.split())
        assert "0 changed, 0 calls migrated" in output, output
        assert "train.py:6:21: FM103" in output
        assert "Pairs.__getitem__ returns a list inside its batch (`[part, part * 2]`), and the class is in another " \
               "module, data.py, where this run would make them tuples, but Pairs is used at inspect.py:5 " \
               "(`inputs, y = seq[0]`), code that may rely on its batches being lists" in output
        assert (root / "data.py").read_text() == DATA and (root / "train.py").read_text() == TRAIN


def test_a_star_import_or_an_alias_is_followed_to_the_use(tmp_path):
    for imported, name in (("from data import *", "Pairs"), ("from data import Pairs as Both", "Both")):
        inspect = INSPECT.replace("from data import Pairs", imported).replace("Pairs(", f"{name}(")
        root = project(tmp_path, inspect=inspect)
        output = " ".join(migrate(root / "train.py").output.split())
        assert "but Pairs is used at inspect.py:5 (`inputs, y = seq[0]`)" in output, output
        assert (root / "data.py").read_text() == DATA and (root / "train.py").read_text() == TRAIN


def test_refused_when_the_class_is_subclassed_elsewhere_or_read_by_itself(tmp_path):
    root = project(tmp_path, extra="import data\n\n\nclass Triples(data.Pairs):\n    pass\n")
    output = " ".join(migrate(root / "train.py").output.split())
    assert "Pairs is subclassed at extra.py:4 (`class Triples(data.Pairs):`)" in output
    (root / "extra.py").unlink()
    reads = DATA + "\n    def first(self):\n        return self[0]\n"
    (root / "data.py").write_text(reads)
    output = " ".join(migrate(root / "train.py").output.split())
    assert "Pairs reads its own batches at data.py:25 (`return self[0]`)" in output
    assert (root / "data.py").read_text() == reads and (root / "train.py").read_text() == TRAIN


def test_neither_file_is_written_when_the_module_changed_since_it_was_read(tmp_path):
    """The edits are applied at the end of the run to the bytes they were found in: a module changed
    meanwhile leaves both files as they are, and says so."""
    root = project(tmp_path)
    outcome = migrate_source(open_source(TRAIN.encode(), root / "train.py"), ProjectIndex())
    assert outcome.changed and [edit.caller for edit in outcome.elsewhere] == ["train.py:6", "train.py:7"]
    assert {edit.digest for edit in outcome.elsewhere} == {hashlib.sha256(DATA.encode()).hexdigest()}
    held = EditsElsewhere([root / "train.py"])
    assert held.hold(root / "train.py", outcome)
    (root / "data.py").write_text(DATA + "# edited by hand\n")
    edited, ready, failed = held.settle()
    assert edited == [] and ready == []
    assert "needs lists made tuples in data.py, and data.py changed since it was read; this file is left as it " \
           "was" in failed[0].diagnostic.message


def test_standard_input_cannot_write_the_other_module(tmp_path):
    root = project(tmp_path)
    result = CliRunner().invoke(main, ["migrate", "--stdin-filename", str(root / "train.py"), "-"], input=TRAIN)
    assert result.exit_code != 0
    assert "FM003 not migrated: the call at train.py:6 needs lists made tuples in data.py, which standard input " \
           "cannot write" in " ".join(result.output.split())
    assert (root / "data.py").read_text() == DATA


def test_diff_shows_both_files_and_the_cache_never_replays_the_call_without_its_edit(tmp_path):
    """--diff writes nothing and shows both files; a cached result would lose the edit, so none is kept:
    the run after it writes both."""
    root = project(tmp_path)
    shown = migrate(root / "train.py", options=("--diff",))
    assert "+++ b/" in shown.output and "-model.fit_generator(train" in shown.output
    assert "-        inputs = [part, part * 2]\n" in shown.output and "+        inputs = (part, part * 2)\n" in shown.output
    assert (root / "data.py").read_text() == DATA and (root / "train.py").read_text() == TRAIN
    result = migrate(root / "train.py", options=())
    assert "2 changed, 2 calls migrated" in result.output, result.output
    assert (root / "train.py").read_text() == TRAIN_MIGRATED and (root / "data.py").read_text() == DATA_EDITED


def test_refused_when_the_module_is_one_fitmigrate_does_not_edit(tmp_path):
    """A module in an excluded folder (here the default ``build``) is not written for a call either."""
    root = project(tmp_path)
    (root / "build").mkdir()
    (root / "data.py").rename(root / "build" / "data.py")
    (root / "train.py").write_text(TRAIN.replace("from data import Pairs", "from build.data import Pairs"))
    output = " ".join(migrate(root / "train.py").output.split())
    assert "and the class is in another module, build/data.py, which fitmigrate does not edit" in output, output
    assert (root / "build" / "data.py").read_text() == DATA


def test_a_symlink_loop_in_the_project_costs_only_itself(tmp_path):
    """The project's files are read for other uses of the class: a link that leads nowhere is skipped."""
    root = project(tmp_path)
    (root / "loop_a.py").symlink_to("loop_b.py")
    (root / "loop_b.py").symlink_to("loop_a.py")
    result = migrate(root)
    assert "2 changed, 2 calls migrated" in result.output, result.output
    assert (root / "train.py").read_text() == TRAIN_MIGRATED and (root / "data.py").read_text() == DATA_EDITED


WARM_UP = '''

def zeros():
    while True:
        yield np.zeros((4, 3), dtype="float32"), np.zeros((4,), dtype="float32")


def warm_up(model):
    model.fit_generator(zeros(), steps_per_epoch=2, epochs=1)
'''


def test_the_module_own_migration_takes_the_run_options(tmp_path):
    """--inline-datasets: data.py's own call, migrated again on the edited code, is written inline too."""
    root = project(tmp_path, DATA + WARM_UP)
    result = migrate(root, options=("--no-cache", "--inline-datasets"))
    # train.py's evaluate call would need a generator function before it (FM107): refused there.
    assert "2 changed, 2 calls migrated" in result.output, result.output
    written = (root / "data.py").read_text()
    assert "inputs = (part, part * 2)" in written and "from_generator(" in written
    assert "zeros_dataset" not in written, written
    assert "0 changed" in migrate(root, options=("--no-cache", "--inline-datasets")).output
