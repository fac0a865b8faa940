"""Cross-module resolution: find the project module an import names, parse it only when asked."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Set

import libcst as cst

from fitmigrate.analysis.evaluate import Interpreter, ModuleInfo, ModuleValue
from fitmigrate.analysis.values import Value
from fitmigrate.project.exports import library_star_names, module_exports

ROOT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")
MAX_MODULE_BYTES = 2_000_000


class ProjectIndex:
    """Modules of the project, parsed lazily the first time an import needs one."""

    def __init__(self) -> None:
        self.interpreter = Interpreter()
        self._by_path: Dict[Path, Optional[ModuleInfo]] = {}
        # For the cache: the files each module's imports looked at (found or only probed), by module.
        self._consulted: Dict[Path, Set[Path]] = {}

    def register(self, path: Optional[Path], module: cst.Module, remember: bool = True) -> ModuleInfo:
        """The module's info; ``remember=False`` for a second look at code not yet written (the fixed-point
        check), which the modules importing this one must not see."""
        info = ModuleInfo(module, path, self, name=str(path) if path else "<source>")
        if path is not None and remember:
            self._by_path[path.resolve()] = info
        return info

    def load(self, path: Path) -> Optional[ModuleInfo]:
        key = path.resolve()
        if key not in self._by_path:
            self._by_path[key] = None
            try:
                data = key.read_bytes()
                if len(data) <= MAX_MODULE_BYTES:
                    self._by_path[key] = ModuleInfo(cst.parse_module(data), key, self, name=str(path))
            except (OSError, cst.ParserSyntaxError, UnicodeDecodeError, SyntaxError):
                pass
        return self._by_path[key]

    def search_dirs(self, origin: ModuleInfo, level: int) -> List[Path]:
        if origin.path is None:
            return []
        return self._dirs_of(Path(origin.path), level)

    @staticmethod
    def _dirs_of(importer: Path, level: int) -> List[Path]:
        """Where an import in ``importer`` looks: its own folder (or the package ``level`` dots name), then
        the folders above it up to the project root, as ``sys.path[0]`` and an installed project would."""
        here = importer.resolve().parent
        if level > 0:
            for _ in range(level - 1):
                here = here.parent
            return [here]
        dirs = [here]
        current = here
        for _ in range(6):
            if any((current / marker).exists() for marker in ROOT_MARKERS) or current.parent == current:
                break
            current = current.parent
            dirs.append(current)
        return dirs

    def _module_file(self, base: Path, parts: List[str], origin: Optional[ModuleInfo] = None) -> Optional[Path]:
        target = base.joinpath(*parts) if parts else base
        for candidate in ([target.with_suffix(".py")] if parts else []) + [target / "__init__.py"]:
            if origin is not None and origin.path is not None:
                self._consulted.setdefault(Path(origin.path).resolve(), set()).add(candidate)
            if candidate.is_file():
                return candidate
        return None

    def dependencies(self, path: Path) -> Set[Path]:
        """The project files that resolving imports for ``path`` looked at, directly or through the modules
        those imports led to, whether they existed or were only probed: the files whose change (or
        appearance) can change ``path``'s result. Over-approximates across files analysed earlier in
        this index, never under-approximates."""
        start = path.resolve()
        found: Set[Path] = set()
        stack = [start]
        while stack:
            for dependency in self._consulted.get(stack.pop(), ()):
                if dependency not in found and dependency != start:
                    found.add(dependency)
                    stack.append(dependency.resolve())
        return found

    def star_names(self, origin: ModuleInfo, module: str, level: int) -> Optional[List[str]]:
        """The names ``from module import *`` binds in ``origin``, when ``module`` is a project module
        (its own star imports followed, of project and known library modules alike); None otherwise."""
        if origin.path is None:
            return None
        return self._star_names(Path(origin.path), module, level, origin, set())

    def _star_names(self, importer: Path, module: str, level: int, origin: ModuleInfo,
                    seen: Set[Path]) -> Optional[List[str]]:
        found = self._module_path(importer, module, level, origin)
        if found is None:
            return None
        if found in seen:  # an import cycle: what the first visit binds is all there is
            return []
        seen.add(found)
        exports = module_exports(found)
        if exports is None:
            return None
        names = set(exports.names)
        if not exports.declared_all:
            for star in exports.stars:
                inner = self._star_names(found, star.module, star.level, origin, seen)
                if inner is None and star.level == 0:
                    inner = list(library_star_names(star.module) or ())
                names.update(inner or ())
        return sorted(names)

    def _module_path(self, importer: Path, module: str, level: int, origin: ModuleInfo) -> Optional[Path]:
        parts = [p for p in module.split(".") if p]
        for base in self._dirs_of(importer, level):
            found = self._module_file(base, parts, origin)
            if found is not None and found.resolve() != importer.resolve():
                return found.resolve()
        return None

    def resolve(self, origin: ModuleInfo, qualname: str, level: int) -> Optional[Value]:
        """The function, class or module that ``qualname`` (imported in ``origin``) names."""
        parts = [p for p in qualname.split(".") if p]
        for base in self.search_dirs(origin, level):
            for split in range(len(parts), -1, -1):
                if split == 0 and level == 0:
                    break
                found = self._module_file(base, parts[:split], origin)
                if found is None or found.resolve() == Path(origin.path).resolve():
                    continue
                module = self.load(found)
                if module is None:
                    continue
                value: Value = ModuleValue(module)  # type: ignore[assignment]
                for attr in parts[split:]:
                    value = self.interpreter.attribute(value, attr, None)  # type: ignore[arg-type]
                return value
        return None
