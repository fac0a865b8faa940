"""What the call planner decides: the call sites it finds, and for each a plan (the edits that migrate
it) or a refusal (the notes that say why not). Plain data that ``fitmigrate.rewrite`` applies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple, Union

import libcst as cst

from fitmigrate.analysis import layout
from fitmigrate.analysis.signature import Spec
from fitmigrate.analysis.values import Value
from fitmigrate.outcomes import EditElsewhere


# What a feed is for: fit's training data, its validation data, or the data of evaluate / predict.
TRAIN, VALIDATION, EVALUATION = "train", "validation", "evaluation"


def code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def short(node: cst.CSTNode, limit: int = 50) -> str:
    """A node's code on one line, cut to ``limit`` characters: for messages that quote it."""
    text = " ".join(code(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass
class Note:
    code: str
    message: str
    node: cst.CSTNode


@dataclass
class CallSite:
    call: cst.Call
    method: str
    statement: cst.CSTNode
    scopes: Tuple[cst.CSTNode, ...]  # enclosing FunctionDef / ClassDef nodes, outermost first


@dataclass
class Feed:
    """What feeds one data argument after migration."""

    # "dataset": wrapped in from_generator; "as_is": a Sequence, flow or arrays, left alone; "generator": a
    # Python generator object Keras 3 reads itself, inferring the signature: the generator itself (or a
    # generator expression over it), or one a helper written before the statement makes (``callable_code``)
    kind: str
    expr: cst.BaseExpression
    value: Value
    callable_code: str = ""
    spec: Optional[Spec] = None
    # Lists to make tuples: a display (``cst.List``), a comprehension (``cst.ListComp``), or any other
    # expression to wrap in ``tuple(...)`` (see analysis.sequences); and ``it.next()`` calls (``cst.Call``
    # of ``.next`` with no argument) to write ``next(it)``, which Keras 3's iterators serve.
    list_rewrites: List[cst.CSTNode] = field(default_factory=list)
    batch_size_code: Optional[str] = None
    # Lists to make tuples in another module (a Sequence's, ``analysis.elsewhere``): written with the call.
    elsewhere: List[EditElsewhere] = field(default_factory=list)
    # A generator function written before the statement, which ``callable_code`` names as ``HELPER_NAME``.
    helper: Optional[layout.Helper] = None
    # kind "generator" (the generator object itself, read by Keras 3): the notes its conversion adds, and
    # whether every dimension but the batch's is proven (Keras 3 fixes those its first two batches agree on).
    notes_to_add: List["Note"] = field(default_factory=list)
    fixed_dims: bool = False
    detail: str = ""  # how it is passed, when not as written (a generator expression over a decorated one)


@dataclass
class ArgEdit:
    action: str  # "keep" | "drop"
    keyword: Optional[str] = None  # new keyword; None keeps the argument as written
    value_code: Optional[str] = None  # replacement value
    # A dataset: the same code indented for a statement of its own (``name = <dataset>``, see
    # analysis.layout), and what it feeds ("x" or "validation_data").
    dataset: Optional[str] = None
    role: Optional[str] = None
    helper: Optional[layout.Helper] = None  # the generator function the value names (``HELPER_NAME``)


@dataclass
class CallPlan:
    site: CallSite
    new_method: str
    edits: List[ArgEdit]
    list_rewrites: List[cst.CSTNode]
    notes: List[Note]
    datasets: List[layout.Dataset] = field(default_factory=list)  # assigned just before the statement
    helpers: List[layout.Helper] = field(default_factory=list)  # defined before the datasets
    setup: List[str] = field(default_factory=list)  # statements written just before the statement, after datasets
    realign: Optional[layout.Realign] = None
    join: Optional[layout.Join] = None
    tf_local: bool = False  # the code names TensorFlow as the enclosing function's own import does
    math_import: bool = False  # a count calls math.ceil, and the module has no name for math: import it
    random_import: bool = False  # a helper calls random.sample, and the module has no name for random
    elsewhere: List[EditElsewhere] = field(default_factory=list)  # edits in other modules (Feed.elsewhere)


@dataclass
class Refusal:
    site: CallSite
    notes: List[Note]


Decision = Union[CallPlan, Refusal]
