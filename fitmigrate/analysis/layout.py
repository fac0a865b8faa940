"""Where the code a migration writes goes, and how it lines up, so that the diff reads as a person's.

- Each dataset becomes its own assignment just before the statement that holds the call, named after
  what it wraps (``train_gen`` -> ``train_dataset``), when the call is that statement's whole value;
  elsewhere (a lambda, a comprehension, an operand, a ``while`` test...) it stays inline.
- Continuation lines aligned under the call's opening parenthesis follow it when the method name
  shrinks (``fit_generator(`` -> ``fit(``).

Read-only, like the rest of ``analysis``: it fills in plans that ``rewrite`` applies.
"""

from __future__ import annotations

import builtins
import keyword
import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

import libcst as cst

from fitmigrate.analysis import walk

# A trailing word that says "this feeds batches", dropped before ``_dataset`` is added.
FEED_SUFFIXES = ("_generator", "_gen", "_iterator", "_iter", "_flow", "_datagen", "_data", "_dataset")
FLOW_METHODS = {"flow", "flow_from_directory", "flow_from_dataframe"}
# Calls whose name says nothing about the data (``zip(a, b)``, ``iter(seq)``).
GENERIC_CALLS = {"zip", "iter", "map", "chain", "cycle", "islice", "repeat"}
# Names that say only "batches": the split the data comes from (``x_train``) says more.
GENERIC_STEMS = {"gen", "generator", "generate", "batch", "batches", "generate_batches", "get_batches",
                 "batch_generator", "sample", "samples", "data", "dataset", "datagen", "imagedatagenerator"}
# Stems that would make a name no one writes (``data_dataset``).
EMPTY_STEMS = {"data", "dataset"}
SPLIT_WORDS = ("train", "training", "val", "valid", "validation", "test", "testing", "eval", "dev", "holdout")
FALLBACK_NAMES = {"fit": "train_dataset", "evaluate": "eval_dataset", "predict": "predict_dataset"}
# Statements a dataset assignment can precede when the call is their whole value.
HOISTING_STATEMENTS = (cst.Expr, cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Return)


@dataclass
class Dataset:
    """One dataset written as its own statement: ``name = code``, just before the call's statement."""

    name: str
    code: str  # indented for the statement's block (LibCST adds the block's own indentation)


# The comment that ends each notebook cell in the source the analysis reads (``fitmigrate.notebooks``).
CELL_BOUNDARY = "# fitmigrate-cell-end"
# Where a helper's name goes in its own code and in the code that calls it, until ``arrange`` names it.
HELPER_NAME = "\0HELPER\0"


@dataclass
class Helper:
    """A generator function defined just before the statement (and its datasets), for a legacy loop no
    expression reads exactly (an endless Sequence, a Keras 1 epoch counted in samples): ``def
    name(params):`` then ``body``, its lines indented one step. ``arrange`` names it (``wanted`` is a
    suffix: ``train_dataset`` reads ``train_batches``) and writes ``code``, its header split as black
    splits one too long for a line; until then other code spells its name ``HELPER_NAME``."""

    wanted: str
    params: Tuple[str, ...]
    body: str
    code: str = ""
    blank_lines: int = 1  # around the def: black's 2 at module level, 1 in any block
    blank_before: bool = True  # False when the statement opens its function or notebook cell

    def written(self, name: str, column: int, step: str, limit: int = 88) -> str:
        """The ``def``, named, its header as black writes it at indentation ``column``."""
        header = f"def {name}({', '.join(self.params)}):"
        if column + len(header) > limit:
            inner = ", ".join(self.params)
            if column + len(step) + len(inner) <= limit:
                header = f"def {name}(\n{step}{inner}\n):"
            else:
                header = f"def {name}(\n" + "".join(f"{step}{param},\n" for param in self.params) + "):"
        return f"{header}\n{self.body}"


@dataclass
class Join:
    """A call laid out as black lays out one too long for a line (``f(`` / the arguments on one line /
    ``)``), which may fit on one line once migrated: black would then join it, so the rewrite does.
    ``column`` is where the arguments start once joined (just after the new ``(``)."""

    column: int
    limit: int = 88  # black's line length


@dataclass
class Realign:
    """Continuation lines of a call to move left: every line within the call's parentheses indented to
    at least ``column`` (the column just after the old ``(``) moves ``shift`` columns left. ``block``
    is the statement's indentation width, which LibCST prints before an indented line of its own."""

    column: int
    shift: int
    block: int


def arrange(plans: Sequence, module: cst.Module, positions, lines: List[str], inline: bool = False) -> None:
    """Fills in each plan's realignment and, unless ``inline``, moves its datasets out of the call
    into assignments of their own wherever the call's statement allows it."""
    allocator: Optional[NameAllocator] = None
    for plan in plans:
        site = plan.site
        shift = len(site.method) - len(plan.new_method)
        plan.realign = realignment(site.call, positions, lines, site.statement, shift)
        plan.join = joinable(site.call, positions, lines, shift)
        # In a class body a new name would be a new class attribute: the dataset stays inline there.
        if not can_hoist(site, inline):
            assert not any(edit.helper for edit in plan.edits), "a helper needs a statement before the call"
            continue
        if allocator is None:
            allocator = NameAllocator(bound_names(module))
        scope = id(site.scopes[-1]) if site.scopes else 0
        for arg, edit in zip(site.call.args, plan.edits):
            if edit.dataset is None and edit.helper is None:
                continue
            role = "validation_data" if edit.role == "validation_data" else "x"
            wanted = dataset_name(arg.value, role, plan.new_method)
            role_name = "validation_dataset" if role == "validation_data" else FALLBACK_NAMES.get(plan.new_method)
            name = allocator.allocate(wanted, scope, role_name) if edit.dataset is not None else None
            if edit.helper is not None:  # named as its dataset is: ``train_dataset`` reads ``train_batches()``
                suffix = edit.helper.wanted
                helper_name = allocator.allocate(_renamed(name or wanted, suffix), scope,
                                                 _renamed(role_name or wanted, suffix))
                column = positions[site.statement].start.column
                blank = 1 if column else 2  # black: two blank lines around a def at module level, else one
                plan.helpers.append(Helper(suffix, edit.helper.params, edit.helper.body,
                                           edit.helper.written(helper_name, column, module.default_indent), blank,
                                           not opens_block(site.statement, positions, lines)))
                edit.dataset = edit.dataset.replace(HELPER_NAME, helper_name) if edit.dataset is not None else None
                edit.value_code = edit.value_code.replace(HELPER_NAME, helper_name) if edit.value_code else None
            if edit.dataset is None:
                continue
            assert name is not None
            plan.datasets.append(Dataset(name, edit.dataset))
            edit.value_code = name


def _renamed(dataset: str, suffix: str) -> str:
    """``train_dataset`` -> ``train_batches``; ``train_dataset_2`` -> ``train_batches_2``."""
    stem, number = re.match(r"(.*?)((?:_\d+)?)$", dataset).groups()  # type: ignore[union-attr]
    stem = stem[: -len("_dataset")] if stem.endswith("_dataset") else stem
    return f"{stem}{suffix}{number}"


def can_hoist(site, inline: bool = False) -> bool:
    """Whether ``arrange`` writes statements before the call's (datasets, helpers): not under
    ``--inline-datasets``, not in a class body, and only where the call is its statement's value."""
    in_class_body = bool(site.scopes) and isinstance(site.scopes[-1], cst.ClassDef)
    return not inline and not in_class_body and hoisting_statement(site.call, site.statement)


def opens_block(statement: cst.CSTNode, positions, lines: List[str]) -> bool:
    """Whether nothing but comments and blank lines comes between the statement and the line that
    opens its function (``def f():``) or its notebook cell (black writes no blank line there)."""
    line = positions[statement].start.line - 1
    while line > 0:
        text = lines[line - 1].strip()
        if text.startswith(CELL_BOUNDARY) or text.startswith("def ") or text.startswith("async def "):
            return True
        if text and not text.startswith("#"):
            return False
        line -= 1
    return True


def hoisting_statement(call: cst.Call, statement: cst.CSTNode) -> bool:
    """Whether ``call`` is the whole value of the first small statement of a simple statement line:
    a dataset assigned on the line before is then made where the legacy argument was evaluated."""
    if not isinstance(statement, cst.SimpleStatementLine) or not statement.body:
        return False
    first = statement.body[0]
    return isinstance(first, HOISTING_STATEMENTS) and first.value is call


def bound_names(module: cst.Module) -> Set[str]:
    """Every identifier the module spells, in any scope (attribute and keyword names apart), and the
    builtins: a new name outside this set shadows and clobbers nothing, wherever it is bound."""
    if _last_bound[0] is not module:  # arrange asks once per call site: one walk per module
        collector = _Names()
        walk.visit(module, collector)
        _last_bound[:] = [module, frozenset(collector.names | set(dir(builtins)) | set(keyword.kwlist))]
    return set(_last_bound[1])


_last_bound: list = [None, frozenset()]


class _Names(walk.Visitor):
    def __init__(self) -> None:
        self.names: Set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        walk.visit(node.value, self)  # not node.attr: ``self.train_dataset`` binds no variable
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        walk.visit(node.value, self)  # not node.keyword
        return False


class NameAllocator:
    """Fresh names per scope: never one the module spells, never one already given in the same scope."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)
        self.given: Dict[int, Set[str]] = {}

    def allocate(self, wanted: str, scope: int, alternative: Optional[str] = None) -> str:
        """``wanted``, else ``alternative`` (the name of the call's role: a second dataset of the same
        generator, for ``evaluate``, is ``eval_dataset``), else ``wanted`` with a number."""
        given = self.given.setdefault(scope, set())
        if alternative is not None and (wanted in self.taken or wanted in given) and \
                alternative not in self.taken and alternative not in given:
            given.add(alternative)
            return alternative
        name, number = wanted, 1
        while name in self.taken or name in given:
            number += 1
            name = f"{wanted}_{number}"
        given.add(name)
        return name


def dataset_name(expr: cst.BaseExpression, role: str, method: str) -> str:
    """The name a person would give the dataset made from ``expr``: ``train_gen`` -> ``train_dataset``,
    ``self.val_generator`` -> ``val_dataset``, ``gen(x)`` -> ``gen_dataset``, ``batches(x_train,
    y_train)`` -> ``train_dataset`` (the function's name says only "batches", its arguments say which
    split). Validation data made by a call is named after its split, or ``validation_dataset``."""
    fallback = "validation_dataset" if role == "validation_data" else FALLBACK_NAMES.get(method, "dataset")
    base = _base(expr)
    stem = _stem(base) if base is not None else None
    if stem is not None and _split_word(stem) is not None:
        return f"{stem}_dataset"
    if isinstance(expr, cst.Call) and (role == "validation_data" or stem is None or stem.lower() in GENERIC_STEMS):
        split = next((word for word in map(_split_word, _argument_words(expr)) if word is not None), None)
        if split is not None:
            return f"{split}_dataset"
        if role == "validation_data":
            return fallback
    if stem is None or stem.lower() in EMPTY_STEMS:
        return fallback
    if stem[:1].isupper():  # a class: ``TrainRows(...)`` -> ``train_rows_dataset``
        stem = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", stem).lower()
    return f"{stem}_dataset"


def _split_word(name: str) -> Optional[str]:
    return next((token for token in name.lower().split("_") if token in SPLIT_WORDS), None)


def _argument_words(call: cst.Call) -> List[str]:
    """The names and string words a call's arguments are spelled with (``x_train``, ``"data/val"``)."""
    words: List[str] = []
    for arg in call.args:
        value = arg.value
        while isinstance(value, (cst.Attribute, cst.Subscript)):
            if isinstance(value, cst.Attribute):
                words.append(value.attr.value)
            value = value.value
        if isinstance(value, cst.Name):
            words.append(value.value)
        elif isinstance(value, cst.SimpleString):
            words.extend(part for part in re.split(r"[^A-Za-z0-9]+", value.value) if part)
    return words


def _base(expr: cst.BaseExpression) -> Optional[str]:
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    if isinstance(expr, cst.Call):
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in FLOW_METHODS:
            return _base(func.value)
        name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else None
        return None if name is None or name in GENERIC_CALLS else name
    return None


def _stem(base: str) -> str:
    for suffix in FEED_SUFFIXES:
        if base.endswith(suffix) and base[: -len(suffix)].strip("_"):
            return base[: -len(suffix)]
    return base


def joinable(call: cst.Call, positions, lines: List[str], shift: int) -> Optional[Join]:
    """A :class:`Join` when the call is in black's one-line-of-arguments layout: a line break right after
    ``(`` and right before ``)``, none between, no comment, no magic trailing comma, and nothing after
    the ``)`` on its line."""
    opening = call.whitespace_before_args
    if not call.args or not isinstance(opening, cst.ParenthesizedWhitespace) or opening.empty_lines or \
            opening.first_line.comment is not None or not isinstance(call.whitespace_after_func, cst.SimpleWhitespace):
        return None
    last = call.args[-1]
    closing = last.whitespace_after_arg
    if isinstance(last.comma, cst.Comma) or not isinstance(closing, cst.ParenthesizedWhitespace) or \
            closing.empty_lines or closing.first_line.comment is not None:
        return None
    for arg in call.args[:-1]:
        if not isinstance(arg.comma, cst.Comma) or not isinstance(arg.comma.whitespace_after, cst.SimpleWhitespace):
            return None
    if any("\n" in _code(arg.with_changes(whitespace_after_arg=cst.SimpleWhitespace(""))) for arg in call.args):
        return None
    end = positions[call].end
    line = lines[end.line - 1] if 0 < end.line <= len(lines) else ""
    if line[end.column:].strip():
        return None
    paren = positions[call.func].end
    paren_line = lines[paren.line - 1] if 0 < paren.line <= len(lines) else ""
    column = paren.column + len(call.whitespace_after_func.value) + 1
    if "\t" in paren_line[:column]:
        return None
    return Join(column - shift)


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def realignment(call: cst.Call, positions, lines: List[str], statement: cst.CSTNode, shift: int) -> Optional[Realign]:
    """How the call's continuation lines move when its method name loses ``shift`` characters: only
    when the first argument follows the ``(`` on its line (a visual indent, not a hanging one) and no
    tab makes characters and columns differ (tabs that indent the block, aligned with spaces after
    them, are fine: every line of the block starts with the same ones)."""
    if shift <= 0 or not call.args or isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace) or \
            not isinstance(call.whitespace_after_func, cst.SimpleWhitespace):
        return None
    end = positions[call.func].end
    column = end.column + len(call.whitespace_after_func.value) + 1
    start = positions[statement].start
    paren_line = lines[end.line - 1] if 0 < end.line <= len(lines) else ""
    block_line = lines[start.line - 1] if 0 < start.line <= len(lines) else ""
    block = len(block_line) - len(block_line.lstrip(" \t"))
    if not paren_line.startswith(block_line[:block]) or "\t" in paren_line[block:column]:
        return None
    return Realign(column, shift, block)


class _Shifter(cst.CSTTransformer):
    def __init__(self, columns: int) -> None:
        self.spaces = " " * columns

    def leave_ParenthesizedWhitespace(self, original_node: cst.ParenthesizedWhitespace,
                                      updated_node: cst.ParenthesizedWhitespace) -> cst.ParenthesizedWhitespace:
        return updated_node.with_changes(last_line=cst.SimpleWhitespace(self.spaces + updated_node.last_line.value))


def shifted_code(node: cst.BaseExpression, columns: int) -> str:
    """The expression's code with its continuation lines moved ``columns`` to the right: where it is
    written after ``columns`` more characters on its first line (``(batch for batch in flow(x,\n y))``),
    lines aligned inside it stay aligned."""
    return cst.Module([]).code_for_node(node.visit(_Shifter(columns)))


def requote_keys(signature: str, keys: Iterable[str], source: str) -> str:
    """Dict keys of a rendered signature (``'image': tf.TensorSpec(...)``, one a line) in double quotes
    when the file writes its strings that way (black's style), as a person would copy them."""
    keys = [key for key in keys if isinstance(key, str)]
    if not keys or source.count('"') <= source.count("'"):
        return signature
    lines = signature.split("\n")
    for key in keys:
        written = repr(key)
        if not written.startswith("'") or '"' in key:
            continue
        wanted = '"' + written[1:-1] + '"'
        lines = [line.replace(written + ": ", wanted + ": ", 1) if line.lstrip().startswith(written + ": ") else line
                 for line in lines]
    return "\n".join(lines)
