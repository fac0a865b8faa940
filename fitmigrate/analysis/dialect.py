"""Keras 1 or Keras 2? The second positional argument of ``fit_generator`` counts *samples* in
Keras 1 and *steps* in Keras 2. This module collects the evidence for one or the other, strongest
first, and says which evidence decided.
"""

from __future__ import annotations

import functools
import io
import re
import tokenize
from dataclasses import dataclass
from typing import Optional

import libcst as cst

KERAS1_KEYWORDS = {"nb_epoch", "samples_per_epoch", "nb_val_samples", "val_samples", "nb_worker", "pickle_safe",
                   "max_q_size"}
KERAS2_KEYWORDS = {"epochs", "steps_per_epoch", "validation_steps", "steps", "workers", "use_multiprocessing",
                   "max_queue_size", "validation_freq"}

KERAS1_FILE_MARKERS = [
    r"\bnb_epoch\b", r"\bsamples_per_epoch\b", r"\bnb_val_samples\b", r"\bnb_filter\b", r"\bborder_mode\s*=",
    r"\bConvolution[123]D\(", r"\bnp_utils\b", r"\bnb_worker\b", r"\bW_regularizer\b", r"\boutput_dim\s*=",
    r"\bsubsample\s*=", r"\bnb_row\b",
]
KERAS2_FILE_MARKERS = [
    r"\bepochs\s*=", r"\bsteps_per_epoch\b", r"\bvalidation_steps\b", r"\bConv[123]D\(", r"\bkernel_size\b",
    r"\bunits\s*=", r"\bkernel_initializer\b", r"\bmax_queue_size\b", r"\buse_multiprocessing\b",
]
# A marker no file holds: what ``Planner.decide_on_keras2`` pretends the file shows.
HYPOTHETICAL_KERAS2 = "a Keras 2 name"
_K1 = re.compile("|".join(KERAS1_FILE_MARKERS))
_K2 = re.compile("|".join(KERAS2_FILE_MARKERS))

SAMPLE_ATTRIBUTES = {"nb_sample", "samples", "n", "num_samples", "nb_samples"}


@dataclass(frozen=True)
class Verdict:
    dialect: Optional[str]  # "keras1" | "keras2" | None
    evidence: str


def from_keywords(call: cst.Call) -> Verdict:
    names = {arg.keyword.value for arg in call.args if arg.keyword is not None}
    k1, k2 = sorted(names & KERAS1_KEYWORDS), sorted(names & KERAS2_KEYWORDS)
    if k1 and not k2:
        return Verdict("keras1", f"the call's Keras 1 keyword {k1[0]}=")
    if k2 and not k1:
        return Verdict("keras2", f"the call's Keras 2 keyword {k2[0]}=")
    return Verdict(None, "the call's keywords mix Keras 1 and 2" if k1 else "")


def from_count(expr: cst.BaseExpression, counts_steps: bool, counts_samples: bool) -> Verdict:
    """What the count expression itself says. ``counts_*`` come from evaluating ``len(x)``."""
    code = cst.Module([]).code_for_node(expr)
    if counts_steps:
        return Verdict("keras2", f"the count `{code}` is the length of a Keras Sequence (a step count)")
    if counts_samples:
        return Verdict("keras1", f"the count `{code}` is the length of an array (a sample count)")
    if isinstance(expr, cst.Attribute) and expr.attr.value in SAMPLE_ATTRIBUTES:
        return Verdict("keras1", f"the count `{code}` is an iterator's sample count")
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.FloorDivide, cst.Divide)):
        return Verdict("keras2", f"the count `{code}` is already divided into batches")
    lowered = code.lower()
    if "ceil(" in lowered or "//" in lowered:
        return Verdict("keras2", f"the count `{code}` is already divided into batches")
    words = re.findall(r"[a-z]+", lowered)
    if any(w.startswith("sample") or w == "samples" for w in words):
        return Verdict("keras1", f"the count `{code}` is named as a sample count")
    if any(w.startswith("step") or w in ("batches", "iterations", "iters") for w in words):
        return Verdict("keras2", f"the count `{code}` is named as a step count")
    return Verdict(None, "")


def from_file(source: str) -> Verdict:
    text = code_only(source)
    k1 = _K1.search(text)
    k2 = _K2.search(text)
    if k1 and not k2:
        return Verdict("keras1", f"the file uses the Keras 1 API (`{k1.group(0).rstrip('(= ')}`)")
    if k2 and not k1:
        return Verdict("keras2", f"the file uses the Keras 2 API (`{k2.group(0).rstrip('(= ')}`)")
    if k1 and k2:
        return Verdict(None, f"the file uses both the Keras 1 API (`{k1.group(0).rstrip('(= ')}`) and the Keras 2 API "
                             f"(`{k2.group(0).rstrip('(= ')}`)")
    return Verdict(None, "")


@functools.lru_cache(maxsize=16)
def code_only(source: str) -> str:
    """The source without its comments and string literals: a name in a docstring or a comment
    (``# steps_per_epoch=4``) says nothing about the Keras the code ran on."""
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    text = list(source)
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in (tokenize.COMMENT, tokenize.STRING):
                begin = starts[token.start[0] - 1] + token.start[1]
                end = starts[token.end[0] - 1] + token.end[1]
                text[begin:end] = [c if c == "\n" else " " for c in text[begin:end]]
    except (tokenize.TokenError, SyntaxError, ValueError, IndexError):  # an odd file: the raw text is the fallback
        return source
    return "".join(text)


def keras2_api(source: str) -> Optional[str]:
    """The first Keras 2 name the file's code uses, if any: such a file ran on Keras 2, which reads
    a positional count as steps and converts Keras 1 keywords its own way."""
    found = _K2.search(code_only(source))
    return found.group(0).rstrip("(= ") if found else None


def decide(call: cst.Call, count: cst.BaseExpression, source: str, counts_steps: bool,
           counts_samples: bool, keras2: Optional[str] = None) -> Verdict:
    """The first source of evidence that decides, strongest first; ``dialect`` None if none does.

    What a positional count means depends only on the Keras that ran the call: a file that uses the
    Keras 2 API ran on Keras 2, whatever the count is named or the call's other keywords say
    (Keras 2 renamed ``nb_epoch`` and kept positions as its own)."""
    marker = keras2 or keras2_api(source)
    if marker is not None:
        return Verdict("keras2", f"the file uses the Keras 2 API (`{marker}`), so it ran on Keras 2, which reads "
                                 "a positional count as steps")
    undecided = []
    for verdict in (from_keywords(call), from_count(count, counts_steps, counts_samples), from_file(source)):
        if verdict.dialect is not None:
            return verdict
        if verdict.evidence:
            undecided.append(verdict.evidence)
    if undecided:  # the evidence is there but contradicts itself: say so, never "nothing says"
        return Verdict(None, " and ".join(undecided))
    return Verdict(None, "no keyword, name or API in the file says whether it counts samples or steps")
