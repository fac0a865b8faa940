"""Promise: a file with no candidate call is byte-identical after ``migrate``, over a large real tree.

The standard library is copied to a temporary folder and migrated by the real command (``python -m
fitmigrate migrate -j 2``), then every file of the tree (not only the ``.py`` ones) is compared with
its hash from before; the Keras modules of the test environment that do name ``fit_generator`` join
the tree. A second pass appends a legacy call to a sample of those real files, so the parser, the
analyzer and the rewriter all run on real code, and checks that every original byte is still there,
in front of the migrated call. A third gives a candidate name to every stdlib file CPython itself
rejects (lib2to3's Python 2 test data, the tokenizer's bad-encoding data): each is named, with FM001
or FM002, and left as it was.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import warnings
from pathlib import Path
from typing import Dict, List, Tuple

import libcst as cst
import pytest

from fitmigrate.files import discover
from fitmigrate.migrate import migrate_bytes

STDLIB = Path(sysconfig.get_paths()["stdlib"])
SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])
DIAGNOSTIC = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>FM\d{3}) ", re.M)

# Valid Python 3 (CPython compiles them) that LibCST's parser rejects, so `migrate` reports FM002.
# Both hold a parenthesized annotated assignment target: `(pars): bool = True`.
LIBCST_PARSER_GAPS = {"test/test_grammar.py", "test/typinganndata/ann_module.py"}

# What is appended to a sampled real file: a provable generator and a legacy call. The module already
# imports tensorflow (at the end), so nothing is inserted at the top and every original byte stays put.
PROBE = (
    b"\n\nimport numpy as _fm_np\nimport tensorflow as tf\n\n\n"
    b"def _fm_probe_batches(batch_size=8):\n"
    b"    while True:\n"
    b"        yield _fm_np.zeros((batch_size, 3), dtype='float32'), _fm_np.zeros((batch_size, 1), dtype='float32')\n\n\n"
    b"_fm_model.fit_generator(_fm_probe_batches(), steps_per_epoch=4, epochs=2)\n"
)
CACHE_DIR = ".fitmigrate_cache"
SAMPLE_EVERY = 12  # every 12th small stdlib module: ~130 files
SAMPLE_MAX_BYTES = 40_000
# Real modules LibCST re-prints differently (`except (A, B) :` loses its space): always in the sample.
ALWAYS_SAMPLED = ("webbrowser.py", "test/test_posix.py")


def _hashes(root: Path) -> Dict[str, Tuple[str, int]]:
    """Every file under ``root`` (symlinks as their target text): content hash and mode."""
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != CACHE_DIR]  # the result cache fitmigrate keeps at the root
        for name in files:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = ("link:" + os.readlink(path), 0)
            else:
                found[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mode)
    return found


def _migrate_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fitmigrate", "migrate", *args], capture_output=True, text=True,
                          timeout=300)


def _compiles(data: bytes) -> bool:
    """Whether CPython's own parser accepts ``data`` (grammar and encoding; not compile-time checks
    such as unknown ``__future__`` features, which are no reason to refuse a file)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(data)
        except (SyntaxError, ValueError):
            return False
    return True


def _errors(stderr: str, root: Path) -> Dict[str, str]:
    """Relative path -> code of every error-severity file diagnostic in ``stderr``."""
    found = {}
    for match in DIAGNOSTIC.finditer(stderr):
        if match["code"] in {"FM001", "FM002", "FM003"}:
            found[Path(match["path"]).resolve().relative_to(root.resolve()).as_posix()] = match["code"]
    return found


@pytest.fixture(scope="module")
def stdlib_tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tree") / "stdlib"
    shutil.copytree(STDLIB, root, symlinks=True,
                    ignore=shutil.ignore_patterns("site-packages", "dist-packages", "__pycache__", "*.pyc"))
    return root


def test_tree_without_candidates_is_byte_identical(stdlib_tree, tmp_path):
    # Real modules that do name fit_generator (Keras' own definitions) join the tree: the analyzer
    # must leave a library's definitions and internal calls exactly as they are, or rewrite them cleanly.
    third_party = stdlib_tree.parent / "third_party"
    for package in ("keras", "tf_keras", "tensorflow/python/keras"):
        folder = SITE_PACKAGES / package
        if not folder.is_dir():
            continue
        for path in folder.rglob("*.py"):
            data = path.read_bytes()
            if b"fit_generator" in data or b"evaluate_generator" in data or b"predict_generator" in data:
                copy = third_party / path.relative_to(SITE_PACKAGES)
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(data)
    before = _hashes(stdlib_tree.parent)
    assert len([p for p in before if p.endswith(".py")]) > 1000

    result = _migrate_cli("-j", "2", str(stdlib_tree.parent))

    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "0 errors" in result.stderr
    after = _hashes(stdlib_tree.parent)
    assert after.keys() == before.keys(), "files appeared or vanished (a temporary file left behind?)"
    cache = stdlib_tree.parent / CACHE_DIR
    if cache.exists():  # the only thing a run may add: its cache, and nothing but cache files in it
        assert all(n in (".gitignore", "CACHEDIR.TAG") or n.endswith(".json") for n in os.listdir(cache))
    changed = sorted(p for p in before if before[p] != after[p])
    for rel in changed:  # only a file with a real legacy call may change, and then it must be sound
        assert rel.startswith("third_party/"), f"{rel} has no candidate call but was rewritten"
        data = (stdlib_tree.parent / rel).read_bytes()
        cst.parse_module(data)
        assert not migrate_bytes(data, rel).changed, f"{rel}: a second run changes it again"


def _sample(root: Path) -> List[Path]:
    files = sorted(p for p in root.rglob("*.py") if p.stat().st_size < SAMPLE_MAX_BYTES)
    chosen = set(files[::SAMPLE_EVERY]) | {root / rel for rel in ALWAYS_SAMPLED if (root / rel).exists()}
    return sorted(chosen)


def test_real_modules_keep_every_byte_when_a_call_is_migrated_in_them(stdlib_tree, tmp_path):
    """The parser, analyzer and rewriter run on ~130 real modules: each one's own bytes come out intact."""
    probe_root = tmp_path / "probed"
    originals: Dict[str, bytes] = {}
    for path in _sample(stdlib_tree):
        rel = path.relative_to(stdlib_tree).as_posix()
        data = path.read_bytes()
        originals[rel] = data
        copy = probe_root / rel
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(data + PROBE)
    assert len(originals) > 100
    # Folders the walk skips by default (the stdlib's own `venv` package...) are left alone entirely.
    walked = {p.relative_to(probe_root).as_posix() for p in discover([probe_root])}

    result = _migrate_cli("-j", "2", "-q", str(probe_root))

    errors = _errors(result.stderr, probe_root)
    assert "FM003" not in errors.values(), {p: c for p, c in errors.items() if c == "FM003"}
    assert "Traceback" not in result.stderr
    assert result.returncode == (3 if errors else 0), result.stderr[-3000:]
    for rel, code in errors.items():  # refused files: genuinely not Python 3, or a known LibCST gap
        assert rel in LIBCST_PARSER_GAPS or not _compiles(originals[rel] + PROBE), f"{rel}: {code} on valid Python"
        assert (probe_root / rel).read_bytes() == originals[rel] + PROBE
    migrated = 0
    for rel, data in originals.items():
        if rel not in walked:
            assert (probe_root / rel).read_bytes() == data + PROBE, f"{rel} is not walked but was changed"
            continue
        if rel in errors:
            continue
        new = (probe_root / rel).read_bytes()
        assert new.startswith(data), f"{rel}: bytes of the original module changed"
        tail = new[len(data):]
        assert b"_fm_model.fit(" in tail and b"fit_generator" not in tail, f"{rel}: probe call not migrated"
        migrated += 1
        assert _compiles(new), f"{rel}: migrated module does not parse"
    assert migrated >= 0.9 * len(walked)

    again = _migrate_cli("-j", "2", "-q", "--check", str(probe_root))
    assert again.returncode in (0, 3) and "0 would change" in again.stderr, again.stderr[-2000:]


def test_unparsable_files_in_the_standard_library_are_named_not_touched(stdlib_tree, tmp_path):
    """Every stdlib file CPython itself rejects (lib2to3's Python 2 test data, tokenizer test data),
    given a candidate name so it is really parsed, gets FM001/FM002, exit 3, and stays as it was."""
    bad_root = tmp_path / "bad"
    originals: Dict[str, bytes] = {}
    for path in sorted(stdlib_tree.rglob("*.py")):
        data = path.read_bytes()
        if len(data) < SAMPLE_MAX_BYTES * 4 and not _compiles(data):
            rel = path.relative_to(stdlib_tree).as_posix()
            originals[rel] = data + b"\n# model.fit_generator\n"
            (bad_root / rel).parent.mkdir(parents=True, exist_ok=True)
            (bad_root / rel).write_bytes(originals[rel])
    assert len(originals) >= 5, sorted(originals)
    (bad_root / "good.py").write_bytes(PROBE)

    result = _migrate_cli("-j", "1", str(bad_root))

    assert result.returncode == 3, result.stderr
    errors = _errors(result.stderr, bad_root)
    assert set(errors) == set(originals), result.stderr
    assert set(errors.values()) <= {"FM001", "FM002"}, errors
    for rel, data in originals.items():
        assert (bad_root / rel).read_bytes() == data
    assert b"_fm_model.fit(" in (bad_root / "good.py").read_bytes()  # the bad files did not stop it
