"""Cross-module resolution: find the project module an import names, parse it only when asked."""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

import libcst as cst

from fitmigrate.analysis.evaluate import Interpreter, ModuleInfo, ModuleValue
from fitmigrate.analysis.values import Value
from fitmigrate.near_miss import code_tree
from fitmigrate.project.exports import library_star_names, module_exports
from fitmigrate.project.sources import open_source

ROOT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")
MAX_MODULE_BYTES = 2_000_000


class ProjectIndex:
    """Modules of the project, parsed lazily the first time an import needs one."""

    def __init__(self) -> None:
        self.interpreter = Interpreter()
        self._by_path: Dict[Path, Optional[ModuleInfo]] = {}
        # For the cache: the files each module's imports looked at (found or only probed), by module.
        self._consulted: Dict[Path, Set[Path]] = {}
        self._whole_project: Set[Path] = set()  # modules whose result read callers across the project
        self._importers: Dict[Tuple[Path, str], List[ModuleInfo]] = {}
        self._files: Dict[Path, List[Path]] = {}
        self._runners: Dict[int, object] = {}

    def register(self, path: Optional[Path], module: cst.Module, remember: bool = True) -> ModuleInfo:
        """The module's info; ``remember=False`` for a second look at code not yet written (the fixed-point
        check), which the modules importing this one must not see."""
        info = ModuleInfo(module, path, self, name=str(path) if path else "<source>")
        if path is not None and remember:
            self._by_path[path.resolve()] = info
        return info

    def load(self, path: Path) -> Optional[ModuleInfo]:
        """The module at ``path`` (a notebook: its code cells as one module), parsed once; None if it
        cannot be read or parsed."""
        key = path.resolve()
        if key not in self._by_path:
            self._by_path[key] = None
            try:
                data = key.read_bytes()
                if len(data) <= MAX_MODULE_BYTES:
                    code = open_source(data, key).code() if key.suffix == ".ipynb" else data
                    self._by_path[key] = ModuleInfo(cst.parse_module(code), key, self, name=str(path))
            except (OSError, cst.ParserSyntaxError, UnicodeDecodeError, SyntaxError):
                pass
        return self._by_path[key]

    # -- who imports a module: the callers of its functions -------------------------------------------

    def root_of(self, path: Path) -> Path:
        """The project root above ``path``: the first folder up (six at most) with a root marker
        (``pyproject.toml``, ``setup.py``, ``setup.cfg``, ``.git``); with none, ``path``'s own folder."""
        for folder in self._dirs_of(path, 0):
            if any((folder / marker).exists() for marker in ROOT_MARKERS):
                return folder
        return path.resolve().parent

    def importers(self, origin: ModuleInfo, name: str) -> List[ModuleInfo]:
        """The project's modules and notebooks (under ``origin``'s root, whatever files the run was given)
        that import ``name`` from ``origin``'s module, or the module itself: by ``from m import name``,
        ``from m import *`` or ``import m``. Read with ``ast`` first, parsed only when they do. The
        result of ``origin`` then depends on the whole project (see ``dependencies``)."""
        assert origin.path is not None
        target = Path(origin.path).resolve()
        self._whole_project.add(target)
        key = (target, name)
        if key not in self._importers:
            found: List[ModuleInfo] = []
            for path in self._project_files(self.root_of(target)):
                if Path(os.path.realpath(path)) == target or not self._imports(path, target, name):
                    continue
                info = self.load(path)
                if info is not None:
                    found.append(info)
            self._importers[key] = found
        return self._importers[key]

    def aliases_of(self, importer: ModuleInfo, module: ModuleInfo) -> Tuple[str, ...]:
        """The names ``importer`` binds to ``module`` itself (``import data``, ``from pkg import data as d``)."""
        assert importer.path is not None and module.path is not None
        target, aliases = Path(module.path).resolve(), []
        tree = self._tree(Path(importer.path))
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if self._module_path(Path(importer.path), alias.name, 0, None) == target:
                        aliases.append(alias.asname or alias.name)
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    qualified = f"{node.module}.{alias.name}" if node.module else alias.name
                    if self._module_path(Path(importer.path), qualified, node.level, None) == target:
                        aliases.append(alias.asname or alias.name)
        return tuple(aliases)

    def names_for(self, importer: Path, target: Path, name: str) -> Tuple[Set[str], Set[str]]:
        """What ``importer`` calls ``name`` of the module at ``target``: the names it binds to it (``from m
        import name as n``, ``from m import *``), and the names it binds to the module (``import m``)."""
        names: Set[str] = set()
        modules: Set[str] = set()
        tree = self._tree(importer)
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.ImportFrom):
                if self._module_path(importer, node.module or "", node.level, None) == target:
                    names.update(name if alias.name == "*" else alias.asname or alias.name for alias in node.names
                                 if alias.name in (name, "*"))
                for alias in node.names:
                    qualified = f"{node.module}.{alias.name}" if node.module else alias.name
                    if alias.name != "*" and self._module_path(importer, qualified, node.level, None) == target:
                        modules.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if self._module_path(importer, alias.name, 0, None) == target:
                        modules.add(alias.asname or alias.name)  # ``data.Pairs``, ``pkg.data.Pairs``
        return names, modules

    def tree(self, path: Path) -> Optional[ast.Module]:
        """The file's ``ast`` (a notebook's code cells as one module), or None."""
        return self._tree(path)

    def scope_runner(self, info: ModuleInfo):
        from fitmigrate.analysis.callers import ScopeRunner

        key = id(info)
        if key not in self._runners:
            self._runners[key] = ScopeRunner(info)
        return self._runners[key]

    def _imports(self, path: Path, target: Path, name: str) -> bool:
        try:
            if name.encode() not in path.read_bytes():
                return False
        except OSError:
            return False
        tree = self._tree(path)
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.ImportFrom):
                names = {alias.name for alias in node.names}
                if (name in names or "*" in names) and \
                        self._module_path(path, node.module or "", node.level, None) == target:
                    return True
                if any(self._module_path(path, f"{node.module}.{n}" if node.module else n, node.level, None) == target
                       for n in names if n != "*"):
                    return True
            elif isinstance(node, ast.Import):
                if any(self._module_path(path, alias.name, 0, None) == target for alias in node.names):
                    return True
        return False

    def _tree(self, path: Path) -> Optional[ast.Module]:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if path.suffix == ".ipynb":
            data = open_source(data, path).code()
        return code_tree(data)

    def project_files(self, root: Path) -> List[Path]:
        """The ``.py`` files and notebooks under ``root`` a run over it would read (``files.discover``)."""
        return self._project_files(root)

    def _project_files(self, root: Path) -> List[Path]:
        if root not in self._files:
            from fitmigrate.files import discover

            self._files[root] = [p for p in discover([root]) if p.suffix in (".py", ".ipynb")]
        return self._files[root]

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

    def reads_whole_project(self, path: Path) -> None:
        """``path``'s result reads the project beyond its imports (who else uses a class it needs edited):
        it is not cached, as ``importers`` makes its origin's."""
        self._whole_project.add(path.resolve())

    def depends_on_whole_project(self, path: Path) -> bool:
        """``path``'s result read the callers of its functions across the project: a file added anywhere
        could change it, so no file digest can vouch for it (it is not cached)."""
        return path.resolve() in self._whole_project

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

    def _module_path(self, importer: Path, module: str, level: int, origin: Optional[ModuleInfo]) -> Optional[Path]:
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
