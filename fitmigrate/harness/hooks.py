"""Patch a framework the moment the script imports it.

The child never imports TensorFlow, Keras or tf_keras itself: a script that fails before importing them
fails fast, and one that uses Keras 3 does not pay for importing tf_keras just to be patched.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys
from types import ModuleType
from typing import Callable, Dict, List

Patch = Callable[[ModuleType], None]

#: Directories of the frameworks patched so far: frames there are never the user's call site.
LIBRARY_DIRS: List[str] = [os.path.dirname(os.path.abspath(__file__)) + os.sep]


class PatchOnImport(importlib.abc.MetaPathFinder):
    """Runs ``patches[name](module)`` right after the top-level module ``name`` is first executed."""

    def __init__(self, patches: Dict[str, Patch]):
        self.patches = dict(patches)
        self._finding: set = set()

    def install(self) -> None:
        for name in list(self.patches):
            if name in sys.modules:
                self._apply(name, sys.modules[name])
        if self.patches:
            sys.meta_path.insert(0, self)

    def find_spec(self, fullname, path, target=None):
        if fullname not in self.patches or fullname in self._finding:
            return None
        self._finding.add(fullname)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            self._finding.discard(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        original = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            original(module)
            self._apply(fullname, module)

        spec.loader.exec_module = exec_module  # the loader instance belongs to this module alone
        return spec

    def _apply(self, name: str, module: ModuleType) -> None:
        patch = self.patches.pop(name, None)
        if patch is None:
            return
        if getattr(module, "__file__", None):
            LIBRARY_DIRS.append(os.path.dirname(os.path.abspath(module.__file__)) + os.sep)
        patch(module)


def is_library_file(filename: str) -> bool:
    """Frames of the harness, the patched frameworks and the import machinery are not call sites."""
    if filename.startswith("<frozen") or filename.endswith(os.sep + "runpy.py"):
        return True
    absolute = os.path.abspath(filename) if not filename.startswith("<") else filename
    return any(absolute.startswith(directory) for directory in LIBRARY_DIRS)


def user_frame(depth: int = 1):
    """The innermost frame outside the harness and the frameworks: the user's line that made the call."""
    frame = sys._getframe(depth)
    while frame is not None and is_library_file(frame.f_code.co_filename):
        frame = frame.f_back
    return frame


def display_path(filename: str) -> str:
    """Relative to the working directory when inside it, so reports read like compiler output."""
    if filename.startswith("<") or not os.path.isabs(filename):
        return filename
    relative = os.path.relpath(filename)
    return filename if relative.startswith("..") else relative


def display_site(filename: str, line: int) -> str:
    """``path:line``, or ``path:cell N:line`` for a notebook cell's code (``diagnostics.where``)."""
    from fitmigrate.diagnostics import split_cell_filename, where

    path, cell = split_cell_filename(display_path(filename))
    return where(path, line, cell=cell)
