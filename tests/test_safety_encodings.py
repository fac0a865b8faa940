"""Promise: a changed file keeps its encoding and layout, byte for byte outside the rewritten call.

Each variant below is a legacy training script written one unusual way (a BOM, a PEP 263 cookie with
non-ASCII bytes elsewhere in the file, CRLF, tabs, no final newline, form feeds, a Shift_JIS file
whose multibyte characters contain the byte of a backslash, an executable script). All of them are
migrated together by the real command; then each file must: be migrated, keep its mode bits, its BOM
and cookie, its newline style and indentation, have every byte before and after the call unchanged
(``import tensorflow as tf`` aside), still be read by CPython in its own encoding, equal exactly what
``migrate_bytes`` produces, and come out of a second run unchanged.
"""

from __future__ import annotations

import ast
import codecs
import re
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional

import pytest

from fitmigrate.migrate import migrate_bytes

CALL_START = "self.model.fit_generator("
CALL_END = "nb_worker=4)"


@dataclass(frozen=True)
class Variant:
    newline: str = "\n"
    indent: str = "    "
    encoding: str = "utf-8"
    bom: bool = False
    cookie: Optional[str] = None
    shebang: bool = False
    final_newline: bool = True
    form_feeds: bool = False
    tf_imported: bool = False
    call_last: bool = False  # the call is the file's last line
    mode: int = 0o644
    text: str = "déjà vu"  # non-ASCII text in a comment, a string and a comment inside the call

    def source(self) -> bytes:
        i = self.indent
        lines = []
        if self.shebang:
            lines.append("#!/usr/bin/env python")
        if self.cookie:
            lines.append(self.cookie)
        lines += [f"# Data: {self.text}", "import numpy as np"]
        if self.tf_imported:
            lines.append("import tensorflow as tf")
        lines += ["", "", "def batches(batch_size=32):", f"{i}while True:",
                  f"{i}{i}yield np.random.rand(batch_size, 8), np.random.rand(batch_size, 1)"]
        if self.form_feeds:
            lines += ["\f", "", "\f# section two"]
        lines += ["", "", "class Trainer:", f"{i}def train(self):", f"{i}{i}label = {self.text!r}",
                  f"{i}{i}{CALL_START}batches(64), samples_per_epoch=6400, nb_epoch=2,",
                  f"{i}{i}{' ' * len(CALL_START)}verbose=1,  # {self.text}",
                  f"{i}{i}{' ' * len(CALL_START)}{CALL_END}"]
        if not self.call_last:
            lines += [f"{i}{i}return label  # {self.text}"]
            if self.form_feeds:
                lines += ["\f"]
        text = self.newline.join(lines) + (self.newline if self.final_newline else "")
        return (codecs.BOM_UTF8 if self.bom else b"") + text.encode(self.encoding)


VARIANTS: Dict[str, Variant] = {
    "utf8_bom": Variant(bom=True),
    "latin1_cookie": Variant(encoding="latin-1", cookie="# -*- coding: latin-1 -*-"),
    "latin1_vim_cookie_after_shebang_executable": Variant(encoding="latin-1", shebang=True, mode=0o755,
                                                          cookie="# vim: set fileencoding=latin-1 :"),
    "shift_jis_backslash_bytes": Variant(encoding="shift_jis", cookie="# coding: shift_jis", text="ソ表能"),
    "crlf": Variant(newline="\r\n"),
    "tabs": Variant(indent="\t", mode=0o600),
    "no_final_newline": Variant(final_newline=False),
    "call_on_last_line_without_newline": Variant(final_newline=False, call_last=True),
    "form_feeds": Variant(form_feeds=True, mode=0o664),
    "tensorflow_already_imported": Variant(tf_imported=True),
    "bom_crlf_tabs_form_feeds_no_final_newline": Variant(bom=True, newline="\r\n", indent="\t", form_feeds=True,
                                                         final_newline=False, mode=0o750),
    "latin1_crlf_tabs": Variant(encoding="latin-1", cookie="# -*- coding: latin-1 -*-", newline="\r\n",
                                indent="\t"),
}


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fitmigrate", "migrate", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """Every variant written to one folder, then one real `migrate` run over it."""
    root = tmp_path_factory.mktemp("encodings")
    for name, variant in VARIANTS.items():
        path = root / f"{name}.py"
        path.write_bytes(variant.source())
        path.chmod(variant.mode)
    result = _run("-j", "1", str(root))
    assert result.returncode == 0, result.stderr
    assert f"{len(VARIANTS)} changed" in result.stderr, result.stderr
    return root


def _split(data: bytes, variant: Variant):
    """The bytes before and after the legacy call."""
    start = data.index(CALL_START.encode(variant.encoding))
    end = data.index(CALL_END.encode(variant.encoding)) + len(CALL_END)
    return data[:start], data[end:]


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_layout_and_encoding_are_kept(migrated, name):
    variant = VARIANTS[name]
    original = variant.source()
    path = migrated / f"{name}.py"
    new = path.read_bytes()
    nl = variant.newline.encode()

    assert new == migrate_bytes(original, path).new, "the written bytes are not what migrate computed"
    assert b"fit_generator" not in new and b"self.model.fit(" in new
    assert stat.S_IMODE(path.stat().st_mode) == variant.mode

    # Bytes outside the call: identical, except the one import line added after `import numpy as np`.
    before, after = _split(original, variant)
    if not variant.tf_imported:
        numpy_line = b"import numpy as np" + nl
        before = before.replace(numpy_line, numpy_line + b"import tensorflow as tf" + nl, 1)
    assert new.startswith(before)
    assert new.endswith(after)

    # Encoding: BOM and cookie where they were; CPython reads the file in its own encoding.
    assert new.startswith(codecs.BOM_UTF8) == variant.bom
    if variant.cookie:
        assert variant.cookie.encode() in new.split(nl)[:2]
    ast.parse(new)
    text = new[len(codecs.BOM_UTF8) if variant.bom else 0:].decode(variant.encoding)
    assert text.count(variant.text) == original.decode(variant.encoding, errors="ignore").count(variant.text)

    # Layout inside the rewritten call too: newline style, indentation, final newline, form feeds.
    if nl == b"\r\n":
        assert not re.search(rb"[^\r]\n|\r[^\n]", new), "a bare LF or CR in a CRLF file"
    else:
        assert b"\r" not in new
    if variant.indent == "\t":
        assert not re.search(rb"(^|\n) ", new), "a space-indented line in a tab-indented file"
        assert b"\n\t\t\tlambda: batches(64)," in new  # the new lines are indented with tabs too
    assert new.endswith(nl) == variant.final_newline
    assert new.count(b"\f") == original.count(b"\f")


def test_second_run_changes_nothing(migrated):
    before = {p: p.read_bytes() for p in migrated.glob("*.py")}
    result = _run("-j", "1", str(migrated))
    assert result.returncode == 0, result.stderr
    assert "0 changed" in result.stderr
    assert {p: p.read_bytes() for p in migrated.glob("*.py")} == before


# LibCST (1.9.0) does not give back byte for byte every file it parses: left alone, a changed file
# would lose bytes far from the call. `migrate_bytes` compares LibCST's re-print with the input and
# splices the rewritten lines into the original bytes, or refuses the file (FM003, left untouched).
LEGACY_TAIL = (b"import numpy as np\nimport tensorflow as tf\n\n\ndef batches():\n    while True:\n"
               b"        yield np.zeros((4, 2)), np.zeros((4, 1))\n\n\nmodel.fit_generator(batches(), steps_per_epoch=2)\n")
LOSSY = {
    # https://github.com/Instagram/LibCST/issues/1457: `except X :` loses the space before the colon.
    "space_before_except_colon": b"try:\n    pass\nexcept (OSError, ValueError) :\n    pass\n" + LEGACY_TAIL,
    # Blank lines before a last line that is indented (whitespace, a comment) vanish.
    "blank_lines_before_indented_last_comment": LEGACY_TAIL + b"\n\n    # end of file\n",
    "blank_lines_before_trailing_whitespace": LEGACY_TAIL + b"\n\n   ",
    "blank_line_before_form_feed_line_at_end": LEGACY_TAIL + b"\n\f\n",
    # Old Mac line endings: the final CR vanishes.
    "cr_line_endings": LEGACY_TAIL.replace(b"\n", b"\r"),
}


@pytest.mark.parametrize("name", sorted(LOSSY))
def test_bytes_libcst_cannot_reproduce_are_never_lost(name):
    data = LOSSY[name]
    outcome = migrate_bytes(data, f"{name}.py")
    if not outcome.changed:  # refused: the file is left as it was, with an error that says why
        assert outcome.error and outcome.diagnostics
        return
    call = data.index(b"model.fit_generator(")
    end = data.index(b"steps_per_epoch=2)", call) + len(b"steps_per_epoch=2)")
    assert outcome.new.startswith(data[:call]) and outcome.new.endswith(data[end:])


@pytest.mark.xfail(strict=True, reason="migrate.py splice() refuses (FM003) when LibCST drops whole lines (blank lines "
                                       "before an indented last line at the end of the file) or the final CR of a "
                                       "CR-only file; aligning original and re-print line by line (a second difflib "
                                       "pass) would keep those bytes and still migrate the call")
@pytest.mark.parametrize("name", sorted(set(LOSSY) - {"space_before_except_colon"}))
def test_layouts_libcst_reprints_differently_are_still_migrated(name):
    outcome = migrate_bytes(LOSSY[name], f"{name}.py")
    assert outcome.changed, outcome.error
