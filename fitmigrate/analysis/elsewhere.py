"""Whether the lists a Sequence of another module returns may be made tuples in that module.

A call in ``train.py`` passes ``Pairs(x)``, defined in ``data.py``, whose ``__getitem__`` returns ``[x,
x * 2], y``: Keras 3 rejects the list, and the edit that makes it a tuple (``analysis.sequences``) is in
``data.py``. It is made there, in the same run (``fitmigrate.elsewhere`` writes it), only when it is
exact for every reader of those batches: the module is a ``.py`` file under the call's project root,
read as it is on disk; and the class (or a subclass of it in its module) is used nowhere in the project
but constructed as the data of a legacy call or of ``fit`` / ``evaluate`` / ``predict``, directly or
through a name that is used only so (and in ``len()``). Anything else may rely on the batch being a
list (``batch[0].append(...)``, ``batch + [...]``, ``batch == [...]``): the call is refused, naming it.
The project's files are read with ``ast``, as ``ProjectIndex.importers`` finds them.
"""

from __future__ import annotations

import ast
import hashlib
import os
from pathlib import Path
from typing import Dict, List, Optional, Set, Union

import libcst as cst

from fitmigrate.analysis.positions import Positions
from fitmigrate.outcomes import EditElsewhere

# Calls that only read a Sequence batch by batch, and where they take it.
_FEEDING_METHODS = {"fit_generator", "evaluate_generator", "predict_generator", "fit", "evaluate", "predict"}
_FEEDING_KEYWORDS = {"generator", "x", "validation_data"}
MAX_MODULE_BYTES = 2_000_000


def edits_elsewhere(project, caller_path, class_module, class_names: List[str], nodes: List[cst.CSTNode],
                    caller: str) -> Union[EditElsewhere, str]:
    """The edits of ``nodes`` (in ``class_module``, the module defining the classes ``class_names`` whose
    ``__getitem__`` they are in) as data the run can write, or why they cannot be made: in words that
    complete "the class is in another module, ...". ``caller`` names the call (``train.py:5``)."""
    if class_module.path is None or caller_path is None:
        return "which this run cannot locate on disk: return tuples there"
    project.reads_whole_project(Path(caller_path))  # another file's uses decide: no file digest vouches for it
    path = Path(class_module.path).resolve()
    label = _label(project, Path(caller_path), path)
    if path.suffix != ".py":
        return f"{label}, a notebook, which this run does not edit: return tuples there"
    root = project.root_of(Path(caller_path))
    if root != path.parent and root not in path.parents:
        return f"{label}, outside this project ({root}), which this run does not edit: return tuples there"
    if path not in {Path(os.path.realpath(found)) for found in project.project_files(root)}:
        return f"{label}, which fitmigrate does not edit (git ignores it, or it lies in a virtualenv or an excluded " \
               "folder): return tuples there"
    # The module as this analysis read it: the run writes the edits only if the file still holds these
    # bytes at its end (or those this run's own migration of it wrote over them: ``fitmigrate.elsewhere``).
    data = class_module.module.bytes
    if len(data) > MAX_MODULE_BYTES:
        return f"{label}, which is too big for this run to edit: return tuples there"
    positions = Positions(class_module.module)
    spans = []
    for node in nodes:
        where = positions[node]
        kind = type(node).__name__ if isinstance(node, (cst.List, cst.ListComp)) else "Expression"
        spans.append((kind, where.start.line, where.start.column, where.end.line, where.end.column))
    use = other_use(project, path, class_names, Path(caller_path))
    if use is not None:
        return f"{label}, where this run would make them tuples, but {use}, code that may rely on its batches " \
               "being lists, which the edit would change: return tuples there by hand if that code allows it"
    return EditElsewhere(str(path), label, hashlib.sha256(data).hexdigest(), tuple(spans), caller)


def other_use(project, module: Path, class_names: List[str], caller_path: Path) -> Optional[str]:
    """The first use of the classes ``class_names`` of ``module`` (or of a subclass of them there) that is
    not a Sequence read batch by batch, in words (``Pairs is used at run.py:7 (`batch = seq[0]`)``)."""
    tree = project.tree(module)
    if tree is None:
        return f"{_label(project, caller_path, module)} cannot be read"
    pending, seen = list(class_names), set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for found in _class_bodies(tree, name):
            use = _reads_itself(found)
            if use is not None:
                return f"{name} reads its own batches at {_label(project, caller_path, module)}:{use.lineno} " \
                       f"(`{_line(project, module, use)}`)"
        files = [(module, {name}, set())]
        origin = project.load(module)
        if origin is not None:
            for importer in project.importers(origin, name):
                path = Path(importer.path).resolve()
                names, modules = project.names_for(path, module, name)
                files.append((path, names, modules))
        for path, names, modules in files:
            file_tree = tree if path == module else project.tree(path)
            if file_tree is None:
                return f"{name} is imported by {_label(project, caller_path, path)}, which cannot be read"
            for node, subclass in _uses(file_tree, names, modules, name):
                if subclass is not None and path == module:
                    pending.append(subclass)  # a subclass here: its own uses read the same batches
                    continue
                where = f"{_label(project, caller_path, path)}:{node.lineno}"
                return f"{name} is {'subclassed' if subclass else 'used'} at {where} (`{_line(project, path, node)}`)"
    return None


def _uses(tree: ast.Module, names: Set[str], modules: Set[str], class_name: str):
    """``(node, None)`` for each use of the class that is not a Sequence read batch by batch, ``(node,
    subclass name)`` for each class statement deriving from it."""
    parents: Dict[int, ast.AST] = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[id(child)] = parent
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in names and isinstance(node.ctx, ast.Load) or \
                isinstance(node, ast.Attribute) and node.attr == class_name and ast.unparse(node.value) in modules:
            parent = parents.get(id(node))
            if isinstance(parent, ast.ClassDef) and node in parent.bases:
                yield node, parent.name
            elif not (isinstance(parent, ast.Call) and parent.func is node):
                yield node, None
            else:
                other = _not_read_batch_by_batch(parent, parents)
                if other is not None:
                    yield other, None


def _not_read_batch_by_batch(made: ast.Call, parents: Dict[int, ast.AST]) -> Optional[ast.AST]:
    """Where ``made`` (the class's constructor call) is used otherwise than as the data of a feeding call,
    itself or through the name it is bound to (wherever that name appears in its scope, but in
    ``len()``); None when it is not."""
    if _fed(made, parents):
        return None
    parent = parents.get(id(made))
    if not (isinstance(parent, ast.Assign) and parent.value is made and len(parent.targets) == 1 and
            isinstance(parent.targets[0], ast.Name)):
        return made
    name = parent.targets[0].id
    scope = parents.get(id(parent))
    while scope is not None and not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
        scope = parents.get(id(scope))
    for node in ast.walk(scope) if scope is not None else ():
        if isinstance(node, ast.Name) and node.id == name and node is not parent.targets[0]:
            up = parents.get(id(node))
            if isinstance(up, ast.Call) and isinstance(up.func, ast.Name) and up.func.id == "len" and \
                    up.args == [node]:
                continue
            if not _fed(node, parents):
                return node
    return None


def _fed(expr: ast.expr, parents: Dict[int, ast.AST]) -> bool:
    """``expr`` is the data argument of ``fit_generator`` / ``fit`` and the like (first positional, or
    ``generator=`` / ``x=`` / ``validation_data=``), or the Sequence a generator function fitmigrate
    writes reads pass after pass (``def train_batches(sequence=train): ... yield sequence[index]``): what
    a migrated call looks like, so that the files this run already wrote decide as they did before."""
    parent = parents.get(id(expr))
    if isinstance(parent, ast.arguments):
        return _read_by_helper(expr, parent, parents)
    if isinstance(parent, ast.keyword) and parent.arg in _FEEDING_KEYWORDS:
        parent = parents.get(id(parent))
        return isinstance(parent, ast.Call) and _feeding(parent)
    return isinstance(parent, ast.Call) and _feeding(parent) and bool(parent.args) and parent.args[0] is expr


def _read_by_helper(expr: ast.expr, arguments: ast.arguments, parents: Dict[int, ast.AST]) -> bool:
    """``expr`` is the default of a parameter ``sequence`` that its function only yields batches of, measures
    and tells its pass is over (``analysis.passes``' helper)."""
    defaults = [index for index, default in enumerate(arguments.defaults) if default is expr]
    if not defaults:
        return False
    positional = arguments.posonlyargs + arguments.args
    parameter = positional[len(positional) - len(arguments.defaults) + defaults[0]]
    function = parents.get(id(arguments))
    if parameter.arg != "sequence" or not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    for node in ast.walk(function):
        if not (isinstance(node, ast.Name) and node.id == "sequence"):
            continue
        up = parents.get(id(node))
        if isinstance(up, ast.Subscript) and up.value is node and isinstance(parents.get(id(up)), ast.Yield):
            continue
        if isinstance(up, ast.Call) and isinstance(up.func, ast.Name) and up.func.id == "len" and up.args == [node]:
            continue
        if isinstance(up, ast.Attribute) and up.attr == "on_epoch_end" and \
                isinstance(parents.get(id(up)), ast.Call) and not parents[id(up)].args:  # type: ignore[attr-defined]
            continue
        return False
    return True


def _feeding(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and call.func.attr in _FEEDING_METHODS


def _class_bodies(tree: ast.Module, name: str) -> List[ast.ClassDef]:
    return [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == name]


def _reads_itself(cls: ast.ClassDef) -> Optional[ast.AST]:
    """A method of the class that reads a batch of its own (``self[i]``, ``self.__getitem__(i)``)."""
    for node in ast.walk(cls):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "self" or \
                isinstance(node, ast.Attribute) and node.attr == "__getitem__":
            return node
    return None


def _line(project, path: Path, node: ast.AST) -> str:
    """The source line of ``node``, shortened."""
    tree_source = _sources.get(path)
    if tree_source is None:
        try:
            data = path.read_bytes()
            if path.suffix == ".ipynb":
                from fitmigrate.project.sources import open_source

                data = open_source(data, path).code()
            tree_source = data.decode("utf-8", errors="replace").splitlines()
        except OSError:
            tree_source = []
        _sources.clear()
        _sources[path] = tree_source
    line = " ".join(tree_source[node.lineno - 1].split()) if 0 < node.lineno <= len(tree_source) else ""
    return line if len(line) <= 60 else line[:57] + "..."


_sources: Dict[Path, List[str]] = {}


def _label(project, caller: Path, path: Path) -> str:
    """``path`` as the messages name it: relative to the caller's project root."""
    root = project.root_of(caller)
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)

