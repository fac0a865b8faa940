"""The child process: ``python -m fitmigrate.harness.child CONFIG_JSON``.

Only this process runs user code and imports TensorFlow. It writes its findings as JSON to the report path
the parent gave it (after every checked call, so a timeout still leaves the calls checked so far), never to
stdout, which belongs to the script.
"""

from __future__ import annotations

import faulthandler
import json
import os
import random
import sys
import traceback
import types
from typing import Any, Dict, Optional

from fitmigrate.harness.hooks import PatchOnImport, is_library_file


def write_report(path: str, report: Dict[str, Any]) -> None:
    """Replace the report atomically: the parent may read it at any moment after killing us."""
    temporary = path + ".partial"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(report, handle, default=str)
    os.replace(temporary, path)


def user_traceback(exc: BaseException) -> str:
    """The script's traceback, without the harness frames that ran it."""
    tb = exc.__traceback__
    while tb is not None and is_library_file(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    text = "".join(traceback.format_exception(type(exc), exc, tb))
    guard = os.path.join(os.path.dirname(os.path.abspath(__file__)), "isolation.py")
    if f'File "{guard}"' in text:  # the guard refused a write: the user's line that tried it is the last one
        lines = text.splitlines(keepends=True)
        first = next(i for i, line in enumerate(lines) if f'File "{guard}"' in line)
        tail = [line for line in lines[first:] if not line.startswith(" ")]
        text = "".join(lines[:first] + tail)
    return text


def describe_failure(exc: BaseException) -> Dict[str, str]:
    kind = "import" if isinstance(exc, ImportError) else "crash"
    return {"kind": kind, "type": type(exc).__name__, "message": str(exc), "traceback": user_traceback(exc)}


def _arm_hang_dump(config: Dict[str, Any]):
    """Have faulthandler write every thread's stack just before the parent's timeout, to say where it hung."""
    timeout = config.get("timeout")
    if not timeout or not config.get("hang_dump"):
        return None
    handle = open(config["hang_dump"], "w", encoding="utf-8")
    faulthandler.dump_traceback_later(max(timeout - min(2.0, timeout * 0.15), 0.1), exit=False, file=handle)
    return handle


def verify(config: Dict[str, Any]) -> None:
    from fitmigrate.harness.intercept import Recorder, Settings, install
    from fitmigrate.harness.targets import notebook_cells, run_module, run_notebook, run_script

    report: Dict[str, Any] = {"calls": [], "error": None, "notes": [], "finished": False,
                              "refused_writes": _refused_writes()}

    def save(_record: Optional[dict] = None) -> None:
        report["notes"] = notes + recorder.notes
        write_report(config["report"], report)

    notes: list = []
    settings = Settings(batches=config["batches"], smoke_steps=config["smoke_steps"],
                        max_batches=config["max_batches"], time_budget=config["time_budget"])
    recorder = Recorder(settings, on_call=save)
    report["calls"] = recorder.calls
    install(recorder)
    import numpy

    random.seed(0)
    numpy.random.seed(0)
    save()
    target, argv = config["target"], config.get("argv", [])
    try:
        if config.get("module"):
            run_module(target, argv)
        elif target.endswith(".ipynb"):
            cells, skipped = notebook_cells(target)
            notes.extend(skipped)
            save()
            run_notebook(target, argv, cells)
        else:
            run_script(target, argv)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            status = exc.code if isinstance(exc.code, int) else 1
            detail = "" if isinstance(exc.code, int) else f" ({exc.code})"
            report["error"] = {"kind": "exit", "type": "SystemExit", "message": f"the script exited with status "
                               f"{status}{detail}", "traceback": user_traceback(exc)}
    except BaseException as exc:
        report["error"] = describe_failure(exc)
    report["finished"] = True
    save()


class StopAtTraining(BaseException):
    """Raised by a patched fit/evaluate/predict while sampling: the module's setup is done. A BaseException so a
    ``try: ... except Exception`` in the user's code does not swallow it."""


def _stop_patch(framework: types.ModuleType) -> None:
    model_class = getattr(framework, "Model", None)
    if model_class is None:
        return

    def stop(name):
        def stopped(self, *args, **kwargs):
            raise StopAtTraining(name)
        return stopped

    for name in ("fit", "fit_generator", "evaluate", "evaluate_generator", "predict", "predict_generator",
                 "train_on_batch", "test_on_batch", "predict_on_batch"):
        setattr(model_class, name, stop(name))


def sample(config: Dict[str, Any]) -> None:
    """Run a module's top level (not as __main__) up to its first training call, then pull one batch of
    ``config["expression"]`` evaluated in its globals."""
    from fitmigrate.harness.sample import describe_batch, encode_structure
    from fitmigrate.harness.sources import seed_everything, short_error, to_numpy

    report: Dict[str, Any] = {"structure": None, "error": None, "notes": [], "refused_writes": _refused_writes()}
    path = os.path.abspath(config["path"])
    stem = os.path.splitext(os.path.basename(path))[0]
    name = stem if stem.isidentifier() and stem not in sys.modules else "__fitmigrate_sample__"
    module = types.ModuleType(name)
    module.__file__ = path
    sys.modules[name] = module
    sys.argv = [path]
    sys.path[0] = os.path.dirname(path)
    PatchOnImport({"keras": _stop_patch, "tf_keras": _stop_patch,
                   "tensorflow": lambda tf: tf.random.set_seed(0)}).install()
    seed_everything()
    try:
        with open(path, "rb") as handle:
            code = compile(handle.read(), path, "exec")
        exec(code, module.__dict__)
    except StopAtTraining as stop:
        report["notes"].append(f"stopped the module at its first {stop.args[0]} call")
    except SystemExit:
        report["notes"].append("the module called sys.exit; sampling with what it defined before that")
    except BaseException as exc:
        report["notes"].append(f"the module raised {short_error(exc)}; sampling with what it defined before that")
    try:
        value = eval(config["expression"], module.__dict__)
        if callable(value) and not hasattr(value, "__next__") and not hasattr(value, "__getitem__"):
            value = value()
        if hasattr(value, "__next__"):
            batch = next(value)
        elif hasattr(value, "__getitem__") and hasattr(value, "__len__") and not isinstance(value, (dict, str)):
            batch = value[0]
        else:
            batch = next(iter(value))
        report["structure"] = encode_structure(describe_batch(to_numpy(batch)))
    except StopIteration:
        report["error"] = f"`{config['expression']}` yielded no batch"
    except StopAtTraining as stop:
        report["error"] = f"`{config['expression']}` called {stop.args[0]} instead of yielding a batch"
    except BaseException as exc:
        trace = user_traceback(exc)
        in_module = path in trace  # the traceback says more than the one-line message only inside the module
        report["error"] = f"`{config['expression']}` raised {short_error(exc)}" + (f"\n{trace}" if in_module else "")
    write_report(config["report"], report)


_GUARD = None


def _refused_writes() -> list:
    """The guard's live list of refused writes (only without the namespace sandbox, under --allow-writes)."""
    return _GUARD.refused if _GUARD is not None else []


def main(argv=None) -> None:
    global _GUARD
    config = json.loads((argv or sys.argv)[1])
    if config.get("guard"):
        from fitmigrate.harness.isolation import Guard

        _GUARD = Guard(config["guard"]["allowed"])
        _GUARD.install()
    dump = _arm_hang_dump(config)
    try:
        (sample if config["mode"] == "sample" else verify)(config)
    finally:
        faulthandler.cancel_dump_traceback_later()
        if dump is not None:
            dump.close()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
    # Skip interpreter teardown: TensorFlow's can take seconds or hang on the script's data threads, and
    # the report is already written.
    os._exit(0)


if __name__ == "__main__":
    main()
