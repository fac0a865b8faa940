"""Same data in, same steps: every script in ``tests/equivalence_cases/`` runs as written under
tf_keras (which still has ``fit_generator``) and migrated under Keras 3, and the model must get the same
batches in the same steps and epochs, and return as many predictions (see ``tests/equivalence.py``).
A case whose header holds ``# expect:`` figures (Keras 1 arguments, which no installed Keras accepts)
is held against those figures instead.

All the children of the selected cases start once per module, in parallel, one per core."""

from __future__ import annotations

import pytest

from tests.equivalence import case_files, compare, compare_expected, parse_expectations, parse_options, run_cases

# Cases where the migration changes what the model sees today: each reason says exactly how.
KNOWN_DIFFERENCES: dict = {}  # case name -> why the migration still differs (xfail, strict)


def _params():
    params = []
    for path in case_files():
        reason = KNOWN_DIFFERENCES.get(path.stem)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


@pytest.fixture(scope="module")
def runs(request, tmp_path_factory):
    """Every selected case, migrated and run (legacy and migrated children in parallel)."""
    selected = [item.callspec.params["case"] for item in request.session.items
                if item.module is request.module and hasattr(item, "callspec") and "case" in item.callspec.params]
    return run_cases(selected, tmp_path_factory.mktemp("equivalence"))


def test_every_case_is_named_after_what_it_checks():
    assert case_files(), "no equivalence case found"
    assert set(KNOWN_DIFFERENCES) <= {path.stem for path in case_files()}


@pytest.mark.tensorflow
@pytest.mark.parametrize("case", _params())
def test_migration_feeds_the_model_the_same_data(case, runs):
    run = runs[case.stem]
    assert run.migration.changed, run.report()
    if run.expected is None:
        assert run.legacy is not None and not run.legacy.get("error"), run.report()
    assert not run.problems(), run.report()


# The oracle itself, on records written by hand (no TensorFlow).


def _step(phase, epoch, first, rows=4):
    return {"phase": phase, "epoch": epoch, "rows": rows,
            "fingerprint": {"x": [[[rows, 2], "f", first * 10.0, first]], "y": [[[rows, 1], "f", first, first]]}}


def _record(*calls):
    return {"calls": list(calls), "error": None}


def _fit(firsts_per_epoch, method="fit", validation=()):
    steps = [_step("train", epoch, first) for epoch, firsts in enumerate(firsts_per_epoch) for first in firsts]
    steps += [_step("validation", epoch, first) for epoch, firsts in enumerate(validation) for first in firsts]
    return {"method": method, "kind": "fit", "line": 3, "steps": steps,
            "epochs_run": list(range(len(firsts_per_epoch))), "returned": None, "error": None}


def _predict(firsts, rows_returned, method="predict"):
    return {"method": method, "kind": "predict", "line": 9, "steps": [_step("predict", None, f) for f in firsts],
            "epochs_run": None, "returned": {"rows": rows_returned, "outputs": 1}, "error": None}


def test_same_records_compare_equal_whatever_the_method_names():
    legacy = _record(_fit([[0, 1], [2, 3]], "fit_generator"), _predict([0, 1], 8, "predict_generator"))
    migrated = _record(_fit([[0, 1], [2, 3]]), _predict([0, 1], 8))
    assert compare(legacy, migrated) == []


def test_compare_says_which_steps_epochs_and_batches_differ():
    legacy = _record(_fit([[0, 1, 2], [0, 1, 2]], "fit_generator"), _predict([0, 1], 8, "predict_generator"))
    migrated = _record(_fit([[0, 1, 2], [3, 4], [0, 1, 2]]), _predict([0], 4))
    problems = "\n".join(compare(legacy, migrated))
    assert "train steps per epoch legacy {0: 3, 1: 3} != migrated {0: 3, 1: 2, 2: 3}" in problems
    assert "train epoch 1 step 0 got different data" in problems
    assert "epochs run legacy [0, 1] != migrated [0, 1, 2]" in problems
    assert "predict steps per epoch legacy {None: 2} != migrated {None: 1}" in problems
    assert "returned legacy {'rows': 8, 'outputs': 1} != migrated {'rows': 4, 'outputs': 1}" in problems


def test_epoch_order_compares_each_epoch_as_a_set():
    legacy, migrated = _record(_fit([[0, 1, 2]])), _record(_fit([[2, 0, 1]]))
    assert compare(legacy, migrated) != []
    assert compare(legacy, migrated, order="epoch") == []


def test_a_failed_run_and_a_missing_call_are_differences():
    legacy = _record(_fit([[0]]), _predict([0], 4))
    migrated = dict(_record(_fit([[0]])), error="Traceback...\nAttributeError: no fit_generator",
                    error_summary="AttributeError: no fit_generator")
    problems = compare(legacy, migrated)
    assert "migrated run failed: AttributeError: no fit_generator" in problems
    assert any("legacy made 2 calls" in p for p in problems)


def test_expectations_are_read_from_the_header_only():
    source = ("# expect: train steps_per_epoch=4 epochs=2; predict rows=128\n"
              "# expect: evaluate steps=3\n# equivalence: order=epoch\n\"\"\"doc\"\"\"\n# expect: fit epochs=9\n")
    assert parse_expectations(source) == [{"kind": "fit", "steps_per_epoch": 4, "epochs": 2},
                                          {"kind": "predict", "rows": 128}, {"kind": "evaluate", "steps": 3}]
    assert parse_options(source) == {"order": "epoch"}
    assert parse_expectations("import keras\n") is None
    with pytest.raises(ValueError, match="rows_per_step"):
        parse_expectations("# expect: predict rows_per_step=3\n")


def test_expected_figures_against_a_record():
    record = _record(_fit([[0, 1, 2], [3, 4, 5]], validation=[[9], [9]]), _predict([0, 1, 2], 12))
    assert compare_expected(parse_expectations(
        "# expect: fit steps_per_epoch=3 epochs=2 rows_per_step=4 rows_per_epoch=12 validation_steps=1 "
        "validation_rows=4; predict steps=3 rows=12"), record) == []
    assert compare_expected(parse_expectations("# expect: fit steps_per_epoch=4; predict rows=128"), record) == [
        "call 1 (fit (line 3)): steps_per_epoch expected 4, got 3",
        "call 2 (predict (line 9)): rows expected 128, got 12"]


@pytest.mark.tensorflow
def test_validation_passes_follow_each_other_without_a_gap(runs):
    """Each epoch's validation pass starts at the batch after the last one the previous pass used:
    none is read ahead and dropped (tf.data injects a prefetch unless the dataset ends in one)."""
    run = runs.get("validation_generator")
    if run is None:
        pytest.skip("the validation_generator case was not selected")
    (fit,) = run.migrated["calls"]
    firsts = [step["fingerprint"]["y"][0][3] for step in fit["steps"] if step["phase"] == "validation"]
    # y holds the row numbers: batches of 4 rows from row 1000, so 1000, 1004, 1008, ...
    assert firsts == [1000.0 + 4 * i for i in range(len(firsts))] and len(firsts) == 6, firsts


def test_batch_lists_name_each_step():
    """``train_batches=first:rows,...`` per epoch (``/`` between epochs), held against each step's first
    input value and rows."""
    assert parse_expectations("# expect: fit train_batches=0:4,1:4/10:2; predict batches=7:4\n") == [
        {"kind": "fit", "train_batches": [[(0.0, 4), (1.0, 4)], [(10.0, 2)]]},
        {"kind": "predict", "batches": [[(7.0, 4)]]}]
    record = _record(_fit([[0, 1], [10]]), _predict([7], 4))
    assert compare_expected(parse_expectations("# expect: fit train_batches=0:4,1:4/10:4; predict batches=7:4\n"),
                            record) == []
    assert compare_expected(parse_expectations("# expect: fit train_batches=0:4,2:4/10:4\n# expect: predict\n"),
                            record) == ["call 1 (fit (line 3)): train_batches expected [[(0.0, 4), (2.0, 4)], "
                                        "[(10.0, 4)]], got [[(0, 4), (1, 4)], [(10, 4)]]"]
    with pytest.raises(ValueError, match="train_batches"):
        parse_expectations("# expect: predict train_batches=0:4\n")
