"""`fitmigrate check`: findings, exit codes, selection; it never writes."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from fitmigrate.check import check_bytes
from fitmigrate.cli import main

HAZARDS = '''import numpy as np
import tensorflow as tf
from tensorflow import keras


def int_labels(batch_size=32):
    while True:
        yield np.random.rand(batch_size, 8).astype("float32"), np.random.randint(0, 10, batch_size)


def short():
    for i in range(5):
        yield np.random.rand(4, 8), np.eye(10)[np.random.randint(0, 10, 4)]


model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit_generator(int_labels(), steps_per_epoch=10, epochs=2)
model.fit_generator(short(), steps_per_epoch=10, epochs=10)
ds = tf.data.Dataset.from_generator(short, output_signature=(tf.TensorSpec((None, 8), tf.int32), tf.TensorSpec((None, 10), tf.float64)))
model.fit(ds.repeat(), steps_per_epoch=10, nb_epoch=3, workers=4)
'''


def codes(source: str):
    return [(f.diagnostic.line, f.diagnostic.code, f.fixable) for f in check_bytes(source.encode(), "t.py").findings]


def test_findings_with_positions_and_fixability():
    assert codes(HAZARDS) == [
        (18, "FM100", True), (18, "FM301", False),
        (19, "FM100", True), (19, "FM303", False),
        (20, "FM304", False),
        (21, "FM306", True), (21, "FM307", False),  # migrate renames nb_epoch= on fit()
    ]


def test_repeat_makes_a_short_generator_long_enough():
    assert "FM303" not in [c for _, c, _ in codes(HAZARDS.replace("for i in range(5):", "for i in range(100):"))]
    # The dataset in line 21 repeats: no FM303 for it even though short() stops after 5.
    assert (21, "FM303", False) not in codes(HAZARDS)


def test_sklearn_fit_is_not_judged():
    source = "from sklearn.linear_model import LinearRegression\nimport numpy as np\nm = LinearRegression()\nm.fit(np.zeros((3, 2)), np.zeros(3))\n"
    assert codes(source) == []


def test_refused_call_is_reported_as_not_fixable():
    source = "from elsewhere import load\nmodel.fit_generator(load(), steps_per_epoch=2)\n"
    assert codes(source) == [(2, "FM100", False), (2, "FM102", False)]


def test_cli_exit_codes_and_summary(tmp_path):
    legacy = tmp_path / "train.py"
    legacy.write_text(HAZARDS)
    clean = tmp_path / "clean.py"
    clean.write_text("print('hello')\n")
    before = legacy.read_bytes(), legacy.stat().st_mtime_ns
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{legacy}:18:1: FM100" in result.output
    assert "Found 7 findings: 2 x FM100, 1 x FM301, 1 x FM303, 1 x FM304, 1 x FM306, 1 x FM307" in result.output
    assert (legacy.read_bytes(), legacy.stat().st_mtime_ns) == before
    clean_run = CliRunner().invoke(main, ["check", str(clean)])
    assert clean_run.exit_code == 0 and "All clear" in clean_run.output
    assert CliRunner().invoke(main, ["check", str(tmp_path / "missing.py")]).exit_code == 2


def test_select_and_ignore(tmp_path):
    path = tmp_path / "train.py"
    path.write_text(HAZARDS)
    hazards_only = CliRunner().invoke(main, ["check", "--select", "FM3", str(path)])
    assert "FM100" not in hazards_only.output and "FM301" in hazards_only.output
    ignored = CliRunner().invoke(main, ["check", "--ignore", "FM1,FM3", str(path)])
    assert ignored.exit_code == 0
    notes = CliRunner().invoke(main, ["check", "--select", "FM2", str(path)])
    assert notes.exit_code == 0  # these calls need no decision worth a note


def test_formats_from_the_command_line(tmp_path):
    import json

    import jsonschema

    path = tmp_path / "train.py"
    path.write_text(HAZARDS)
    as_json = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    assert as_json.exit_code == 1
    document = json.loads(as_json.output)
    assert document["summary"]["FM100"] == 2
    assert any(d["code"] == "FM100" and d["fixable"] for d in document["diagnostics"])
    as_sarif = CliRunner().invoke(main, ["check", "--format", "sarif", str(path)])
    schema = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(json.loads(as_sarif.output), schema)
    as_github = CliRunner().invoke(main, ["check", "--format", "github", str(path)])
    assert as_github.output.startswith("::error file=")


def test_pyproject_configuration_and_command_line_override(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.fitmigrate]\nignore = ["FM3"]\nextend-exclude = ["generated"]\n')
    (tmp_path / "train.py").write_text(HAZARDS)
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "old.py").write_text(HAZARDS)
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert "FM301" not in result.output and "FM100" in result.output
    assert "generated" not in result.output
    overridden = CliRunner().invoke(main, ["check", "--select", "FM301", str(tmp_path)])
    assert "FM301" in overridden.output and "FM100" not in overridden.output
    (tmp_path / "pyproject.toml").write_text('[tool.fitmigrate]\nselects = ["FM3"]\n')
    misspelt = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert misspelt.exit_code == 2 and "selects" in misspelt.output


def test_suppression_comment_silences_check_and_stops_migrate(tmp_path):
    source = HAZARDS.replace("model.fit_generator(int_labels(), steps_per_epoch=10, epochs=2)",
                             "model.fit_generator(int_labels(), steps_per_epoch=10, epochs=2)  # fitmigrate: ignore")
    path = tmp_path / "train.py"
    path.write_text(source)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert f"{path}:18:" not in result.output and f"{path}:19:1: FM100" in result.output
    CliRunner().invoke(main, ["migrate", str(path)])
    migrated = path.read_text()
    assert "model.fit_generator(int_labels(), steps_per_epoch=10, epochs=2)  # fitmigrate: ignore" in migrated
    assert "model.fit_generator(short()" not in migrated


VALIDATION = '''import numpy as np
from tensorflow import keras


def good(batch_size=8):
    while True:
        yield np.random.rand(batch_size, 4), np.eye(3)[np.random.randint(0, 3, batch_size)]


def bad_labels(batch_size=8):
    while True:
        yield np.random.rand(batch_size, 4), np.random.randint(0, 3, batch_size)


def short():
    for _ in range(3):
        yield np.random.rand(8, 4), np.eye(3)[np.random.randint(0, 3, 8)]


model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit_generator(good(), 10, 2, validation_data=bad_labels(), validation_steps=2)
model.fit_generator(good(), steps_per_epoch=10, epochs=2, validation_data=short(), validation_steps=2)
model.fit_generator(good(), samples_per_epoch=80, nb_epoch=2, validation_data=good())
'''


def test_validation_generators_are_checked_and_given_counts_are_steps():
    found = [(line, code) for line, code, _ in codes(VALIDATION) if code.startswith("FM3")]
    assert found == [(22, "FM301"), (23, "FM303"), (24, "FM305")]
    # Line 22 gives steps positionally and line 24 as a Keras 1 sample count: no FM305 for the training data.
    messages = [f.diagnostic.message for f in check_bytes(VALIDATION.encode(), "t.py").findings]
    assert any("2 validation steps x 2 epochs" in m for m in messages)
    assert any("without validation_steps=" in m for m in messages)
