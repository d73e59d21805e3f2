"""Fast pre-order traversal of libcst trees.

``node.visit(visitor)`` rebuilds every node it passes (dataclass construction and
validation), so one libcst walk costs about as much as the parse. The analyzer only
reads trees, so it walks the nodes' fields directly and skips whitespace and
punctuation, which never hold names or calls.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import libcst as cst

_PUNCTUATION = frozenset(
    {
        "lpar",
        "rpar",
        "lbracket",
        "rbracket",
        "lbrace",
        "rbrace",
        "comma",
        "semicolon",
        "colon",
        "dot",
        "equal",
        "leading_lines",
        "lines_after_decorators",
        "header",
        "footer",
        "indent",
        "trailing_whitespace",
    }
)

# Classes whose dataclass field order is not their source order (e.g. a function's
# decorators come first in the text but after its body in the fields).
_SOURCE_ORDER: dict[type[cst.CSTNode], tuple[str, ...]] = {
    cst.FunctionDef: ("decorators", "name", "type_parameters", "params", "returns", "body"),
    cst.ClassDef: ("decorators", "name", "type_parameters", "bases", "keywords", "body"),
    cst.IfExp: ("body", "test", "orelse"),
    cst.Arg: ("keyword", "value"),
    cst.Parameters: (
        "posonly_params",
        "posonly_ind",
        "params",
        "star_arg",
        "kwonly_params",
        "star_kwarg",
    ),
    cst.ExceptHandler: ("type", "name", "body"),
    cst.MatchCase: ("pattern", "guard", "body"),
}

_FIELDS: dict[type, tuple[str, ...]] = {}


def _syntax_fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _SOURCE_ORDER.get(cls) or tuple(
            f.name
            for f in dataclasses.fields(cls)
            if f.name not in _PUNCTUATION and not f.name.startswith("whitespace")
        )
        _FIELDS[cls] = names
    return names


_NODE_CLASSES: dict[type, bool] = {}
_SKIPPED: dict[tuple[type, tuple[type, ...]], bool] = {}


def _is_node(cls: type) -> bool:
    """``issubclass(cls, cst.CSTNode)``, remembered: libcst's classes are ABCs, whose
    ``isinstance`` costs a Python call each time."""
    known = _NODE_CLASSES.get(cls)
    if known is None:
        known = _NODE_CLASSES[cls] = issubclass(cls, cst.CSTNode)
    return known


def walk(node: cst.CSTNode, skip: tuple[type, ...] = ()) -> Iterator[cst.CSTNode]:
    """``node`` and the syntax nodes below it, in source order.

    Nodes below ``node`` of the ``skip`` types are yielded but not entered, as when a
    libcst visitor's ``visit_*`` returns False (``node`` itself is always entered).
    """
    stack = [node]
    pop, extend = stack.pop, stack.extend
    while stack:
        current = pop()
        yield current
        cls = type(current)
        if skip and current is not node:
            skipped = _SKIPPED.get((cls, skip))
            if skipped is None:
                skipped = _SKIPPED[cls, skip] = issubclass(cls, skip)
            if skipped:
                continue
        children: list[cst.CSTNode] = []
        for name in _syntax_fields(cls):
            value = getattr(current, name)
            kind = type(value)
            if kind is tuple or kind is list:
                children.extend([item for item in value if _is_node(type(item))])
            elif _is_node(kind):
                children.append(value)
        children.reverse()
        extend(children)
