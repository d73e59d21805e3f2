"""Facts read off the syntax tree alone: literals, dotted names, names a block binds."""

from __future__ import annotations

import ast
import functools
from typing import Any

import libcst as cst

from kerasparam_lint.source.cst_walk import walk


@functools.lru_cache(maxsize=4096)
def literal(text: str) -> Any:
    """A literal's value. Cached: models repeat a few literals ('same', 'relu', 3) and
    each ``literal_eval`` compiles its text."""
    return ast.literal_eval(text)


def dotted_name(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return dotted_name(node.value) + "." + node.attr.value
    return ""


def as_name(alias: cst.ImportAlias) -> str | None:
    if alias.asname is None:
        return None
    name = alias.asname.name
    return name.value if isinstance(name, cst.Name) else None


def names_and_assignments(node: cst.CSTNode) -> tuple[set[str], set[str]]:
    """Every name ``node`` mentions, and the names it (re)binds."""
    names: set[str] = set()
    assigned: set[str] = set()
    for child in walk(node):
        if isinstance(child, cst.Name):
            names.add(child.value)
        elif isinstance(child, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For)):
            assigned.update(_target_names(child.target))
        elif isinstance(child, (cst.FunctionDef, cst.ClassDef)):
            assigned.add(child.name.value)
        elif isinstance(child, cst.ImportAlias):
            assigned.add(as_name(child) or dotted_name(child.name).split(".")[0])
    return names, assigned


def _target_names(target: cst.BaseExpression) -> set[str]:
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        return {n for e in target.elements for n in _target_names(e.value)}
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return set()


def contains_yield(body: cst.CSTNode) -> bool:
    return any(isinstance(node, cst.Yield) for node in walk(body, skip=(cst.FunctionDef,)))


def is_name(node: cst.BaseExpression, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name
