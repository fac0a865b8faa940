"""benchmarks/real_code.py on small projects made here: how each call site is classified, the call-site
counts (notebooks, .ipynb_checkpoints), the report files, and the pure parts (call finder, names
collection, diagnostics parsing, classification, git export). No TensorFlow: the names check is off."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "real_code.py"


def _load():
    spec = importlib.util.spec_from_file_location("real_code", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["real_code"] = module
    spec.loader.exec_module(module)
    return module


rc = _load()

MIGRATABLE = (
    "import numpy as np\n\n\ndef batches():\n    while True:\n"
    "        yield np.zeros((4, 2), dtype='float32'), np.zeros((4, 1), dtype='float32')\n\n\n"
    "model.fit_generator(batches(),\n                    steps_per_epoch=2, epochs=3)\n"
)
REFUSED = "from somewhere_else import load_batches\n\nmodel.fit_generator(load_batches(), steps_per_epoch=10)\n"


def _notebook(cells):
    return json.dumps({"cells": [{"cell_type": kind, "metadata": {}, "source": source,
                                  **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                                 for kind, source in cells],
                       "metadata": {"kernelspec": {"language": "python", "name": "python3"},
                                    "language_info": {"name": "python"}},
                       "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


NOTEBOOK = _notebook([
    ("markdown", ["# Training\n"]),
    ("code", ["%matplotlib inline\n", "!pip install nothing\n", "import numpy as np\n"]),
    ("code", ["def batches():\n", "    while True:\n",
              "        yield np.ones((8, 3), dtype='float32'), np.ones((8, 1), dtype='float32')\n"]),
    ("code", ["model.evaluate_generator(batches(), steps=4)\n"]),
])


@pytest.fixture
def corpus(tmp_path):
    project = tmp_path / "corpus" / "owner+demo"
    (project / "src").mkdir(parents=True)
    (project / "train.py").write_text(MIGRATABLE)
    (project / "src" / "other.py").write_text(REFUSED)
    (project / "notes.ipynb").write_text(NOTEBOOK)
    (project / ".ipynb_checkpoints").mkdir()
    (project / ".ipynb_checkpoints" / "notes-checkpoint.ipynb").write_text(NOTEBOOK)
    (project / "README.md").write_text("model.fit_generator(x) in prose is not a call site\n")
    return tmp_path / "corpus"


def test_classifies_each_call_site_and_writes_reports(corpus, tmp_path):
    before = {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()}
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n## verify\n\nkept as it was\n\n## real code\n\nold figures\n\n"
                       "## static analysis\n\nalso kept\n")
    code = rc.main(["--corpus", str(corpus), "--no-names", "--write", "--results", str(results),
                    "--json", str(tmp_path / "calls.json"), "--diffs", str(tmp_path / "diffs")])
    assert code == 0
    assert {p: p.read_bytes() for p in corpus.rglob("*") if p.is_file()} == before  # input never written

    document = json.loads((tmp_path / "calls.json").read_text())
    calls = {(c["file"], c["cell"], c["line"]): c for c in document["calls"]}
    assert set(calls) == {("train.py", None, 9), ("src/other.py", None, 3), ("notes.ipynb", 4, 1),
                          (".ipynb_checkpoints/notes-checkpoint.ipynb", 4, 1)}
    assert calls[("train.py", None, 9)]["outcome"] == "migrated"
    assert calls[("train.py", None, 9)]["attr_line"] == 9
    assert calls[("src/other.py", None, 3)]["outcome"] == "refused"
    assert calls[("src/other.py", None, 3)]["codes"][0] == "FM102"
    assert calls[("src/other.py", None, 3)]["refused_again"] is True  # the second run refused it too
    assert calls[("train.py", None, 9)]["refused_again"] is None
    assert "load_batches" in calls[("src/other.py", None, 3)]["message"]
    assert calls[("notes.ipynb", 4, 1)]["outcome"] == "migrated"
    assert calls[("notes.ipynb", 4, 1)]["method"] == "evaluate_generator"
    assert calls[(".ipynb_checkpoints/notes-checkpoint.ipynb", 4, 1)]["outcome"] == "checkpoint"
    (repo,) = document["repositories"]
    assert (repo["calls"], repo["migrated"], repo["refused"], repo["missed"], repo["broken"], repo["checkpoint"]) == \
        (3, 2, 1, 0, 0, 1)
    assert repo["codes"] == {"FM102": 1}

    diff = (tmp_path / "diffs" / "owner+demo" / "train.py.diff").read_text()
    assert "-model.fit_generator(batches()," in diff and "+model.fit(" in diff and "from_generator" in diff
    notebook_diff = (tmp_path / "diffs" / "owner+demo" / "notes.ipynb.diff").read_text()
    assert "# %% cell 4" in notebook_diff and "+model.evaluate(" in notebook_diff
    assert not (tmp_path / "diffs" / "owner+demo" / "src").exists()  # nothing migrated there

    text = results.read_text()
    assert "## verify\n\nkept as it was\n" in text and "## static analysis\n\nalso kept\n" in text
    assert "old figures" not in text and text.count("## real code") == 1
    section = text.split("## real code", 1)[1].split("## static analysis")[0]
    assert "| owner+demo | 3 | 2 | 1 (FM102 x1) | 0 | 0 | 1 | no change; 1/1 refused again | not checked |" in section
    assert "changes no file in any repository; 1 of the 1 calls the first run refused are refused again" in section
    assert "load average" in section and "nproc" in section and "To reproduce" in section


def test_a_folder_argument_and_a_git_directory_at_a_commit(tmp_path):
    repo = tmp_path / "gitrepo"
    repo.mkdir()
    (repo / "train.py").write_text(REFUSED)
    (repo / "big.bin").write_bytes(b"\0" * 100)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    (repo / "train.py").write_text(MIGRATABLE)  # the work tree moves on; the commit is what is measured

    name, folder, got = rc.export_git(f"{repo / '.git'}@{commit}", tmp_path / "out")
    assert (name, got) == ("gitrepo", commit) and (folder / "train.py").read_text() == REFUSED

    # a snapshot that lacks a blob: git archive fails, the per-file export leaves that file out
    blob = subprocess.run([*git, "rev-parse", f"{commit}:big.bin"], capture_output=True, text=True,
                          check=True).stdout.strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    name, folder, _ = rc.export_git(f"{repo / '.git'}@{commit}", tmp_path / "out2")
    assert (folder / "train.py").read_text() == REFUSED and not (folder / "big.bin").exists()

    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "train.py").write_text(MIGRATABLE)
    json_path = tmp_path / "calls.json"
    assert rc.main([str(plain), "--git", f"{repo / '.git'}@{commit}", "--no-names", "--json", str(json_path)]) == 0
    outcomes = {(c["repo"], c["outcome"]) for c in json.loads(json_path.read_text())["calls"]}
    assert outcomes == {("plain", "migrated"), ("gitrepo", "refused")}


def test_call_finder_on_python_notebook_cells_and_python_2():
    calls = rc.find_calls("m.fit_generator(g(),\n  10)\n# m.fit_generator(x)\ns = 'a.fit_generator(b)'\n"
                          "self.net\\\n    .predict_generator(g)\n")
    assert [(c.method, c.line, c.attr_line, c.end_line) for c in calls] == \
        [("fit_generator", 1, 1, 2), ("predict_generator", 5, 6, 6)]
    stripped, python = rc.strip_ipython("%matplotlib inline\nfiles = !ls\nfor f in files:\n    !echo $f\nobj?\n"
                                        "model.fit_generator(g(), 5)\n")
    assert python and rc.find_calls(stripped)[0].line == 6
    assert rc.strip_ipython("%%bash\necho model.fit_generator(x)\n") == ("", False)
    assert rc.find_calls(rc.strip_ipython("%%time\nmodel.fit_generator(g())\n")[0])[0].line == 2
    py2 = rc.find_calls("print 'training'\nmodel.fit_generator(gen(), samples_per_epoch=100)  # .fit_generator(\n")
    assert [(c.line, c.by_tokens) for c in py2] == [(2, True)]


def test_diagnostics_parsing_keeps_cells_and_relative_paths(tmp_path):
    stderr = (f"{tmp_path}/a/train.py:12:5: FM103 output_signature not proven\n"
              "nb.ipynb:cell 7:1:11: FM104 ambiguous count\n"
              "fitmigrate: 2 files scanned, 0 changed, 0 calls migrated, 2 left with a diagnostic, 0 errors\n")
    found = rc.parse_diagnostics(stderr, tmp_path)
    assert [(d.path, d.cell, d.line, d.col, d.code) for d in found] == \
        [("a/train.py", None, 12, 5, "FM103"), ("nb.ipynb", 7, 1, 11, "FM104")]


def _sites(*calls):
    return [rc.Site("r", "f.py", call, False) for call in calls]


def test_classification_rules():
    one = rc.Call("fit_generator", 3, 4, 6, 0, "m.fit_generator(\n g(), 5)")
    two = rc.Call("predict_generator", 10, 10, 10, 0, "m.predict_generator(h())")
    # kept with a refusal inside the call; gone with only a note
    sites = _sites(one, two)
    rc.classify(sites, [one], [rc.Diag("f.py", 5, 3, "FM103", "not proven"), rc.Diag("f.py", 10, 1, "FM202", "gone")])
    assert [(s.outcome, s.codes) for s in sites] == [("refused", ["FM103"]), ("migrated", ["FM202"])]
    # kept with only a warning: missed, and says so
    sites = _sites(one)
    rc.classify(sites, [one], [rc.Diag("f.py", 3, 1, "FM305", "no steps")])
    assert sites[0].outcome == "missed" and "FM305" in sites[0].message
    # a legacy call left that is not the original one: half rewritten
    sites = _sites(one)
    rc.classify(sites, [rc.Call("fit_generator", 3, 3, 3, 0, "m.fit_generator(g(), steps_per_epoch=5)")], [])
    assert sites[0].outcome == "broken" and "half rewritten" in sites[0].message
    # an internal error, a second run that changes the file, a file that no longer parses
    for kwargs, diagnostics, words in [({}, [rc.Diag("f.py", 1, 1, "FM003", "internal error (X)")], "FM003"),
                                       ({"unstable": True}, [], "second"),
                                       ({"parse_lost": True}, [], "no longer parses")]:
        sites = _sites(one)
        rc.classify(sites, [], diagnostics, **kwargs)
        assert sites[0].outcome == "broken" and words in sites[0].message
    # a file-wide refusal (Python 2 file) counts for every call in it
    sites = _sites(one, two)
    rc.classify(sites, [one, two], [rc.Diag("f.py", 1, 7, "FM002", "cannot parse")])
    assert [s.outcome for s in sites] == ["refused", "refused"]


def test_identical_calls_are_told_apart_by_where_their_lines_went():
    """Four textually identical calls, the first migrated and the other three refused: the three
    left are the last three, at their own (shifted) lines, not the first three."""
    text = "self.model.fit_generator(generator=train_gen, steps_per_epoch=n)"
    before = [rc.Call("fit_generator", line, line, line, 0, text) for line in (10, 20, 30, 40)]
    after = [rc.Call("fit_generator", line, line, line, 0, text) for line in (28, 38, 48)]
    line_map = {10: None, 20: 28, 30: 38, 40: 48}
    line_map = {k: v for k, v in line_map.items() if v is not None}
    diagnostics = [rc.Diag("f.py", line, 9, "FM103", "not proven") for line in (20, 30, 40)]
    sites = _sites(*before)
    rc.classify(sites, after, diagnostics, line_map=line_map)
    assert [s.outcome for s in sites] == ["migrated", "refused", "refused", "refused"]
    # a second run refuses each at the line it has after migration; one of them it does not refuse
    again = [rc.Diag("f.py", line, 9, "FM103", "not proven") for line in (28, 48)] + \
        [rc.Diag("f.py", 38, 9, "FM200", "a note")]
    sites = _sites(*before)
    rc.classify(sites, after, diagnostics, line_map=line_map, again=again)
    assert [s.refused_again for s in sites] == [None, True, False, True]
    assert rc._line_map(b"a\nb\nc\n", b"a\nx\ny\nb\nc\n") == {1: 1, 2: 4, 3: 5}


def test_names_collection_resolves_through_imports():
    source = (
        "import keras\nimport numpy as np\nimport tensorflow as tf\n"
        "from keras.layers import Convolution2D, Dense as D\nfrom keras import backend as K\n"
        "from keras.preprocessing.image import ImageDataGenerator\nimport keras.utils.np_utils\n"
        "try:\n    from keras.utils import multi_gpu_model\nexcept ImportError:\n"
        "    from tensorflow.keras.utils import multi_gpu_model\n"
        "K.set_image_dim_ordering('th')\ny = keras.utils.np_utils.to_categorical(y)\n"
        "m = Model(input=a, output=D(3).output)\nsess = tf.Session()\nnp.zeros(3)\nmodel.fit(x)\n"
    )
    names = rc.collect_names(source)
    assert names["keras.layers.Convolution2D"] == "from keras.layers import Convolution2D"
    assert names["keras.layers.Dense"] == "from keras.layers import Dense"
    assert names["keras.preprocessing.image.ImageDataGenerator"].startswith("from keras.preprocessing.image")
    assert names["keras.utils.np_utils"] == "import keras.utils.np_utils"
    assert names["keras.backend.set_image_dim_ordering"] is None
    assert "keras.utils.np_utils.to_categorical" in names and "tensorflow.Session" in names
    assert "tensorflow.keras.utils.multi_gpu_model" in names  # the fallback is checked
    assert "keras.utils.multi_gpu_model" not in names  # the guarded import is not
    assert not any(n.startswith(("numpy", "Model", "model")) or "input" in n for n in names)

    cache = {"keras.utils.np_utils": {"missing": "keras.utils.np_utils"},
             "keras.utils.np_utils.to_categorical": {"missing": "keras.utils.np_utils"},
             "tensorflow.Session": {"missing": "tensorflow.Session"}, "keras.layers.Dense": {"missing": None}}
    assert rc.missing_names(source, cache) == ["keras.utils.np_utils", "tensorflow.Session"]


def test_corpus_list_gives_commits_and_expected_counts(tmp_path):
    listing = tmp_path / "list.md"
    listing.write_text("| repository | commit | calls |\n| --- | --- | ---: |\n"
                       f"| a/b | {'1' * 40} | 3 |\n| c/d | {'2' * 40} | 40 (16 in `.ipynb_checkpoints`) |\n")
    assert rc.read_corpus_list(listing) == {"a/b": ("1" * 40, (3, 0)), "c/d": ("2" * 40, (40, 16))}


def test_import_program_keeps_imports_and_their_settings_not_top_level_code():
    source = ("from __future__ import print_function\nimport os, sys\nsys.path.insert(0, '..')\n"
              "os.environ['KERAS_BACKEND'] = 'tensorflow'\nfrom keras.layers import Dense\n"
              "try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\n"
              "model = build()\nmodel.fit(x)\nif __name__ == '__main__':\n    import train\n"
              "def f():\n    import secret\n")
    program = rc.import_program(source)
    assert "__future__" not in program and "build()" not in program and "train" not in program
    assert "secret" not in program
    assert "from keras.layers import Dense" in program and "import cPickle as pickle" in program
    assert "except ImportError:\n    import pickle" in program
    assert "sys.path.insert(0, '..')" in program and "os.environ['KERAS_BACKEND'] = 'tensorflow'" in program
    compile(program, "x.py", "exec")
    assert rc.import_program("print 'python 2'\n") is None


def test_blocker_keys_name_what_is_missing():
    assert rc.blocker_key("ModuleNotFoundError: No module named 'keras.utils.np_utils'") == "keras.utils.np_utils"
    assert rc.blocker_key("ImportError: cannot import name 'Merge' from 'keras.layers' (/x/y.py)") == "keras.layers.Merge"
    assert rc.blocker_key("AttributeError: module 'tensorflow' has no attribute 'Session'") == "tensorflow.Session"
    assert rc.blocker_key("SyntaxError: invalid syntax (a.py, line 3)") == "SyntaxError: invalid syntax (a.py, line 3)"


@pytest.mark.tensorflow
def test_import_check_runs_imports_under_keras3_and_stubs_what_is_not_installed(tmp_path):
    pytest.importorskip("tensorflow")
    (tmp_path / "models.py").write_text("from keras import backend as K\n\ndef width(x):\n    return K.int_shape(x)[-1]\n")
    (tmp_path / "wandb").mkdir()  # a folder of logged runs, not the package
    (tmp_path / "wandb" / "run.json").write_text("{}")
    files = {
        "ok.py": "import numpy as np\nimport sklearn_not_here.metrics as m\nfrom wandb.keras import WandbCallback\n"
                 "from models import width\nrun_training()\n",
        "bad.py": "from keras.layers import Merge\n",
        "syntax.py": "import keras\nprint 'x'\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    checks = rc.check_imports(sys.executable, tmp_path, files, timeout=120)
    ok, bad, syntax = checks["ok.py"], checks["bad.py"], checks["syntax.py"]
    assert ok.ran and set(ok.stubbed) == {"sklearn_not_here", "wandb"} and list(ok.modules) == ["models.py"]
    assert not bad.ran and bad.blocker() == "keras.layers.Merge" and bad.where == "bad.py:1"
    assert not syntax.ran and syntax.error.startswith("SyntaxError")
    cache = {"keras.backend": {"missing": None}, "keras.backend.int_shape": {"missing": "keras.backend.int_shape"}}
    ok.missing = rc.names_against(ok, files["ok.py"], cache)
    assert ok.missing == [("keras.backend.int_shape", "models.py")] and not ok.imports
