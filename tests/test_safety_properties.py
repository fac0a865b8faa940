"""Promise: every changed file parses, a second run changes nothing, and no argument is lost.

Hypothesis writes legacy calls the analyzer can prove (a generator yielding tuples, lists or dicts of
numpy arrays, in the same file) every way people wrote them: Keras 1, Keras 2 and mixed argument
names, positional and keyword arguments in any order, comments and line breaks inside the call,
nested calls as values, several receivers, and the generator called directly, bound to a variable
or passed as ``generator=``. For each: the call is migrated, the result parses (LibCST and CPython),
a second run changes nothing, every comment survives, the bytes around the call are untouched, and
each original argument's value text is in the migrated call (under its new keyword) or a diagnostic
says it was converted (FM201) or removed (FM202/FM203).
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import libcst as cst
import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from fitmigrate.migrate import migrate_bytes

# FITMIGRATE_PROPERTY_EXAMPLES=5000 for a longer run (FITMIGRATE_PROPERTY_RANDOM=1: new examples each run).
SETTINGS = settings(max_examples=int(os.environ.get("FITMIGRATE_PROPERTY_EXAMPLES", "150")),
                    derandomize=not os.environ.get("FITMIGRATE_PROPERTY_RANDOM"), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

GENERATORS = {
    "tuple": "        yield np.random.rand(batch_size, 8), np.random.rand(batch_size, 1)\n",
    "list": "        yield [np.random.rand(batch_size, 8), np.random.rand(batch_size, 4)], np.random.rand(batch_size, 1)\n",
    "dict": "        yield {'image': np.random.rand(batch_size, 8), 'meta': np.random.rand(batch_size, 4)}, "
            "np.random.rand(batch_size, 1)\n",
}
DIALECT_MARKERS = {
    # Evidence for the Keras 1 reading of counts, left unimported so that the Keras 3 rules (FM415) do
    # not rewrite it: these properties are about the call alone.
    "keras1": "conv = Convolution2D(8, 3, 3, border_mode='same')\n",
    "keras2": "from keras.layers import Conv2D\nconv = Conv2D(8, kernel_size=3, padding='same')\n",
}
PRELUDE = ("import math\nimport os\n\nimport numpy as np\n{tf}{marker}\n"
           "N_TRAIN = 6400\nEPOCHS = 5\nSTEPS = 100\nQUEUE = 8\nweights = {{0: 1.0, 1: 3.0}}\ncallbacks_list = []\n"
           "x_val = np.zeros((10, 8))\ny_val = np.zeros((10, 1))\n\n\n"
           "def batches(batch_size=32):\n    while True:\n{yield_line}\n\n")

COUNT = ["100", "STEPS", "len(x_val) // 4", "int(math.ceil(6400 / 64))", "max(1, STEPS // 2)"]
SAMPLES = ["6400", "N_TRAIN", "len(x_val)", "int(N_TRAIN * 0.8)", "2 * 3200"]
VALUES: Dict[str, List[str]] = {
    "steps_per_epoch": COUNT, "validation_steps": COUNT, "steps": COUNT,
    "samples_per_epoch": SAMPLES, "nb_val_samples": SAMPLES, "val_samples": SAMPLES,
    "epochs": ["10", "EPOCHS", "int(os.environ.get('EPOCHS', 3))"],
    "nb_epoch": ["10", "EPOCHS", "int(os.environ.get('EPOCHS', 3))"],
    "verbose": ["0", "1", "2"],
    "callbacks": ["callbacks_list", "[EarlyStopping(patience=3), ModelCheckpoint('best.h5', save_best_only=True)]",
                  "[]"],
    "class_weight": ["weights", "{0: 1.0, 1: 2.5}", "dict(enumerate([1.0, 2.0]))"],
    "initial_epoch": ["0", "3"],
    "workers": ["1", "4", "os.cpu_count()"], "nb_worker": ["1", "4", "os.cpu_count()"],
    "use_multiprocessing": ["True", "False"], "pickle_safe": ["True", "False"],
    "max_queue_size": ["10", "QUEUE", "min(QUEUE, 4)"], "max_q_size": ["10", "QUEUE", "min(QUEUE, 4)"],
}
KEYWORDS = {
    ("fit_generator", "keras2"): ["steps_per_epoch", "epochs", "verbose", "callbacks", "validation_data",
                                  "validation_steps", "class_weight", "max_queue_size", "workers",
                                  "use_multiprocessing", "initial_epoch"],
    ("fit_generator", "keras1"): ["samples_per_epoch", "nb_epoch", "verbose", "callbacks", "validation_data",
                                  "nb_val_samples", "class_weight", "max_q_size", "nb_worker", "pickle_safe",
                                  "initial_epoch"],
    ("evaluate_generator", "keras2"): ["steps", "max_queue_size", "workers", "use_multiprocessing", "verbose"],
    ("evaluate_generator", "keras1"): ["val_samples", "max_q_size", "nb_worker", "pickle_safe"],
    ("predict_generator", "keras2"): ["steps", "max_queue_size", "workers", "use_multiprocessing", "verbose"],
    ("predict_generator", "keras1"): ["val_samples", "max_q_size", "nb_worker", "pickle_safe"],
}
POSITIONAL = {
    ("fit_generator", "keras2"): ["generator", "steps_per_epoch", "epochs", "verbose", "callbacks"],
    ("fit_generator", "keras1"): ["generator", "samples_per_epoch", "nb_epoch", "verbose", "callbacks"],
    ("evaluate_generator", "keras2"): ["generator", "steps"],
    ("evaluate_generator", "keras1"): ["generator", "val_samples"],
    ("predict_generator", "keras2"): ["generator", "steps"],
    ("predict_generator", "keras1"): ["generator", "val_samples"],
}
# Keras 2.0 still took the Keras 1 names with a warning: calls mixing both exist in the wild.
SAME_MEANING = [{"steps_per_epoch", "samples_per_epoch"}, {"epochs", "nb_epoch"}, {"validation_steps", "nb_val_samples"},
                {"max_queue_size", "max_q_size"}, {"workers", "nb_worker"}, {"use_multiprocessing", "pickle_safe"},
                {"steps", "val_samples"}]
RENAMED = {"nb_epoch": "epochs", "samples_per_epoch": "steps_per_epoch", "nb_val_samples": "validation_steps",
           "val_samples": "steps", "generator": "x"}
CONVERTED = {"samples_per_epoch", "nb_val_samples", "val_samples"}
REMOVED = {"workers", "use_multiprocessing", "nb_worker", "pickle_safe"}
QUEUE = {"max_queue_size", "max_q_size"}
RECEIVERS = ["model", "self.keras_model", "get_model()", "models[0]"]


@dataclass
class Case:
    source: str
    method: str
    receiver: str
    args: List[Tuple[Optional[str], str, str]]  # (keyword as written or None, legacy name, value text)
    comments: List[str] = field(default_factory=list)
    call_start: int = 0
    call_end: int = 0
    tf_imported: bool = False
    kind: str = "tuple"


@st.composite
def legacy_calls(draw) -> Case:
    method = draw(st.sampled_from(["fit_generator"] * 4 + ["evaluate_generator", "predict_generator"]))
    dialect = draw(st.sampled_from(["keras1", "keras2", "mixed"]))
    marker = draw(st.sampled_from(["keras1", "keras2"])) if dialect == "mixed" else dialect
    kind = draw(st.sampled_from(sorted(GENERATORS)))
    receiver = draw(st.sampled_from(RECEIVERS))
    tf_imported = draw(st.booleans())
    form = draw(st.sampled_from(["call", "call_positional_batch", "call_keyword_batch", "variable", "keyword"]))

    generator_value = {"call": "batches()", "call_positional_batch": "batches(64)", "keyword": "batches()",
                       "call_keyword_batch": "batches(batch_size=16)", "variable": "train_gen"}[form]
    if dialect == "mixed":
        pool = sorted(set(KEYWORDS[(method, "keras1")]) | set(KEYWORDS[(method, "keras2")]))
        positional_names = ["generator"]
    else:
        pool = list(KEYWORDS[(method, dialect)])
        positional_names = POSITIONAL[(method, dialect)]
    n_positional = 0 if form == "keyword" else draw(st.integers(1, len(positional_names)))
    chosen = positional_names[:n_positional]
    extra = draw(st.lists(st.sampled_from([k for k in pool if k not in chosen]), unique=True, max_size=len(pool)))
    for group in SAME_MEANING:  # never two names for the same thing
        seen = [k for k in chosen + extra if k in group]
        for duplicate in seen[1:]:
            extra.remove(duplicate)
    validation = None
    if "validation_data" in chosen + extra:
        validation = draw(st.sampled_from(["batches(16)", "batches()", "(x_val, y_val)"]))
        if validation == "(x_val, y_val)":
            extra = [k for k in extra if k not in ("validation_steps", "nb_val_samples")]
    else:
        extra = [k for k in extra if k not in ("validation_steps", "nb_val_samples")]
    keywords = extra + (["generator"] if form == "keyword" else [])
    keywords = draw(st.permutations(keywords))

    args: List[Tuple[Optional[str], str, str]] = []
    for name in chosen + list(keywords):
        if name == "generator":
            value = generator_value
        elif name == "validation_data":
            value = validation
        else:
            value = draw(st.sampled_from(VALUES[name]))
        args.append((None if name in chosen else name, name, value))

    # Layout: a separator per gap (space, line break, comment and line break), maybe a trailing comma.
    comments: List[str] = []
    indent = "    " if receiver != "self.keras_model" else "            "
    parts = []
    for index, (keyword, _name, value) in enumerate(args):
        text = f"{keyword}={value}" if keyword else value
        if index < len(args) - 1 or draw(st.booleans()):
            style = draw(st.sampled_from(["space", "newline", "comment"]))
            if style == "space":
                text += ", "
            elif style == "newline":
                text += ",\n" + indent
            else:
                comment = f"# note {len(comments)}: keep me"
                comments.append(comment)
                text += ",  " + comment + "\n" + indent
        parts.append(text)
    opening = "("
    if draw(st.booleans()):
        comment = f"# opening {len(comments)}"
        comments.append(comment)
        opening = "(  " + comment + "\n" + indent
    body = "".join(parts)
    body = body[:-len(indent)] if body.endswith("\n" + indent) else body.rstrip(" ")
    call = f"{receiver}.{method}{opening}{body})"

    prelude = PRELUDE.format(tf="import tensorflow as tf\n" if tf_imported else "", marker=DIALECT_MARKERS[marker],
                             yield_line=GENERATORS[kind])
    setup = "train_gen = batches(64)\n" if form == "variable" else ""
    if receiver == "self.keras_model":
        head = prelude + "class Trainer:\n    def train(self):\n" + "".join(f"        {line}\n" for line in setup.splitlines())
        head += "        "
        source = head + call + "\n        return self\n"
    else:
        head = prelude + setup
        source = head + call + "\n"
    return Case(source, method, receiver, args, comments, len(head), len(head) + len(call), tf_imported, kind)


def _migrated_call(module: cst.Module, receiver: str, method: str) -> cst.Call:
    found = []

    class Finder(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            func = node.func
            if (isinstance(func, cst.Attribute) and func.attr.value == method
                    and module.code_for_node(func.value) == receiver):
                found.append(node)

    module.visit(Finder())
    assert len(found) == 1, f"expected one migrated {receiver}.{method}(...) call, found {len(found)}"
    return found[0]


def _dataset_assignments(module: cst.Module) -> Dict[str, str]:
    """``name = tf.data.Dataset.from_generator(...)`` assignments: name -> the dataset's code."""
    found: Dict[str, str] = {}

    class Finder(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            value = module.code_for_node(node.value)
            if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) and "from_generator(" in value:
                found[node.targets[0].target.value] = value

    module.visit(Finder())
    return found


def _squash(code: str) -> str:
    return re.sub(r"\s+", "", code)


@SETTINGS
@given(case=legacy_calls())
def test_migrated_calls_parse_are_idempotent_and_keep_every_argument(case: Case):
    note(case.source)
    data = case.source.encode()
    outcome = migrate_bytes(data, "train.py")
    codes = [d.code for d in outcome.diagnostics]
    note(f"diagnostics: {[d.format() for d in outcome.diagnostics]}")
    assert outcome.error is None and "FM003" not in codes
    assert outcome.migrated == 1 and outcome.changed, f"not migrated: {codes}"
    new = outcome.new
    note(new.decode())

    # Parses, for LibCST and for CPython; a second run changes nothing.
    module = cst.parse_module(new)
    ast.parse(new)
    again = migrate_bytes(new, "train.py")
    assert not again.changed and again.error is None

    # The bytes around the call are untouched (no import to add, no list yield to rewrite).
    if case.tf_imported and case.kind != "list":
        assert new.startswith(data[:case.call_start]) and new.endswith(data[case.call_end:])

    # Every comment survives.
    text = new.decode()
    for comment in case.comments:
        assert text.count(comment) == case.source.count(comment), f"comment lost: {comment}"

    # Every argument: kept under its new keyword, converted, or reported removed. A dataset is written
    # as an assignment of its own just before the call's statement: read it back in the argument's place.
    new_method = case.method.replace("_generator", "")
    call = _migrated_call(module, case.receiver, new_method)
    datasets = _dataset_assignments(module)
    kept = {arg.keyword.value if arg.keyword else "x": _squash(datasets.get(module.code_for_node(arg.value))
                                                               or module.code_for_node(arg.value)) for arg in call.args}
    call_code = _squash(module.code_for_node(call)) + "".join(kept.values())
    assert all(arg.keyword for arg in call.args[1:]), "only the data may stay positional"
    messages = {d.code: [] for d in outcome.diagnostics}
    for d in outcome.diagnostics:
        messages[d.code].append(d.message)
    for _keyword, name, value in case.args:
        value = _squash(value)
        target = RENAMED.get(name, name)
        if name in ("generator", "validation_data"):
            if value.startswith("("):  # (x_val, y_val): passed as it is
                assert kept.get(target) == value
            else:  # wrapped in from_generator: the generator's name or call is inside
                assert value.split("(")[0] in kept.get(target, ""), f"{name}={value} lost"
                assert "from_generator(" in kept[target]
        elif name in CONVERTED:
            assert any(f"{name}=`" in m and value in _squash(m) for m in messages.get("FM201", [])), f"{name} not reported"
            assert value in kept.get(target, ""), f"{name}={value} not converted into {target}="
        elif name in QUEUE:
            assert f".prefetch({value})" in call_code, f"{name}={value} did not become .prefetch({value})"
        elif name in REMOVED:
            assert name not in kept
            assert any(f"{name}=" in m for code in ("FM202", "FM203") for m in messages.get(code, [])), \
                f"{name} removed without a diagnostic"
        else:
            assert kept.get(target) == value, f"{name}={value} lost (migrated call: {call_code})"
    assert not re.search(r"\.(fit|evaluate|predict)_generator\(", text)


@SETTINGS
@given(case=legacy_calls())
def test_a_refused_call_leaves_the_file_identical(case: Case):
    """Break the case so it cannot be proven (the generator yields an unknown dtype): the file is left
    exactly as it was, with an error diagnostic, and nothing else."""
    broken = case.source.replace("np.random.rand(batch_size, 1)", "load_labels(batch_size)")
    assume(broken != case.source)
    outcome = migrate_bytes(broken.encode(), "train.py")
    assert not outcome.changed and outcome.new is None
    assert outcome.refused == 1
    assert any(d.severity == "error" for d in outcome.diagnostics)
    assert "FM003" not in [d.code for d in outcome.diagnostics]


def test_comment_after_a_removed_first_argument_is_kept():
    """Found by the property above: the comment went with a dropped first argument (fixed in apply_plan)."""
    source = (b"import numpy as np\nimport tensorflow as tf\n\n\ndef batches():\n    while True:\n"
              b"        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n\n"
              b"model.fit_generator(workers=4,  # four threads: the disk is slow\n"
              b"                    generator=batches(), steps_per_epoch=10)\n")
    outcome = migrate_bytes(source, "train.py")
    assert outcome.changed
    assert b"# four threads: the disk is slow" in outcome.new
