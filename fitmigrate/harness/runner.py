"""Parent side of ``verify``: run the child in the write sandbox under a time limit, then classify.

The parent never imports TensorFlow or runs user code: it starts ``fitmigrate.harness.child`` inside the
sandbox of :mod:`fitmigrate.harness.isolation` (private mount and PID namespaces, copy-on-write overlays),
keeps a bounded tail of the script's output, kills everything at the timeout, lists what the script tried
to write, removes the scratch folder, and turns the child's JSON report into a verdict and an exit code.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import fitmigrate
from fitmigrate.diagnostics import split_cell_filename, where
from fitmigrate.harness import isolation
from fitmigrate.harness.hooks import display_path, display_site

TAIL_BYTES = 64 * 1024
MAX_WRITES_LISTED = 1000
EXIT_PASSED, EXIT_FAILED, EXIT_NOT_RUN = 0, 1, 2

_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(fitmigrate.__file__)))
# fitmigrate is importable in the child even when not installed, without its folder staying on the
# script's sys.path (where it could shadow the user's own `tests` or `benchmarks`).
_BOOT = ("import sys; sys.path.insert(0, {parent!r}); from fitmigrate.harness import child; "
         "sys.path.remove({parent!r}); child.main()")


class _Tail:
    """Drains one pipe on a thread, keeping only its last ``TAIL_BYTES``."""

    def __init__(self, pipe):
        self.data = bytearray()
        self.dropped = False
        self._pipe = pipe
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        fd = self._pipe.fileno()
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.data += chunk
            if len(self.data) > TAIL_BYTES:
                del self.data[:-TAIL_BYTES]
                self.dropped = True

    def text(self) -> str:
        self._thread.join(timeout=5)
        text = self.data.decode("utf-8", errors="replace")
        return ("[...]\n" + text) if self.dropped else text


@dataclass
class ChildRun:
    returncode: Optional[int]
    timed_out: bool
    report: Optional[Dict[str, Any]]
    stdout_tail: str
    stderr_tail: str
    hang_trace: str
    seconds: float
    isolation: str = "namespace"  # "namespace", "guard" (--allow-writes without namespaces), "refused"
    writes: List[Dict[str, str]] = field(default_factory=list)  # what the child tried to write, contained
    refusal: str = ""  # why nothing could contain the child, when isolation == "refused"
    sandbox_notes: List[str] = field(default_factory=list)  # e.g. a filesystem made read-only, not overlaid


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        pass


def run_child(config: Dict[str, Any], timeout: float, cwd: Optional[str] = None,
              allow_writes: bool = False) -> ChildRun:
    """Run the child with ``config`` (plus the report and hang-dump paths) in the write sandbox, killing it and
    everything it started at ``timeout``; then list what it tried to write and remove the scratch folder.

    Without a sandbox (see :mod:`fitmigrate.harness.isolation`) the child does not run at all, unless
    ``allow_writes``: then it runs under the best-effort guard."""
    isolation.remove_stale_scratch(tempfile.gettempdir())
    workdir = tempfile.mkdtemp(prefix=isolation.SCRATCH_PREFIX)
    try:
        isolation.claim_scratch(workdir)
        channel = os.path.join(workdir, "channel")  # the one folder the sandboxed child writes for real
        os.mkdir(channel)
        config = dict(config, report=os.path.join(channel, "report.json"), hang_dump=os.path.join(channel, "hang.txt"),
                      timeout=timeout)
        env = dict(os.environ)
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ to list among the script's writes
        child = [sys.executable, "-c", _BOOT.format(parent=_PACKAGE_PARENT), json.dumps(config)]
        reason = isolation.unavailable()
        # As root, the root sandbox first; where it cannot be made (a container without CAP_SYS_ADMIN), the
        # user-namespace one.
        for unprivileged in ([] if reason else [True] if isolation.unprivileged() else [False, True]):
            launch = {"workdir": workdir, "parent": os.getpid(), "cwd": os.path.abspath(cwd or os.getcwd()),
                      "argv": child, "unprivileged": unprivileged}
            run = _run([sys.executable, "-c", isolation.LAUNCH_BOOT.format(parent=_PACKAGE_PARENT),
                        json.dumps(launch)], config, timeout, cwd, env, workdir)
            manifest = _read_json(os.path.join(channel, "sandbox.json")) or {}
            if manifest.get("ok"):
                run.writes = [w.as_dict() for w in isolation.contained_writes(manifest, workdir)]
                run.sandbox_notes = [str(note) for note in manifest.get("notes") or []]
                return run
            if run.returncode != isolation.SETUP_FAILED and not run.timed_out:
                failure = f"the sandbox launcher ended with status {run.returncode}: {_last_lines(run.stderr_tail)}"
            else:
                failure = manifest.get("error") or "the sandbox could not be set up"
            reason = f"{reason}; then {failure}" if reason else failure
            isolation.reset_scratch(workdir)
        if not allow_writes:
            return ChildRun(None, False, None, "", "", "", 0.0, "refused", [], reason)
        scratch = os.path.join(workdir, "scratch")
        os.mkdir(scratch)
        env["TMPDIR"] = scratch
        guarded = dict(config, guard={"allowed": [workdir]})
        child[-1] = json.dumps(guarded)
        run = _run(child, guarded, timeout, cwd, env, workdir)
        run.isolation, run.refusal = "guard", reason
        run.writes = list((run.report or {}).get("refused_writes") or [])
        return run
    finally:
        isolation.remove_scratch(workdir)


def _run(command: List[str], config: Dict[str, Any], timeout: float, cwd: Optional[str], env: Dict[str, str],
         workdir: str) -> ChildRun:
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    stdout, stderr = _Tail(process.stdout), _Tail(process.stderr)
    timed_out = False
    previous = _exit_on_termination()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
    except SystemExit:  # verify itself was terminated (a CI cancel, `timeout`): take the script down too
        _kill_group(process)
        process.wait()
        _wait_for_init(workdir)
        raise
    finally:
        _restore_signals(previous)
        _kill_group(process)  # at the timeout, and afterwards for anything the script left running
        process.wait()
    _wait_for_init(workdir)
    seconds = time.monotonic() - started
    try:
        report = _read_json(config["report"])
        hang_trace = _read_text(config["hang_dump"]) if timed_out else ""
        return ChildRun(process.returncode, timed_out, report, stdout.text(), stderr.text(), hang_trace, seconds)
    finally:
        process.stdout.close()
        process.stderr.close()


def _wait_for_init(workdir: str, within: float = 10.0) -> None:
    """The sandbox's init dies after its launcher; once it has, no process of the script is left, and its
    overlays are unmounted."""
    try:
        with open(os.path.join(workdir, "channel", "init.pid"), encoding="ascii") as handle:
            pid = int(handle.read())
    except (OSError, ValueError):
        return
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
                if handle.read().rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                    return
        except OSError:
            return
        time.sleep(0.01)


def _exit_on_termination() -> Dict[int, Any]:
    """SIGTERM / SIGHUP end verify with SystemExit (so the child's group is killed) instead of at once."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    previous = {}

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        previous[signum] = signal.signal(signum, stop)
    return previous


def _restore_signals(previous: Dict[int, Any]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)


def _read_json(path: str) -> Optional[Dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def _read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


# --- verdict ---------------------------------------------------------------------------------------

_LIBRARY_PREFIXES = tuple({os.path.abspath(p) + os.sep for p in (
    sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"],
    os.path.dirname(os.path.abspath(__file__)))})

NEVER_CALLED = ("the script ran to the end without calling fit, evaluate or predict (keras, tf.keras or "
                "tf_keras): nothing was checked. Is the training call behind a command-line flag (pass the "
                "script's arguments after `--`) or in a module that is imported but not run as __main__?")


def call_site(call: Dict[str, Any]) -> str:
    """Where a checked call is, spelled as every other position (``diagnostics.where``)."""
    return where(call["file"], call["line"], cell=call.get("cell"))


@dataclass
class Verification:
    calls: List[Dict[str, Any]]
    error: Optional[str]
    exit_code: int
    notes: List[str] = field(default_factory=list)
    output_tail: str = ""
    seconds: float = 0.0
    isolation: str = "namespace"
    writes: List[Dict[str, str]] = field(default_factory=list)

    def document(self) -> Dict[str, Any]:
        """The ``--json`` contract, and nothing else: ``writes`` only when there is something to say (the script
        tried to write, or ran without the sandbox)."""
        calls = [{"file": c["file"], **({"cell": c["cell"]} if "cell" in c else {}), "line": c["line"],
                  "method": c["method"],
                  "checks": [{"id": k["id"], "status": k["status"], "message": k["message"]} for k in c["checks"]]}
                 for c in self.calls]
        document: Dict[str, Any] = {"calls": calls, "error": self.error}
        if self.writes or self.isolation != "namespace":
            document["writes"] = self.writes_document()
        return document

    def writes_document(self) -> Dict[str, Any]:
        shown = self.writes[:MAX_WRITES_LISTED]
        return {"isolation": self.isolation, "contained": self.isolation != "guard", "count": len(self.writes),
                "paths": [{"path": display_path(w["path"]), "change": w["change"]} for w in shown],
                "truncated": len(shown) < len(self.writes)}


MAX_WRITES_SHOWN = 20


def writes_text(verification: Verification, who: str = "the script") -> str:
    """What the script tried to write, for the end of the text report: counted, folders summed up."""
    if verification.isolation == "refused":
        return ""
    writes = verification.writes
    if verification.isolation == "guard":
        refused = sum(1 for w in writes if w["change"].startswith("refused"))
        started = len(writes) - refused
        head = (f"writes: no sandbox (--allow-writes); the guard refused {refused} write{'s' * (refused != 1)} it "
                f"saw" + (f" and let {started} child process{'es' * (started != 1)} run unguarded" if started else "")
                + "; writes of other C libraries and of child processes are not seen:")
    elif not writes:
        return f"writes: {who} wrote nothing (private mount namespace, copy-on-write overlay)\n"
    else:
        head = (f"writes: {who} tried to write {len(writes)} path{'s' * (len(writes) != 1)}; all were kept in the "
                f"sandbox and discarded, none of your files changed:")
    lines = [head]
    folders: List[str] = []
    shown = 0
    for write in writes:
        path = write["path"]
        inside = next((folder for folder in folders if path.startswith(folder + os.sep)), None)
        if inside is not None:
            continue
        if write["change"] == "folder created":
            folders.append(path)
        if shown < MAX_WRITES_SHOWN:
            label = display_path(path) + (os.sep if write["change"].startswith("folder") else "")
            within = sum(1 for other in writes if other["path"].startswith(path + os.sep))
            lines.append(f"  {write['change']:<18} {label}" + (f" ({within} inside)" if within and
                                                                    write["change"] == "folder created" else ""))
        shown += 1
    if shown > MAX_WRITES_SHOWN:
        lines.append(f"  ... and {shown - MAX_WRITES_SHOWN} more (--json lists them)")
    return "\n".join(lines) + "\n"


def _hang_site(dump: str) -> str:
    """The innermost user frame of a faulthandler dump (``file:line``), or ''."""
    for raw in dump.splitlines():
        line = raw.strip()
        if not line.startswith('File "'):
            continue
        filename, _, rest = line[6:].partition('", line ')
        if not os.path.abspath(filename).startswith(_LIBRARY_PREFIXES):
            return display_site(filename, rest.split()[0])
    return ""


def _without_harness_frames(dump: str) -> str:
    harness = os.path.dirname(os.path.abspath(__file__)) + os.sep
    return "\n".join(line for line in dump.splitlines()
                     if not line.strip().startswith(('File "<frozen runpy>"', 'File "<string>"', f'File "{harness}')))


def _last_lines(text: str, count: int = 20) -> str:
    return "\n".join(text.rstrip().splitlines()[-count:])


def refused(reason: str) -> str:
    return (f"verify did not run the script: nothing on this machine can keep it from writing your files "
            f"({reason}). verify runs the script in a private mount namespace whose filesystems are "
            f"copy-on-write overlays, which needs root or unprivileged user namespaces (sysctl "
            f"kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0). Pass --allow-writes (or set "
            f"{isolation.ALLOW_ENV}=1) to run it anyway under a best-effort guard that refuses the writes Python, "
            f"h5py, OpenCV and TensorFlow make, but not those of other C libraries or of child processes")


_LEGACY_CALL = re.compile(r"object has no attribute '(fit_generator|evaluate_generator|predict_generator)'")


def _legacy_call(failure: Dict[str, Any], target: str, module: bool) -> Optional[str]:
    """What to say when the script died on a fit_generator-family call that Keras 3 removed."""
    found = _LEGACY_CALL.search(str(failure.get("message", ""))) if failure.get("type") == "AttributeError" else None
    if found is None:
        return None
    what = f"-m {target}" if module else target
    command = f"fitmigrate migrate {target}" if not module else "fitmigrate migrate <the module's file>"
    return (f"the script calls {found.group(1)}(), which Keras 3 removed: it is legacy code that verify cannot run "
            f"as it is. Run `{command}` first, then `fitmigrate verify {what}` on the migrated code "
            f"({failure['type']}: {failure['message']})")


def classify(run: ChildRun, timeout: float, target: str = "SCRIPT", module: bool = False) -> Verification:
    if run.isolation == "refused":
        return Verification([], refused(run.refusal), EXIT_NOT_RUN, isolation="refused")
    report = run.report or {}
    calls = list(report.get("calls") or [])
    for call in calls:  # a notebook cell's code is compiled as `path:cell N`: the cell is a field of its own
        call["file"], cell = split_cell_filename(display_path(call["file"]))
        if cell is not None:
            call["cell"] = cell
    count = len(calls)
    when = ("before any fit/evaluate/predict call" if not calls
            else f"after {count} checked call{'s' * (count != 1)}")
    error: Optional[str] = None
    if run.timed_out:
        site = _hang_site(run.hang_trace)
        error = (f"timeout: the script was stopped after {timeout:g} s (--timeout) {when}"
                 + (f"; it was at {site}" if site else "")
                 + (f"\n{_last_lines(_without_harness_frames(run.hang_trace), 40)}" if run.hang_trace.strip() else ""))
    elif run.report is None or (not report.get("finished") and run.returncode != 0):
        status = (f"signal {-run.returncode}" if run.returncode is not None and run.returncode < 0
                  else f"status {run.returncode}")
        error = (f"the verify process ended with {status} {when}, before the script finished (out of memory? "
                 f"a crash in native code?); its last output:\n{_last_lines(run.stderr_tail)}")
    elif report.get("error"):
        failure = report["error"]
        legacy = _legacy_call(failure, target, module)
        if legacy is not None:
            head = legacy
        elif failure["kind"] == "import":
            head = f"import error {when}: {failure['type']}: {failure['message']}"
        elif failure["kind"] == "exit":
            head = f"{failure['message']} {when}"
        else:
            head = f"the script raised {failure['type']} {when}"
        error = f"{head}\n{failure['traceback'].rstrip()}" if failure.get("traceback") else head
    elif not calls:
        error = NEVER_CALLED
    broken = next((call for call in calls if call.get("internal_error")), None)
    if broken is not None and error is None:
        error = (f"fitmigrate verify itself failed at {call_site(broken)}, so that call was not "
                 f"checked; please report this with the traceback:\n{broken['internal_error'].rstrip()}")
    failed = any(check["status"] == "fail" for call in calls for check in call["checks"])
    exit_code = EXIT_FAILED if failed else EXIT_NOT_RUN if error else EXIT_PASSED
    notes = list(report.get("notes") or []) + [f"sandbox: {note}" for note in run.sandbox_notes]
    if run.isolation == "guard":
        notes.append(f"no sandbox ({run.refusal}): the script ran under the best-effort guard (--allow-writes)")
    return Verification(calls, error, exit_code, notes, run.stderr_tail, run.seconds, run.isolation, run.writes)


def verify(target: str, argv: List[str], *, module: bool = False, timeout: float = 300.0, batches: int = 3,
           smoke_steps: int = 2, max_batches: int = 10000, time_budget: float = 30.0,
           allow_writes: bool = False) -> Verification:
    """Run ``target`` (a script, a notebook, or with ``module`` a module name) under the harness."""
    config = {"mode": "verify", "target": target, "module": module, "argv": list(argv), "batches": batches,
              "smoke_steps": smoke_steps, "max_batches": max_batches, "time_budget": time_budget}
    return classify(run_child(config, timeout, allow_writes=allow_writes or isolation.writes_allowed()), timeout,
                    target, module)
