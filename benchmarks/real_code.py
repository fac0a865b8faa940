"""Measure fitmigrate on real projects: what happens to every legacy call site.

Run by hand (not a test):

    python benchmarks/real_code.py PROJECT...                 # folders, each one project checkout
    python benchmarks/real_code.py --corpus DIR               # every subfolder of DIR is one project
    python benchmarks/real_code.py --git GITDIR@COMMIT        # a git directory at a commit (exported)
    python benchmarks/real_code.py --corpus DIR --write --json calls.json --diffs diffs/ -j 2
    python benchmarks/real_code.py --corpus DIR --corpus-list dev-corpus.md --fitmigrate-commit HEAD ...

``--corpus-list`` (a markdown table with columns repository, commit, calls) adds each repository's
commit and expected call count to the table; ``--fitmigrate-commit REV`` runs fitmigrate as committed at
REV rather than the work tree, so the figures belong to a commit.

Call sites are found with Python's own ``ast``, independently of fitmigrate's analyzer: every
``<expr>.fit_generator(...)`` / ``.evaluate_generator(...)`` / ``.predict_generator(...)`` in ``.py``
files and in notebooks' code cells (IPython magics and ``!`` lines blanked first; a file or cell
``ast`` cannot read, Python 2 say, is searched token by token instead). Calls under
``.ipynb_checkpoints`` are counted apart and not scored, since fitmigrate skips those folders.

Each project is copied to a temporary folder (the input is never written) and
``python -m fitmigrate migrate`` runs on the copy as a subprocess, then once more with ``--diff`` to see
that a second run changes nothing. Each call site is then:

- migrated: the call is gone from the migrated file, the file still parses, the second run is a no-op;
- refused: the call is still there and an FM0xx/FM1xx diagnostic points at its line (the call's first
  line or its ``.fit_generator`` line; failing those, a line inside the call), or a file-wide one
  (FM001/FM002/FM004) was given for its file;
- missed: the call is still there and nothing refusing was said about it;
- broken: the file no longer parses, a second run changes it, the call was half rewritten (a legacy
  call is left that was not in the original), or fitmigrate crashed (FM003, a traceback, a timeout).

For each migrated file, the dotted Keras / TensorFlow names it uses (through its imports: ``K.foo``,
``from keras.layers import Convolution2D``, ``tf.Session``) are checked in ONE child process against
the installed Keras 3 (``TF_USE_LEGACY_KERAS`` unset): the names that do not import or resolve are
listed, since they keep a correctly migrated file from running on Keras 3. ``--no-names`` skips this.

``--write`` replaces the ``## real code`` section of ``benchmarks/RESULTS.md`` (every other section
stays as it is); ``--json FILE`` writes one record per call site; ``--diffs DIR`` one unified diff per
migrated file (code cells only for a notebook).
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import dataclasses
import difflib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tokenize
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import results  # noqa: E402  (benchmarks/results.py: machine facts, load sampler, RESULTS.md sections)

SECTION = "real code"
IMPORTS_SECTION = "real code: Keras 3 imports"
FAMILY = ("fit_generator", "evaluate_generator", "predict_generator")
CHECKPOINTS = ".ipynb_checkpoints"
VCS_DIRS = {".git", ".hg", ".svn"}
# Folders fitmigrate skips by default (besides .ipynb_checkpoints): a call found there is still scored,
# and its "missed" message says why.
DEFAULT_EXCLUDED = {"__pycache__", "build", "site-packages", "dist-packages", "node_modules", ".tox", ".nox",
                    "venv", ".venv", ".eggs"}
FILE_WIDE = ("FM001", "FM002", "FM004")  # the whole file (or notebook cell) was left alone
PYTHON_CELL_MAGICS = ("time", "timeit", "capture", "prun")
NAME_ROOTS = ("keras", "tensorflow")
FITMIGRATE_TIMEOUT = 900.0
NAMES_TIMEOUT = 900.0


# -- where the legacy calls are -----------------------------------------------------------------------


@dataclasses.dataclass
class Call:
    """One legacy call as ``ast`` sees it (``line``: where the call starts; ``attr_line``: the line of
    ``.fit_generator``; both within the cell for a notebook)."""

    method: str
    line: int
    attr_line: int
    end_line: int
    col: int
    text: str
    cell: Optional[int] = None
    by_tokens: bool = False  # the source did not parse: found token by token
    pragma: bool = False  # a `# fitmigrate: ignore` comment on one of its lines

    def key(self) -> Tuple[Optional[int], str, str]:
        return self.cell, self.method, self.text


@dataclasses.dataclass
class Unit:
    """A piece of Python to search: a whole ``.py`` file, or one code cell of a notebook."""

    text: str
    cell: Optional[int] = None
    skipped: bool = False  # a cell under a non-Python cell magic (%%bash ...)


_PRAGMA = re.compile(r"#.*fitmigrate:\s*ignore")
_MAGIC_ASSIGN = re.compile(r"^[A-Za-z_][\w.,\s]*=\s*[!%]")


def strip_ipython(text: str) -> Tuple[str, bool]:
    """A code cell with its IPython-only lines made ``pass`` (same indentation, same line count), and
    whether it is Python at all (False under ``%%bash``, ``%%writefile``...)."""
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if number == next((i for i, l in enumerate(lines) if l.strip()), -1) and stripped.startswith("%%"):
            name = re.match(r"%%(\w*)", stripped).group(1)
            if name not in PYTHON_CELL_MAGICS:
                return "", False
            out.append("")
            continue
        if stripped.startswith(("%", "!", "?")) or _MAGIC_ASSIGN.match(stripped) or \
                (stripped.rstrip().endswith("?") and not stripped.startswith("#")):
            out.append(indent + "pass")
        else:
            out.append(line)
    return "\n".join(out), True


def read_units(path: Path, data: bytes) -> List[Unit]:
    """The Python to search in one file; a notebook that is not JSON gives nothing."""
    if path.suffix == ".ipynb":
        try:
            document = json.loads(data.decode("utf-8-sig"))
            cells = document.get("cells") if isinstance(document, dict) else None
        except (ValueError, UnicodeDecodeError):
            return []
        units = []
        for number, cell in enumerate(cells or [], 1):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            stripped, python = strip_ipython(text)
            units.append(Unit(stripped, number, skipped=not python))
        return units
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        text = data.decode("utf-8", "replace")
    return [Unit(text.lstrip("\ufeff"))]


def find_calls(text: str, cell: Optional[int] = None) -> List[Call]:
    """The legacy calls in one piece of Python, in source order."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return _calls_by_tokens(text, cell)
    found = []
    lines = text.split("\n")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in FAMILY:
            end = node.end_lineno or node.lineno
            pragma = any(_PRAGMA.search(line) for line in lines[node.lineno - 1:end])
            found.append(Call(node.func.attr, node.lineno, node.func.end_lineno or node.lineno, end,
                              node.col_offset, ast.get_source_segment(text, node) or "", cell, pragma=pragma))
    found.sort(key=lambda c: (c.line, c.col))
    return found


def _calls_by_tokens(text: str, cell: Optional[int]) -> List[Call]:
    """``.name(`` outside comments and strings, for source ``ast`` rejects (Python 2, broken cells)."""
    found: List[Call] = []
    tokens: List[tokenize.TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT,
                                  tokenize.DEDENT):
                tokens.append(token)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # what was read so far still counts
    for i in range(1, len(tokens) - 1):
        token = tokens[i]
        if token.type == tokenize.NAME and token.string in FAMILY and tokens[i - 1].string == "." \
                and tokens[i + 1].string == "(":
            line = token.start[0]
            found.append(Call(token.string, line, line, line, token.start[1], text.split("\n")[line - 1].strip(),
                              cell, by_tokens=True))
    return found


def calls_in_file(path: Path) -> Tuple[List[Call], bool]:
    """The calls in one file and whether every piece of it parsed."""
    units = read_units(path, path.read_bytes())
    calls: List[Call] = []
    parsed = True
    for unit in units:
        if unit.skipped:
            continue
        found = find_calls(unit.text, unit.cell)
        if any(c.by_tokens for c in found) or (not found and not _parses(unit.text)):
            parsed = False
        calls.extend(found)
    return calls, parsed


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
        return True
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False


def source_files(root: Path) -> Iterable[Path]:
    """``.py`` and ``.ipynb`` files under ``root``, sorted, version-control folders left out."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in VCS_DIRS)
        for name in sorted(files):
            if name.endswith((".py", ".ipynb")):
                path = Path(folder) / name
                if path.is_file() and not path.is_symlink():
                    yield path


def might_hold_calls(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return any(name.encode() in data for name in FAMILY)


# -- fitmigrate as a subprocess -------------------------------------------------------------------------


@dataclasses.dataclass
class Diag:
    path: str
    line: int
    col: int
    code: str
    message: str
    cell: Optional[int] = None


_DIAG = re.compile(r"^(?P<path>.+?):(?:cell (?P<cell>\d+):)?(?P<line>\d+):(?P<col>\d+): (?P<code>FM\d{3}) (?P<msg>.*)$")


def parse_diagnostics(stderr: str, root: Path) -> List[Diag]:
    """``path:line:col: FMxxx message`` / ``path:cell N:line:col: ...`` lines of migrate's stderr, paths
    made relative to ``root``; a line that is not one continues the message before it."""
    found: List[Diag] = []
    for line in stderr.splitlines():
        match = _DIAG.match(line)
        if match:
            found.append(Diag(_relative(match.group("path"), root), int(match.group("line")), int(match.group("col")),
                              match.group("code"), match.group("msg"),
                              int(match.group("cell")) if match.group("cell") else None))
        elif found and line.strip() and not line.startswith("fitmigrate: ") and not line.startswith("Traceback"):
            found[-1].message += " " + line.strip()
    return found


def _relative(path: str, root: Path) -> str:
    if os.path.isabs(path):
        path = os.path.relpath(path, root)
    return Path(os.path.normpath(path)).as_posix()


def run_fitmigrate(python: str, copy: Path, args: Sequence[str], timeout: float,
                   source: Optional[Path] = None) -> Tuple[Optional[int], str, str, float]:
    """(exit code or None on timeout, stdout, stderr, seconds) of ``python -m fitmigrate migrate ARGS .``;
    ``source``: a folder holding the ``fitmigrate`` package to run instead of the installed one."""
    env = dict(os.environ, NO_COLOR="1")
    env.pop("TF_USE_LEGACY_KERAS", None)
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(source), *filter(None, [env.get("PYTHONPATH")])])
    started = time.perf_counter()
    try:
        # Every code, info notes included (FM101, FM004 decide outcomes): migrate shows them only when selected.
        done = subprocess.run([python, "-m", "fitmigrate", "migrate", "--no-cache", "--select", "ALL", *args, "."],
                              cwd=copy, env=env, capture_output=True, text=True, errors="replace", timeout=timeout)
        if done.returncode == 2 and "No such option" in done.stderr and "--select" in done.stderr:  # a fitmigrate from before --select
            done = subprocess.run([python, "-m", "fitmigrate", "migrate", "--no-cache", *args, "."], cwd=copy,
                                  env=env, capture_output=True, text=True, errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        return None, out, err, time.perf_counter() - started
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - started


def changed_by_diff(diff: str) -> Set[str]:
    """The files a ``migrate --diff`` output would change (relative paths)."""
    changed = set()
    for line in diff.splitlines():
        if line.startswith("+++ b/"):
            changed.add(Path(os.path.normpath(line[6:].rstrip("\t\n"))).as_posix())
    return changed


# -- one project ------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Site:
    repo: str
    file: str
    call: Call
    checkpoint: bool
    outcome: str = ""
    codes: List[str] = dataclasses.field(default_factory=list)
    message: str = ""
    # A refused call: did the second run (``--diff`` over the migrated copy) refuse it again?
    refused_again: Optional[bool] = None

    def record(self) -> dict:
        return {"repo": self.repo, "file": self.file, "line": self.call.line, "cell": self.call.cell,
                "attr_line": self.call.attr_line, "method": self.call.method, "outcome": self.outcome,
                "codes": self.codes, "message": self.message, "refused_again": self.refused_again}

    def where(self) -> str:
        cell = f"cell {self.call.cell}:" if self.call.cell is not None else ""
        return f"{self.file}:{cell}{self.call.line}"


@dataclasses.dataclass
class Project:
    name: str
    source: Path
    commit: str = ""
    expected: Optional[Tuple[int, int]] = None  # (calls, of which in .ipynb_checkpoints), from --corpus-list
    sites: List[Site] = dataclasses.field(default_factory=list)
    migrated_files: Dict[str, str] = dataclasses.field(default_factory=dict)  # file -> migrated text (for names)
    diffs: Dict[str, str] = dataclasses.field(default_factory=dict)
    files_scanned: str = ""
    seconds: float = 0.0
    error: str = ""
    missing_names: Dict[str, List[str]] = dataclasses.field(default_factory=dict)  # file -> names
    second_changed: Set[str] = dataclasses.field(default_factory=set)  # scored files a second run would change
    imports: Dict[str, "ImportCheck"] = dataclasses.field(default_factory=dict)  # migrated file -> import check
    left: Dict[str, List[Diag]] = dataclasses.field(default_factory=dict)  # file -> the second run's diagnostics


def _copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns(*VCS_DIRS))


def measure(project: Project, python: str, jobs: int, timeout: float, source: Optional[Path] = None,
            imports: bool = False) -> Project:
    """Find the calls in ``project.source``, migrate a copy, classify every call site; with ``imports``,
    import each migrated file of the copy under plain Keras 3 (``check_imports``)."""
    originals: Dict[str, Tuple[List[Call], bool]] = {}
    for path in source_files(project.source):
        if might_hold_calls(path):
            relative = path.relative_to(project.source).as_posix()
            originals[relative] = calls_in_file(path)
    work = Path(tempfile.mkdtemp(prefix="real_code_"))
    try:
        copy = work / project.name
        _copy_tree(project.source, copy)
        code, _, stderr, seconds = run_fitmigrate(python, copy, ["-j", str(jobs)], timeout, source)
        project.seconds = seconds
        summary = [l for l in stderr.splitlines() if l.startswith("fitmigrate: ")]
        project.files_scanned = summary[-1][len("fitmigrate: "):] if summary else ""
        crash = ""
        if code is None:
            crash = f"fitmigrate timed out after {timeout:.0f} s"
        elif code not in (0, 3) or "Traceback (most recent call last)" in stderr:
            tail = [l for l in stderr.splitlines() if l.strip()][-1:] or ["(no output)"]
            crash = f"fitmigrate crashed (exit {code}): {tail[0][:200]}"
        diagnostics = parse_diagnostics(stderr, copy)
        second_changed: Set[str] = set()
        again: Dict[str, List[Diag]] = defaultdict(list)
        if not crash:
            code2, diff2, stderr2, _ = run_fitmigrate(python, copy, ["--diff", "-j", str(jobs)], timeout, source)
            if code2 is None or code2 not in (0, 3) or "Traceback (most recent call last)" in stderr2:
                crash = f"the second fitmigrate run failed (exit {code2})"
            second_changed = changed_by_diff(diff2)
            for diagnostic in parse_diagnostics(stderr2, copy):
                again[diagnostic.path].append(diagnostic)
        project.error = crash
        project.left = dict(again)
        project.second_changed = {f for f in second_changed if CHECKPOINTS not in f.split("/")}
        by_file: Dict[str, List[Diag]] = defaultdict(list)
        for diagnostic in diagnostics:
            by_file[diagnostic.path].append(diagnostic)
        for relative, (calls, parsed_before) in sorted(originals.items()):
            checkpoint = CHECKPOINTS in relative.split("/")
            migrated_path = copy / relative
            sites = [Site(project.name, relative, call, checkpoint) for call in calls]
            project.sites.extend(sites)
            before = (project.source / relative).read_bytes()
            after = migrated_path.read_bytes() if migrated_path.exists() else b""
            changed = before != after
            if changed:
                project.diffs[relative] = _unified(relative, before, after)
            if checkpoint:
                for site in sites:
                    site.outcome = "checkpoint"
                    site.message = "in .ipynb_checkpoints (skipped by fitmigrate, not scored)" + \
                                   ("; but fitmigrate changed this file" if changed else "")
                continue
            after_calls, parsed_after = calls_in_file(migrated_path) if changed else (calls, parsed_before)
            line_map = _line_map(before, after) if changed and not relative.endswith(".ipynb") else None
            classify(sites, after_calls, by_file.get(relative, []), crash=crash, line_map=line_map,
                     parse_lost=changed and parsed_before and not parsed_after,
                     unstable=relative in second_changed, excluded=_excluded_folder(relative),
                     again=again.get(relative, []) if not crash else None)
            if changed and any(s.outcome == "migrated" for s in sites):
                project.migrated_files[relative] = migrated_source(migrated_path)
        if imports and not crash:
            project.imports = check_imports(python, copy, project.migrated_files)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return project


def _excluded_folder(relative: str) -> Optional[str]:
    for part in relative.split("/")[:-1]:
        if part in DEFAULT_EXCLUDED or part.endswith(".egg-info"):
            return part
    return None


def _line_map(before: bytes, after: bytes) -> Dict[int, int]:
    """Original line number -> migrated line number, for the lines the migration left as they were."""
    old = before.decode("utf-8", "replace").splitlines()
    new = after.decode("utf-8", "replace").splitlines()
    mapping: Dict[int, int] = {}
    for tag, i1, i2, j1, _j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                mapping[i1 + k + 1] = j1 + k + 1
    return mapping


def classify(sites: List[Site], after: List[Call], diagnostics: List[Diag], crash: str = "",
             parse_lost: bool = False, unstable: bool = False, excluded: Optional[str] = None,
             line_map: Optional[Dict[int, int]] = None, again: Optional[List[Diag]] = None) -> None:
    """Decide each call site's outcome in one file from the calls left after migration and the
    diagnostics migrate printed for that file. ``line_map`` (original line -> migrated line) tells
    identical calls apart: a call is kept only where its own line went. ``again``: the diagnostics of a
    second run over the migrated file, which must refuse each refused call again (at its new lines)."""
    before = [s.call for s in sites]
    if line_map is not None:
        before_keys = [c.key() + (line_map.get(c.line, -c.line),) for c in before]
        after_keys = [c.key() + (c.line,) for c in after]
    else:
        before_keys, after_keys = [c.key() for c in before], [c.key() for c in after]
    matcher = difflib.SequenceMatcher(None, before_keys, after_keys, autojunk=False)
    kept: Set[int] = set()
    half: Dict[int, str] = {}
    stray = 0
    kept_at: Dict[int, int] = {}  # original call index -> index of the same call after migration
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            kept.update(range(i1, i2))
            kept_at.update((i1 + k, j1 + k) for k in range(i2 - i1))
        elif tag == "replace":
            for k in range(min(i2 - i1, j2 - j1)):
                half[i1 + k] = after[j1 + k].text
            stray += max(0, (j2 - j1) - (i2 - i1))
        elif tag == "insert":
            stray += j2 - j1
    crashed = crash or next((f"fitmigrate internal error: FM003 {d.message}" for d in diagnostics if d.code == "FM003"), "")
    file_wide = [d for d in diagnostics if d.code in FILE_WIDE and d.cell is None]
    for index, site in enumerate(sites):
        call = site.call
        exact = [d for d in diagnostics if d.cell == call.cell and d.line in (call.line, call.attr_line)]
        inside = [d for d in diagnostics if d.cell == call.cell and call.line < d.line <= call.end_line
                  and d.line != call.attr_line]
        # a notebook cell that does not parse is named by FM002 at the cell, at the error's line
        cell_wide = [d for d in diagnostics if d.code in FILE_WIDE and call.cell is not None and d.cell == call.cell
                     and d not in exact]
        site.codes = sorted({d.code for d in exact + inside})
        refusing = [d for d in exact if _refuses(d.code)]
        inside_refusing = [d for d in inside if _refuses(d.code)]
        if crashed:
            site.outcome, site.message = "broken", crashed
        elif parse_lost:
            site.outcome, site.message = "broken", "the migrated file no longer parses"
        elif unstable:
            site.outcome, site.message = "broken", "a second fitmigrate run changes this file"
        elif index in half:
            site.outcome = "broken"
            site.message = f"half rewritten: a legacy call is left that differs from the original: {half[index][:160]}"
        elif index in kept:
            if refusing or inside_refusing:
                chosen = refusing or inside_refusing
                site.outcome = "refused"
                if again is not None and index in kept_at:
                    now = after[kept_at[index]]
                    site.refused_again = any(_refuses(d.code) and d.cell == now.cell and now.line <= d.line <= now.end_line
                                             for d in again) or any(d.code in FILE_WIDE for d in again)
                site.codes = sorted({d.code for d in chosen}) + [c for c in site.codes if c not in {d.code for d in chosen}]
                site.message = chosen[0].message + ("" if refusing else f" (diagnostic at line {chosen[0].line}, inside the call)")
            elif file_wide or cell_wide:
                chosen = (file_wide or cell_wide)[0]
                site.outcome, site.codes = "refused", [chosen.code] + [c for c in site.codes if c != chosen.code]
                if again is not None:
                    site.refused_again = any(d.code == chosen.code for d in again)
                site.message = f"{chosen.message} (file-wide diagnostic at line {chosen.line})" if not cell_wide or file_wide \
                    else f"{chosen.message} (cell-wide diagnostic at line {chosen.line})"
            else:
                site.outcome = "missed"
                notes = [f"{d.code} at line {d.line}" for d in exact + inside]
                why = []
                if notes:
                    why.append("only non-refusing diagnostics: " + ", ".join(notes))
                if call.pragma:
                    why.append("suppressed by a fitmigrate pragma")
                if excluded:
                    why.append(f"in folder {excluded!r}, which fitmigrate excludes by default")
                if call.by_tokens:
                    why.append("the file/cell does not parse with Python 3's ast")
                site.message = "; ".join(why) or "call left unchanged with no diagnostic at its lines"
        else:
            site.outcome = "migrated"
            site.message = ", ".join(f"{d.code} {d.message}" for d in exact + inside)[:300]
    if stray and not crashed and not parse_lost:
        for site in sites:
            if site.outcome == "migrated":
                site.outcome = "broken"
                site.message = f"{stray} legacy call(s) in the migrated file match no original call"


def _refuses(code: str) -> bool:
    return code.startswith(("FM0", "FM1")) and code != "FM003"


def migrated_source(path: Path) -> str:
    """The Python of a migrated file (a notebook's parseable code cells joined), for the names check."""
    units = read_units(path, path.read_bytes())
    return "\n".join(u.text for u in units if not u.skipped and (u.cell is None or _parses(u.text)))


def _unified(relative: str, before: bytes, after: bytes) -> str:
    if relative.endswith(".ipynb"):
        old, new = _cells_text(relative, before), _cells_text(relative, after)
    else:
        old = before.decode("utf-8", "replace").splitlines(keepends=True)
        new = after.decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, f"a/{relative}", f"b/{relative}"))


def _cells_text(relative: str, data: bytes) -> List[str]:
    try:
        cells = json.loads(data.decode("utf-8-sig")).get("cells", [])
    except (ValueError, UnicodeDecodeError, AttributeError):
        return data.decode("utf-8", "replace").splitlines(keepends=True)
    lines = []
    for number, cell in enumerate(cells, 1):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            lines.append(f"# %% cell {number}\n")
            lines.extend(line if line.endswith("\n") else line + "\n" for line in text.splitlines())
    return lines


# -- the Keras / TensorFlow names a migrated file uses ----------------------------------------------------


def collect_names(source: str) -> Dict[str, Optional[str]]:
    """Dotted names under ``keras`` / ``tensorflow`` that ``source`` imports or uses through its imports,
    each with the import statement that brings it in (None for a name only reached as an attribute).

    ``K.set_image_dim_ordering`` with ``from keras import backend as K`` is
    ``keras.backend.set_image_dim_ordering``; keyword arguments are not names. Imports in the body of a
    ``try`` that catches ImportError are left out (the file has a fallback); the fallback is checked."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return {}
    guarded: Set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(_catches_import_error(h) for h in node.handlers):
            for statement in node.body:
                guarded.update(id(n) for n in ast.walk(statement))
    aliases: Dict[str, str] = {}
    names: Dict[str, Optional[str]] = {}
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top not in NAME_ROOTS:
                    continue
                names[alias.name] = f"import {alias.name}"
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    aliases[top] = top
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            if node.module.split(".")[0] not in NAME_ROOTS:
                continue
            for alias in node.names:
                if alias.name == "*":
                    names[node.module] = f"from {node.module} import *"
                    continue
                dotted = f"{node.module}.{alias.name}"
                names[dotted] = f"from {node.module} import {alias.name}"
                aliases[alias.asname or alias.name] = dotted

    class Uses(ast.NodeVisitor):
        def visit_Attribute(self, node: ast.Attribute) -> None:
            chain = _chain(node)
            if chain is None:
                self.generic_visit(node)
            elif chain[0] in aliases and isinstance(node.ctx, ast.Load):
                names.setdefault(".".join([aliases[chain[0]], *chain[1:]]), None)

        def visit_Name(self, node: ast.Name) -> None:
            if node.id in aliases and isinstance(node.ctx, ast.Load):
                names.setdefault(aliases[node.id], None)

    Uses().visit(tree)
    return names


def _chain(node: ast.AST) -> Optional[List[str]]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(t, ast.Name) and t.id in ("ImportError", "ModuleNotFoundError", "Exception", "BaseException")
               for t in types)


NAMES_CHILD = r"""
import importlib, json, sys, warnings
warnings.simplefilter("ignore")
checks = json.load(sys.stdin)
out = {}

def walk(dotted):
    parts = dotted.split(".")
    try:
        obj = importlib.import_module(parts[0])
    except Exception as exc:
        return parts[0], f"{type(exc).__name__}: {exc}"
    path = parts[0]
    for part in parts[1:]:
        path += "." + part
        try:
            obj = getattr(obj, part)
            continue
        except Exception as exc:
            missing_attribute = f"{type(exc).__name__}: {exc}"
        try:
            obj = importlib.import_module(path)
        except ModuleNotFoundError as exc:
            return path, missing_attribute if exc.name == path else f"{type(exc).__name__}: {exc}"
        except Exception as exc:
            return path, f"{type(exc).__name__}: {exc}"
    return None, None

for dotted, statement in checks:
    missing, error = walk(dotted)
    if missing is None and statement:
        try:
            exec(statement, {})
        except Exception as exc:
            missing, error = dotted, f"{type(exc).__name__}: {exc}"
    out[dotted] = {"missing": missing, "error": (error or "")[:300]}
import keras
out["__versions__"] = {"keras": keras.__version__, "tensorflow": importlib.import_module("tensorflow").__version__}
sys.stdout.write("\n@@NAMES@@" + json.dumps(out))
"""


def check_names(python: str, names: Dict[str, Optional[str]], cache: Dict[str, dict]) -> Dict[str, dict]:
    """Resolve every name not yet in ``cache`` in one child process running plain Keras 3; the cache
    (name -> {"missing": the first dotted prefix that fails or None, "error"}) is filled and returned."""
    todo = sorted((n, s) for n, s in names.items() if n not in cache)
    if not todo:
        return cache
    env = {k: v for k, v in os.environ.items() if k != "TF_USE_LEGACY_KERAS"}
    env.update(TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="", PYTHONWARNINGS="ignore")
    done = subprocess.run([python, "-c", NAMES_CHILD], input=json.dumps(todo), capture_output=True, text=True,
                          env=env, timeout=NAMES_TIMEOUT, cwd=tempfile.gettempdir())
    if "@@NAMES@@" not in done.stdout:
        raise RuntimeError(f"the names check failed (exit {done.returncode}): {done.stderr[-2000:]}")
    cache.update(json.loads(done.stdout.rsplit("@@NAMES@@", 1)[1]))
    return cache


def missing_names(source: str, cache: Dict[str, dict]) -> List[str]:
    """The distinct failing prefixes among the names ``source`` uses (``keras.utils.np_utils`` once, not
    again for ``keras.utils.np_utils.to_categorical``)."""
    found = set()
    for name in collect_names(source):
        result = cache.get(name)
        if result and result.get("missing"):
            found.add(result["missing"])
    return sorted(found)


# -- the import check: does a migrated file get past its imports under plain Keras 3? ---------------------

IMPORTS_TIMEOUT = 120.0  # seconds per file (an imported project module may run code at its top level; shared cores)
_SETUP_CALLS = {("sys", "path", "append"), ("sys", "path", "insert"), ("sys", "path", "extend"),
                ("site", "addsitedir"), ("os", "environ", "setdefault"), ("os", "environ", "update"),
                ("matplotlib", "use")}


def import_program(source: str) -> Optional[str]:
    """What importing ``source`` runs, without its top-level code: its module-level imports (in
    ``try`` blocks with their handlers), the ``sys.path`` / ``os.environ`` settings between them (each
    in a ``try``: a setting that fails is not the import's fault); None when ``source`` does not parse.
    ``from __future__`` imports are left out (a notebook's cells are joined); imports under ``if``,
    ``with``, functions and classes are not run, as importing the module would not run them either
    (``if``: its test is top-level code)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    kept = _imports_of(tree.body)
    return ast.unparse(ast.Module(kept, [])) + "\n" if kept else ""


def _imports_of(body: List[ast.stmt]) -> List[ast.stmt]:
    kept: List[ast.stmt] = []
    for statement in body:
        if isinstance(statement, ast.Import):
            kept.append(statement)
        elif isinstance(statement, ast.ImportFrom):
            if statement.module != "__future__":
                kept.append(statement)
        elif isinstance(statement, ast.Try):
            inner = _imports_of(statement.body)
            if any(isinstance(s, (ast.Import, ast.ImportFrom, ast.Try)) for s in inner):
                handlers = [ast.ExceptHandler(h.type, h.name, _imports_of(h.body) or [ast.Pass()])
                            for h in statement.handlers]
                kept.append(ast.Try(inner, handlers, _imports_of(statement.orelse),
                                    _imports_of(statement.finalbody) if handlers else
                                    (_imports_of(statement.finalbody) or [ast.Pass()])))
        elif _is_setup(statement):
            kept.append(ast.Try([statement], [ast.ExceptHandler(ast.Name("Exception", ast.Load()), None, [ast.Pass()])],
                                [], []))
    return kept


def _is_setup(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        chain = _chain(statement.value.func)
        return chain is not None and tuple(chain) in _SETUP_CALLS
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        return isinstance(target, ast.Subscript) and _chain(target.value) == ["os", "environ"]
    return False


IMPORTS_CHILD = r'''
import importlib.abc, importlib.machinery, importlib.util, json, os, select, signal, sys, time, traceback, types
import warnings
warnings.simplefilter("ignore")
os.environ.pop("TF_USE_LEGACY_KERAS", None)
import tensorflow, keras  # loaded once: every file is checked in a fork of this process

jobs = json.load(sys.stdin)
OURS = ("keras", "tensorflow", "tf_keras")


class _StubMeta(type):
    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _StubMeta(name, (_Stub,), {})

    def __getitem__(cls, item):
        return cls

    def __iter__(cls):
        return iter(())


class _Stub(metaclass=_StubMeta):
    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _StubMeta(name, (_Stub,), {})

    def __call__(self, *args, **kwargs):
        return _Stub()


class _StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _StubMeta(name, (_Stub,), {})


class StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """A package this environment lacks (cv2, sklearn, ...) stands in as a stub, and is named: the
    check is about Keras 3, not about what else a project needs installed. Keras, TensorFlow and the
    project's own modules are never stubbed."""

    def __init__(self, root, front=False):
        self.root = root
        self.front = front  # first in sys.meta_path: only a folder that shadows a missing package
        self.stubbed = []

    def find_spec(self, fullname, path=None, target=None):
        top = fullname.split(".")[0]
        if self.front:
            return self._shadowed(fullname) if top == fullname and top not in OURS else None
        if top in OURS or top in sys.builtin_module_names:
            return None
        if top != fullname and top not in sys.modules:
            return None
        if top == fullname and (os.path.exists(os.path.join(self.root, top)) or
                                os.path.exists(os.path.join(self.root, top + ".py"))):
            return None
        if top == fullname:
            self.stubbed.append(top)
        elif not isinstance(sys.modules.get(top), _StubModule):
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def _shadowed(self, name):
        """A folder of data named like a package this environment lacks (``wandb/``, the runs its
        callback logged) would import as an empty namespace package: the package is missing."""
        spec = importlib.machinery.PathFinder.find_spec(name, sys.path)
        if spec is None or spec.origin not in (None, "namespace") or not spec.submodule_search_locations:
            return None
        for location in spec.submodule_search_locations:
            for _, dirs, files in os.walk(location):
                if any(f.endswith((".py", ".so", ".pyd")) for f in files):
                    return None
        self.stubbed.append(name)
        return importlib.machinery.ModuleSpec(name, self, is_package=True)

    def create_module(self, spec):
        module = _StubModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


def check(job):
    path, root = job["path"], job["root"]
    folder = os.path.dirname(path)
    os.chdir(folder)
    sys.path[:0] = [folder] + ([root] if root != folder else [])
    sys.argv = [path]
    finder = StubFinder(root)
    front = StubFinder(root, front=True)
    sys.meta_path.insert(0, front)
    sys.meta_path.append(finder)
    result = {"ok": False, "error": "", "where": "", "stubbed": [], "modules": []}
    try:
        compile(job["source"], path, "exec")
        code = compile(job["program"], path, "exec")
        exec(code, {"__name__": "__fitmigrate_import_check__", "__file__": path, "__builtins__": __builtins__})
        result["ok"] = True
    except BaseException as exc:  # SystemExit too: a module that exits when imported does not import
        result["error"] = f"{type(exc).__name__}: {exc}"[:400]
        frames = traceback.extract_tb(exc.__traceback__)
        own = [f for f in frames if f.filename.startswith(root + os.sep)]
        if isinstance(exc, SyntaxError) and exc.filename and exc.filename.startswith(root + os.sep):
            result["where"] = f"{os.path.relpath(exc.filename, root)}:{exc.lineno}"
        elif own:
            result["where"] = f"{os.path.relpath(own[-1].filename, root)}:{own[-1].lineno}"
    result["stubbed"] = sorted(set(finder.stubbed + front.stubbed))
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None) or ""
        if file.startswith(root + os.sep) and file.endswith(".py") and os.path.abspath(file) != path:
            result["modules"].append(os.path.relpath(file, root))
    result["modules"].sort()
    return result


results = {}
for job in jobs:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        try:
            out = json.dumps(check(job)).encode()
        except BaseException as exc:
            out = json.dumps({"ok": False, "error": f"check failed: {exc!r}"[:400], "where": "", "stubbed": [],
                              "modules": []}).encode()
        view = memoryview(out)
        while view:
            view = view[os.write(write, view):]
        os._exit(0)
    os.close(write)
    chunks, deadline = [], time.monotonic() + job["timeout"]
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            chunks = None
            break
        ready, _, _ = select.select([read], [], [], left)
        if ready:
            chunk = os.read(read, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    if chunks is None:
        results[job["id"]] = {"ok": False, "error": f"Timeout: the imports did not finish in {job['timeout']:.0f} s",
                              "where": "", "stubbed": [], "modules": []}
    elif not chunks:
        results[job["id"]] = {"ok": False, "error": f"Crash: the process died (status {status})", "where": "",
                              "stubbed": [], "modules": []}
    else:
        results[job["id"]] = json.loads(b"".join(chunks))
sys.stdout.write("\n@@IMPORTS@@" + json.dumps(results))
'''


@dataclasses.dataclass
class ImportCheck:
    """One migrated file under plain Keras 3: whether its imports ran, the first error and where it
    surfaced, the project modules it imported (whose names count against it), the packages stubbed."""

    file: str
    ran: bool
    error: str = ""
    where: str = ""
    stubbed: List[str] = dataclasses.field(default_factory=list)
    modules: Dict[str, str] = dataclasses.field(default_factory=dict)  # project module -> its source
    missing: List[Tuple[str, str]] = dataclasses.field(default_factory=list)  # (name, where it is used)

    @property
    def imports(self) -> bool:
        return self.ran and not self.missing

    def blocker(self) -> str:
        """What stops the file first, as one key to rank by (a dotted name where there is one)."""
        if not self.ran:
            return blocker_key(self.error)
        return self.missing[0][0] if self.missing else ""

    def blocker_where(self) -> str:
        if not self.ran:
            return self.where
        return self.missing[0][1] if self.missing else ""


_NO_MODULE = re.compile(r"^ModuleNotFoundError: No module named '([\w.]+)'")
_NO_NAME = re.compile(r"^ImportError: cannot import name '(\w+)' from '([\w.]+)'")
_NO_ATTRIBUTE = re.compile(r"^AttributeError: module '([\w.]+)' has no attribute '(\w+)'")


def blocker_key(error: str) -> str:
    for pattern, make in ((_NO_MODULE, lambda m: m.group(1)), (_NO_NAME, lambda m: f"{m.group(2)}.{m.group(1)}"),
                          (_NO_ATTRIBUTE, lambda m: f"{m.group(1)}.{m.group(2)}")):
        match = pattern.match(error)
        if match:
            return make(match)
    return error.split("\n")[0][:160]


def check_imports(python: str, root: Path, files: Dict[str, str], timeout: float = IMPORTS_TIMEOUT) -> Dict[str, ImportCheck]:
    """Each migrated file of the project copy at ``root`` (relative path -> its Python: a notebook's
    code cells joined) imported in a fork of one child process running plain Keras 3, the project on
    ``sys.path``; the project modules it imported are read while the copy exists."""
    if not files:
        return {}
    root = root.resolve()
    jobs = []
    for number, (relative, source) in enumerate(sorted(files.items())):
        program = import_program(source)
        jobs.append({"id": str(number), "file": relative, "path": str(root / relative), "root": str(root),
                     "source": source, "program": program if program is not None else source, "timeout": timeout})
    env = {k: v for k, v in os.environ.items() if k != "TF_USE_LEGACY_KERAS"}
    env.update(TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="", PYTHONWARNINGS="ignore", MPLBACKEND="Agg",
               PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    done = subprocess.run([python, "-c", IMPORTS_CHILD], input=json.dumps(jobs), capture_output=True, text=True,
                          env=env, timeout=timeout * len(jobs) + 300, cwd=tempfile.gettempdir())
    if "@@IMPORTS@@" not in done.stdout:
        raise RuntimeError(f"the import check failed (exit {done.returncode}): {done.stderr[-2000:]}")
    raw = json.loads(done.stdout.rsplit("@@IMPORTS@@", 1)[1])
    checks: Dict[str, ImportCheck] = {}
    for job in jobs:
        found = raw.get(job["id"], {})
        modules = {}
        for module in found.get("modules", []):
            try:
                modules[module] = (root / module).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
        checks[job["file"]] = ImportCheck(job["file"], bool(found.get("ok")), found.get("error", ""),
                                          found.get("where", ""), found.get("stubbed", []), modules)
    return checks


def names_against(check: ImportCheck, own: str, cache: Dict[str, dict]) -> List[Tuple[str, str]]:
    """The names Keras 3 lacks that the file uses, then those of the project modules it imported."""
    found = [(name, check.file) for name in missing_names(own, cache)]
    for module, source in sorted(check.modules.items()):
        found.extend((name, module) for name in missing_names(source, cache) if name not in {n for n, _ in found})
    return found




def reported_at(project: Project, check: ImportCheck) -> List[str]:
    """The FM4xx codes the second run (over the migrated copy) gives where the file's blocker is: at
    its line, or naming its last component in the module it is used in."""
    key = check.blocker()
    where = check.blocker_where()
    file, _, line = where.partition(":")
    leaf = key.rsplit(".", 1)[-1]
    found = []
    for diagnostic in project.left.get(file or check.file, []):
        if not diagnostic.code.startswith("FM4") and diagnostic.code not in ("FM306",):
            continue
        if (line and diagnostic.cell is None and str(diagnostic.line) == line) or leaf in diagnostic.message:
            found.append(diagnostic.code)
    return sorted(set(found))


def import_totals(projects: Sequence[Project]) -> Dict[str, object]:
    checks = [c for p in projects for c in p.imports.values()]
    blockers: Dict[str, List[Tuple[Project, ImportCheck]]] = defaultdict(list)
    for project in projects:
        for check in project.imports.values():
            if not check.imports:
                blockers[check.blocker()].append((project, check))
    return {"files": len(checks), "ran": sum(1 for c in checks if c.ran),
            "import": sum(1 for c in checks if c.imports),
            "blockers": sorted(blockers.items(), key=lambda item: (-len(item[1]), item[0]))}


def render_imports(projects: List[Project], context: Dict[str, str]) -> str:
    lines = [
        "Each file holding a call `fitmigrate migrate` migrated, imported under plain Keras 3 after the migration "
        "(`benchmarks/real_code.py`, the import check): in a fork of one child process per repository "
        "(`TF_USE_LEGACY_KERAS` unset, TensorFlow and Keras loaded once), the project's folder and the file's on "
        "`sys.path`, the file compiled whole and then only its module-level imports run (with the `sys.path` / "
        "`os.environ` settings between them; a notebook: the imports of its code cells), its top-level code "
        "not; the project modules it imports run as Python runs them. A package this environment lacks (`cv2` is "
        "installed; `sklearn`, `pandas`, `matplotlib` ... are not) is stubbed and named, not counted: the check "
        "is about Keras 3. **imports on Keras 3**: the imports ran, and neither the file nor a project module it "
        "imported uses a Keras / TensorFlow name plain Keras 3 lacks (the names check of `## real code`). "
        "**blocker**: the first error, else the first such name; **reported**: the FM4xx code the second "
        "`migrate` run gives there (empty: nothing says so).", ""]
    for key, value in context.items():
        lines.append(f"- {key}: {value}")
    lines.append("")
    totals = import_totals(projects)
    files = totals["files"] or 1
    lines.append(f"**{totals['import']} of {totals['files']} files ({100 * totals['import'] / files:.0f}%) import on "
                 f"Keras 3**; the imports of {totals['ran']} run ({100 * totals['ran'] / files:.0f}%), the rest stop "
                 "at an import.")
    lines.append("")
    lines.append("| blocker | files | repositories | reported |")
    lines.append("| --- | ---: | ---: | --- |")
    for key, items in totals["blockers"]:
        codes = sorted({c for project, check in items for c in reported_at(project, check)})
        lines.append(f"| `{_cell_text(key, 120).strip('`')}` | {len(items)} | {len({p.name for p, _ in items})} | "
                     f"{', '.join(codes)} |")
    lines.append("")
    lines.append("| repository | migrated calls | files with one | import on Keras 3 | blockers |")
    lines.append("| --- | ---: | ---: | ---: | --- |")
    for project in projects:
        if not project.imports:
            continue
        migrated = sum(1 for s in project.sites if s.outcome == "migrated")
        blocked = Counter(c.blocker() for c in project.imports.values() if not c.imports)
        lines.append(f"| {project.name} | {migrated} | {len(project.imports)} | "
                     f"{sum(1 for c in project.imports.values() if c.imports)} | "
                     + ", ".join(f"`{k}`" + (f" x{n}" if n > 1 else "") for k, n in blocked.most_common()) + " |")
    lines.append("")
    blocked = [(p, c) for p in projects for c in p.imports.values() if not c.imports]
    if blocked:
        lines.append("Each file that does not import, and what stops it:")
        lines.append("")
        for project, check in blocked:
            codes = reported_at(project, check)
            where = check.blocker_where()
            lines.append(f"- `{project.name}/{check.file}`: `{check.blocker()}`"
                         + (f" at `{where}`" if where else "")
                         + (f" ({check.error.splitlines()[0][:200]})" if not check.ran else " (a name Keras 3 lacks)")
                         + (f"; reported {', '.join(codes)}" if codes else "; not reported"))
        lines.append("")
    stubbed = Counter(name for p in projects for c in p.imports.values() for name in c.stubbed)
    if stubbed:
        lines.append("Stubbed (not installed here, not Keras): " + ", ".join(
            f"`{name}` x{n}" for name, n in sorted(stubbed.items(), key=lambda item: (-item[1], item[0]))) + ".")
        lines.append("")
    return "\n".join(lines)


# -- inputs -----------------------------------------------------------------------------------------------


def export_git(spec: str, target: Path) -> Tuple[str, Path, str]:
    """``[NAME=]GITDIR@COMMIT`` exported into a new folder under ``target``: (project name, folder, commit).
    ``git archive`` first; a snapshot without some blobs falls back to one ``cat-file`` per file,
    leaving out the blobs that are missing. The name is NAME, else the git directory's (its parent's for
    ``.git``)."""
    given, _, spec = spec.rpartition("=") if "=" in spec.split("@")[0] else ("", "", spec)
    gitdir, _, commit = spec.rpartition("@")
    if not gitdir or not commit:
        raise SystemExit(f"--git wants [NAME=]GITDIR@COMMIT, got {spec!r}")
    base = Path(gitdir).resolve()
    name = given or (base.parent.name if base.name == ".git" else re.sub(r"\.git$", "", base.name))
    folder = target / name
    folder.mkdir(parents=True)
    git = ["git", f"--git-dir={base}"]
    archive = subprocess.run([*git, "archive", "--format=tar", commit], capture_output=True)
    if archive.returncode == 0:
        try:
            _extract(archive.stdout, folder)
            return name, folder, commit
        except (tarfile.TarError, OSError):
            shutil.rmtree(folder)
            folder.mkdir(parents=True)
    listed = subprocess.run([*git, "ls-tree", "-r", "-z", commit], capture_output=True)
    if listed.returncode:
        raise SystemExit(f"--git {spec}: {listed.stderr.decode(errors='replace').strip()}")
    listing = listed.stdout
    entries = [item.split(b"\t", 1) for item in listing.split(b"\0") if item]
    blobs = [(meta.split()[0].decode(), meta.split()[2].decode(), path.decode("utf-8", "surrogateescape"))
             for meta, path in entries if meta.split()[1] == b"blob"]
    batch = subprocess.Popen([*git, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    skipped = 0
    for mode, sha, path in blobs:
        batch.stdin.write(sha.encode() + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            skipped += 1
            continue
        content = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        destination = folder / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            os.symlink(content.decode("utf-8", "surrogateescape"), destination)
        else:
            destination.write_bytes(content)
            if mode == "100755":
                destination.chmod(0o755)
    batch.stdin.close()
    batch.wait()
    if skipped:
        print(f"real_code: {name}: {skipped} blob(s) missing from the snapshot were left out", file=sys.stderr)
    return name, folder, commit


def read_corpus_list(path: Path) -> Dict[str, Tuple[str, Optional[Tuple[int, int]]]]:
    """``owner/name -> (commit, (calls, of which in .ipynb_checkpoints))`` from a markdown table with
    columns ``repository``, ``commit`` and optionally ``calls`` (such as ``40 (16 in .ipynb_checkpoints)``)."""
    found: Dict[str, Tuple[str, Optional[Tuple[int, int]]]] = {}
    header: List[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = []
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not header:
            header = [c.lower() for c in cells]
            continue
        if set(line) <= set("|-: "):
            continue
        row = dict(zip(header, cells))
        repo, commit = row.get("repository", ""), row.get("commit", "")
        if "/" not in repo:
            continue
        expected = None
        numbers = re.findall(r"\d+", row.get("calls", ""))
        if numbers:
            expected = (int(numbers[0]), int(numbers[1]) if len(numbers) > 1 and "checkpoint" in row["calls"] else 0)
        found[repo] = (commit, expected)
    return found


# -- report -----------------------------------------------------------------------------------------------


OUTCOMES = ("migrated", "refused", "missed", "broken")


def tally(sites: Iterable[Site]) -> Dict[str, object]:
    sites = list(sites)
    scored = [s for s in sites if s.outcome != "checkpoint"]
    counts = Counter(s.outcome for s in scored)
    codes = Counter(s.codes[0] for s in scored if s.outcome == "refused" and s.codes)
    return {"calls": len(scored), **{o: counts.get(o, 0) for o in OUTCOMES}, "codes": codes,
            "checkpoint": sum(1 for s in sites if s.outcome == "checkpoint")}


def second_run(project: Project) -> str:
    """What a second migrate over the migrated copy did: the files it would change, and how many of the
    calls the first run refused it refused again."""
    refused = [s for s in project.sites if s.outcome == "refused"]
    again = sum(1 for s in refused if s.refused_again)
    changes = (f"changes {len(project.second_changed)} file{'s' if len(project.second_changed) > 1 else ''}"
               if project.second_changed else "no change")
    return f"{changes}; {again}/{len(refused)} refused again" if not project.error else "not run"


def _codes_cell(codes: Counter) -> str:
    return ", ".join(f"{code} x{n}" for code, n in sorted(codes.items())) if codes else ""


def render(projects: List[Project], context: Dict[str, str], names_checked: bool) -> str:
    lines = []
    lines.append(
        "Every `fit_generator` / `evaluate_generator` / `predict_generator` call site of real projects, found "
        "with Python's `ast` (independently of fitmigrate's analyzer), and what `fitmigrate migrate` did to it "
        "on a temporary copy (`benchmarks/real_code.py`). **migrated**: the call is gone, the file parses, a "
        "second run changes nothing; **refused**: left with an FM0xx/FM1xx diagnostic at its line (first code "
        "shown); **missed**: left with nothing refusing said; **broken**: the file no longer parses, a second "
        "run changes it, the call was half rewritten, or fitmigrate crashed. Calls in `.ipynb_checkpoints` are "
        "counted apart and not scored (fitmigrate skips those folders). The last column lists the Keras / "
        "TensorFlow names the migrated files use that plain Keras 3 lacks (each resolved by import and "
        "attribute walk in one child process, `TF_USE_LEGACY_KERAS` unset): they keep a correctly migrated "
        "file from running, and are not counted against the migration.")
    lines.append("")
    for key, value in context.items():
        lines.append(f"- {key}: {value}")
    lines.append("")
    total = tally(s for p in projects for s in p.sites)
    lines.append("| | call sites | migrated | refused | missed | broken | in `.ipynb_checkpoints` (not scored) |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    calls = total["calls"] or 1
    lines.append(f"| **total** ({len(projects)} repositories) | {total['calls']} | "
                 + " | ".join(f"{total[o]} ({100 * total[o] / calls:.0f}%)" for o in OUTCOMES)
                 + f" | {total['checkpoint']} |")
    lines.append("")
    if total["codes"]:
        lines.append("Refusals by code: " + _codes_cell(total["codes"]) + ".")
        lines.append("")
    refused = [s for p in projects for s in p.sites if s.outcome == "refused"]
    unstable = [p.name for p in projects if p.second_changed]
    lines.append("Second run (`migrate --diff` over each migrated copy): "
                 + (f"changes files in {', '.join(unstable)}" if unstable else "changes no file in any repository")
                 + f"; {sum(1 for s in refused if s.refused_again)} of the {len(refused)} calls the first run refused "
                   "are refused again (each per repository in the table).")
    lines.append("")
    has_commit = any(p.commit for p in projects)
    has_expected = any(p.expected for p in projects)
    head = ["repository"] + (["commit"] if has_commit else []) + ["call sites"] + \
           (["expected"] if has_expected else []) + ["migrated", "refused (codes)", "missed", "broken",
                                                    "checkpoints", "second run", "names Keras 3 lacks (migrated files)"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("| " + " | ".join("---" if h in ("repository", "commit", "refused (codes)", "second run") or h.startswith("names")
                                   else "---:" for h in head) + " |")
    for project in projects:
        t = tally(project.sites)
        names = sorted({n for file_names in project.missing_names.values() for n in file_names})
        row = [project.name.replace("|", "\\|")] + ([project.commit[:10]] if has_commit else []) + [str(t["calls"])]
        if has_expected:
            row.append("" if not project.expected else str(project.expected[0] - project.expected[1]))
        refused = str(t["refused"]) + (f" ({_codes_cell(t['codes'])})" if t["codes"] else "")
        row += [str(t["migrated"]), refused, str(t["missed"]), str(t["broken"]), str(t["checkpoint"]),
                second_run(project), ", ".join(f"`{n}`" for n in names) if names_checked else "not checked"]
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    if has_expected:
        differ = [p for p in projects if p.expected and
                  (tally(p.sites)["calls"], tally(p.sites)["checkpoint"]) != (p.expected[0] - p.expected[1], p.expected[1])]
        if differ:
            lines.append("Call sites found differ from the corpus list in: " + ", ".join(
                f"{p.name} (found {tally(p.sites)['calls']} + {tally(p.sites)['checkpoint']} in checkpoints, "
                f"listed {p.expected[0] - p.expected[1]} + {p.expected[1]})" for p in differ) + ".")
        else:
            lines.append("The call sites found equal the corpus list's counts in every repository "
                         "(scored and in `.ipynb_checkpoints`).")
        lines.append("")
    examples: Dict[str, List[Site]] = defaultdict(list)
    for site in (s for p in projects for s in p.sites):
        if site.outcome == "refused" and site.codes:
            examples[site.codes[0]].append(site)
    if examples:
        lines.append("| refusal | calls | example |")
        lines.append("| --- | ---: | --- |")
        for code, items in sorted(examples.items()):
            site = items[0]
            lines.append(f"| {code} | {len(items)} | `{site.repo}/{site.where()}`: {_cell_text(site.message, 300)} |")
        lines.append("")
    problems = [s for p in projects for s in p.sites if s.outcome in ("missed", "broken")]
    if problems:
        lines.append("Missed and broken call sites:")
        lines.append("")
        for site in problems:
            lines.append(f"- {site.outcome}: `{site.repo}/{site.where()}` `{site.call.method}`: {site.message}")
        lines.append("")
    errors = [p for p in projects if p.error]
    for project in errors:
        lines.append(f"- {project.name}: {project.error}")
    if errors:
        lines.append("")
    return "\n".join(lines)


def _cell_text(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters for a markdown table cell, code spans kept balanced."""
    if len(text) > limit:
        text = text[:limit].rstrip() + "..."
    if text.count("`") % 2:
        text += "`"
    return text.replace("|", "\\|")


def console_table(projects: List[Project]) -> str:
    rows = [("repository", "calls", "migr", "refused", "missed", "broken", "ckpt", "second run", "names Keras 3 lacks")]
    for project in projects:
        t = tally(project.sites)
        names = sorted({n for v in project.missing_names.values() for n in v})
        rows.append((project.name, str(t["calls"]), str(t["migrated"]),
                     f"{t['refused']} {_codes_cell(t['codes'])}".strip(), str(t["missed"]), str(t["broken"]),
                     str(t["checkpoint"]), second_run(project), ", ".join(names)))
    t = tally(s for p in projects for s in p.sites)
    rows.append(("TOTAL", str(t["calls"]), str(t["migrated"]), f"{t['refused']} {_codes_cell(t['codes'])}".strip(),
                 str(t["missed"]), str(t["broken"]), str(t["checkpoint"]), "", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1] for r in rows)


def export_fitmigrate(revision: str, target: Path) -> str:
    """This repository's ``fitmigrate/`` package at ``revision``, exported into ``target``; the full commit."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", f"{revision}^{{commit}}"],
                            capture_output=True, text=True, check=True).stdout.strip()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit, "fitmigrate"],
                             capture_output=True, check=True).stdout
    _extract(archive, target)
    return commit


def _extract(archive: bytes, target: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:  # Python before 3.10.12 / 3.11.4; git archive output has no absolute or parent paths
            tar.extractall(target)


def fitmigrate_commit() -> str:
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "fitmigrate"],
                               capture_output=True, text=True).stdout.strip()
        return commit + (" (fitmigrate/ has uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


# -- main -------------------------------------------------------------------------------------------------


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, help="project checkouts, one project each")
    parser.add_argument("--corpus", type=Path, action="append", default=[],
                        help="a folder whose every subfolder is one project (repeatable)")
    parser.add_argument("--git", action="append", default=[], metavar="[NAME=]GITDIR@COMMIT",
                        help="a git directory and a commit, exported to a temporary folder (repeatable); named "
                             "NAME, else after the corpus-list entry with that commit, else after the directory")
    parser.add_argument("--corpus-list", type=Path, metavar="FILE",
                        help="markdown table with columns repository (owner/name), commit and calls: adds the "
                             "commit and the expected call count to the table (folder owner+name or name)")
    parser.add_argument("--write", action="store_true", help="replace the `## real code` section of RESULTS.md")
    parser.add_argument("--results", type=Path, default=results.RESULTS, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, metavar="FILE", help="write one record per call site")
    parser.add_argument("--diffs", type=Path, metavar="DIR", help="write one unified diff per migrated file")
    parser.add_argument("--no-names", action="store_true", help="skip the Keras 3 names check (no TensorFlow)")
    parser.add_argument("--no-imports", action="store_true",
                        help="skip the import check (each migrated file's imports run under plain Keras 3)")
    parser.add_argument("--write-imports", action="store_true",
                        help=f"replace the `## {IMPORTS_SECTION}` section of RESULTS.md with the import check")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="repositories migrated in parallel")
    parser.add_argument("--python", default=sys.executable, help="the interpreter with fitmigrate and Keras 3")
    parser.add_argument("--timeout", type=float, default=FITMIGRATE_TIMEOUT, help="seconds per fitmigrate run")
    parser.add_argument("--fitmigrate-commit", metavar="REV",
                        help="run fitmigrate as committed at REV (exported from this repository) instead of the "
                             "work tree, so that the figures belong to that commit")
    args = parser.parse_args(argv)

    listing = read_corpus_list(args.corpus_list) if args.corpus_list else {}
    by_folder = {}
    for repo, value in listing.items():
        by_folder[repo.replace("/", "+")] = value
        by_folder.setdefault(repo.split("/", 1)[1], value)
    exports = Path(tempfile.mkdtemp(prefix="real_code_git_"))
    try:
        projects: List[Project] = []
        for folder in args.folders:
            projects.append(Project(folder.resolve().name, folder.resolve()))
        for corpus in args.corpus:
            for folder in sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith(".")):
                projects.append(Project(folder.name, folder.resolve()))
        by_commit = {commit: repo.replace("/", "+") for repo, (commit, _) in listing.items() if commit}
        for number, spec in enumerate(args.git):
            name, folder, commit = export_git(spec, exports / str(number))
            if "=" not in spec.split("@")[0]:
                name = next((n for c, n in by_commit.items() if c.startswith(commit) or commit.startswith(c)), name)
            projects.append(Project(name, folder, commit=commit))
        if not projects:
            parser.error("no project given (FOLDER..., --corpus DIR or --git GITDIR@COMMIT)")
        for project in projects:
            if project.name in by_folder:
                commit, expected = by_folder[project.name]
                project.commit = project.commit or commit
                project.expected = expected

        source = None
        revision = f"git commit {fitmigrate_commit()} (work tree as it was)"
        if args.fitmigrate_commit:
            source = exports / "fitmigrate-src"
            full = export_fitmigrate(args.fitmigrate_commit, source)
            revision = f"git commit {full[:10]} (exported with --fitmigrate-commit; uncommitted changes not included)"
        inner_jobs = 1 if args.jobs > 1 else 0
        started = time.perf_counter()
        load_start = os.getloadavg()[0]
        with results.LoadSampler() as load:
            with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
                check = not args.no_names and not args.no_imports
                futures = [pool.submit(measure, p, args.python, inner_jobs, args.timeout, source, check)
                           for p in projects]
                for future in concurrent.futures.as_completed(futures):
                    project = future.result()
                    t = tally(project.sites)
                    print(f"real_code: {project.name}: {t['calls']} calls, {t['migrated']} migrated, "
                          f"{t['refused']} refused, {t['missed']} missed, {t['broken']} broken "
                          f"({project.seconds:.1f} s){' ' + project.error if project.error else ''}",
                          file=sys.stderr)
            names_seconds = 0.0
            versions: Dict[str, str] = {}
            cache: Dict[str, dict] = {}
            if not args.no_names:
                wanted: Dict[str, Optional[str]] = {}
                for project in projects:
                    sources = list(project.migrated_files.values())
                    sources += [text for check in project.imports.values() for text in check.modules.values()]
                    for source in sources:
                        for name, statement in collect_names(source).items():
                            if wanted.get(name) is None:
                                wanted[name] = statement
                names_started = time.perf_counter()
                check_names(args.python, wanted, cache)
                names_seconds = time.perf_counter() - names_started
                versions = cache.pop("__versions__", {}) or {}
                for project in projects:
                    for file, source in sorted(project.migrated_files.items()):
                        missing = missing_names(source, cache)
                        if missing:
                            project.missing_names[file] = missing
                    for file, check in project.imports.items():
                        check.missing = names_against(check, project.migrated_files[file], cache)
        elapsed = time.perf_counter() - started
        facts = results.machine()
        context = {
            "date": facts["date"],
            "machine": f"{facts['nproc']} cores (nproc), {facts['cpu']}, {facts['memory']}, Python {facts['python']}",
            "fitmigrate": revision,
            "names checked against": (f"Keras {versions.get('keras', '?')} / TensorFlow {versions.get('tensorflow', '?')}"
                                      if not args.no_names else "not checked (--no-names)"),
            "load average (1 min)": f"start {load_start:.2f}, end {os.getloadavg()[0]:.2f}; during the run "
                                    f"{load.summary()} (other sessions may share the cores)",
            "time": f"{elapsed:.0f} s wall with -j {args.jobs} (names check {names_seconds:.0f} s, one child process)",
        }
        sites = [s for p in projects for s in p.sites]
        print(console_table(projects))
        refusal_examples = defaultdict(list)
        for site in sites:
            if site.outcome == "refused" and site.codes:
                refusal_examples[site.codes[0]].append(site)
        for code, items in sorted(refusal_examples.items()):
            print(f"\n{code} x{len(items)}:")
            for site in items[:3]:
                print(f"  {site.repo}/{site.where()}: {site.message[:240]}")
        for site in sites:
            if site.outcome in ("missed", "broken"):
                print(f"{site.outcome.upper()}: {site.repo}/{site.where()} {site.call.method}: {site.message}")
        for project in projects:
            for file, names in sorted(project.missing_names.items()):
                print(f"names: {project.name}/{file}: {', '.join(names)}")
        if any(p.imports for p in projects):
            totals = import_totals(projects)
            print(f"\nimports: {totals['import']} of {totals['files']} migrated files import on Keras 3 "
                  f"({totals['ran']} get past their imports)")
            for key, items in totals["blockers"]:
                print(f"  {len(items):3d}  {key}  ({', '.join(sorted({p.name for p, _ in items}))})")
            for project in projects:
                for check in project.imports.values():
                    if not check.imports:
                        print(f"blocked: {project.name}/{check.file}: {check.blocker()} at {check.blocker_where()} "
                              f"[{', '.join(reported_at(project, check)) or 'not reported'}] {check.error[:160]}")

        if args.json:
            errors = {r["missing"]: r.get("error", "") for r in cache.values() if isinstance(r, dict) and r.get("missing")}
            document = {"context": context, "calls": [s.record() for s in sites], "name_errors": errors,
                        "repositories": [{"repo": p.name, "commit": p.commit, "seconds": round(p.seconds, 2),
                                          "fitmigrate_summary": p.files_scanned, "error": p.error,
                                          **{k: v for k, v in tally(p.sites).items() if k != "codes"},
                                          "codes": dict(tally(p.sites)["codes"]),
                                          "missing_names": p.missing_names,
                                          "imports": {f: {"imports": c.imports, "ran": c.ran, "error": c.error,
                                                          "where": c.where, "blocker": c.blocker(),
                                                          "blocker_where": c.blocker_where(),
                                                          "reported": reported_at(p, c), "stubbed": c.stubbed,
                                                          "modules": sorted(c.modules), "missing": c.missing}
                                                      for f, c in sorted(p.imports.items())}}
                                         for p in projects]}
            args.json.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        if args.diffs:
            for project in projects:
                for file, diff in sorted(project.diffs.items()):
                    if any(s.file == file and s.outcome == "migrated" for s in project.sites) or \
                            any(s.file == file and s.outcome == "broken" for s in project.sites):
                        target = args.diffs / project.name / (file + ".diff")
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_text(diff, encoding="utf-8")
        if args.write:
            body = render(projects, context, not args.no_names)
            body += "\n" + REPRODUCE
            results.replace_section(SECTION, body, args.results)
        if args.write_imports and any(p.imports for p in projects):
            results.replace_section(IMPORTS_SECTION, render_imports(projects, context), args.results)
    finally:
        shutil.rmtree(exports, ignore_errors=True)
    return 0


REPRODUCE = """To reproduce: clone each repository of the development corpus list (`dev-corpus.md` in the shared notes:
owner/name and commit for each) and export it at its commit into one folder per repository named `owner+name`
(`git -C CLONE archive COMMIT | tar -x -C corpus/owner+name`; or pass `--git CLONE/.git@COMMIT` instead of
exporting), then run, with the project's virtualenv (fitmigrate, TensorFlow and Keras 3 installed) and COMMIT
the fitmigrate commit named above:
`python benchmarks/real_code.py --corpus corpus --corpus-list dev-corpus.md --fitmigrate-commit COMMIT -j 2 --write --json real_code.json --diffs real_code_diffs`.
`--no-names` skips the Keras 3 names check and needs no TensorFlow.
"""


if __name__ == "__main__":
    sys.exit(main())
