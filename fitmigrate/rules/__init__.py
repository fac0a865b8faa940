"""The catalog of diagnostic codes: one module per rule, found by walking this package.

A rule is a class with its code, name, severity, a one-line summary, what to do (``FIX``), how safe
``migrate``'s own fix is (``FIX_SAFETY``), and ``VALID``/``INVALID`` example sources. The examples
are the rule's documentation (``fitmigrate rules FMxxx``) and its tests (``tests/test_rules.py``).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import textwrap
from functools import lru_cache
from typing import ClassVar, Dict, List, Type, Union

Source = Union[str, bytes]


class Rule:
    CODE: ClassVar[str]
    NAME: ClassVar[str]
    # "error": the call or file is left as it was; "warning": migrated, behaviour to review; "info": a decision explained.
    SEVERITY: ClassVar[str]
    SUMMARY: ClassVar[str]
    FIX: ClassVar[str]
    # "safe": migrate fixes it keeping behaviour; "unsafe": migrate fixes it but behaviour may change; "none": by hand.
    FIX_SAFETY: ClassVar[str]
    VALID: ClassVar[List[Source]] = []
    INVALID: ClassVar[List[Source]] = []


@lru_cache(maxsize=None)
def _catalog() -> Dict[str, Type[Rule]]:
    found: Dict[str, Type[Rule]] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Rule) and obj is not Rule and obj.__module__ == module.__name__:
                if obj.CODE in found:
                    raise RuntimeError(f"two rules claim {obj.CODE}")
                found[obj.CODE] = obj
    return dict(sorted(found.items()))


def all_rules() -> List[Type[Rule]]:
    return list(_catalog().values())


def rule_for(code: str) -> Type[Rule]:
    return _catalog()[code]


_RST_LITERAL = re.compile(r"(?::[a-z]+:)?``(.+?)``|:[a-z]+:`([^`]+)`", re.S)


def markup(text: str) -> str:
    """Rule text in one markup, Markdown's: reST literals (double backquotes, and roles such as
    ``:func:``) become Markdown literals in single backquotes.

    Rule docstrings are reST, like every docstring of the package, while messages, fixes and safety notes
    use Markdown's single backquotes; the terminal and SARIF show the rule in one of them.
    """
    return _RST_LITERAL.sub(lambda m: f"`{m.group(1) if m.group(1) is not None else m.group(2)}`", text)


def _example(source: Source) -> str:
    text = source.decode("utf-8", errors="replace") if isinstance(source, bytes) else source
    return textwrap.indent(text.rstrip("\n"), "    ")


def explain(rule: Type[Rule]) -> str:
    doc = markup(inspect.cleandoc(rule.__doc__ or ""))
    parts = [f"{rule.CODE} {rule.NAME} ({rule.SEVERITY})", "", markup(rule.SUMMARY), "", "What it does / why", doc]
    if rule.INVALID:
        parts += ["", "Example (reported)", _example(rule.INVALID[0])]
    if rule.VALID:
        parts += ["", "Not reported", _example(rule.VALID[0])]
    safety = {"safe": "safe: `fitmigrate migrate` fixes it and keeps behaviour",
              "unsafe": "unsafe: `fitmigrate migrate` fixes it, but behaviour may change: review the diff",
              "none": "none: fix it by hand"}[rule.FIX_SAFETY]
    parts += ["", "Fix", markup(rule.FIX), "", "Fix safety", safety]
    return "\n".join(parts)
