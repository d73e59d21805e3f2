"""Walking CPython's tree statement by statement.

``ast.walk`` visits every expression node too, ten times the statements of a typical
file: what looks only at statements (imports, their ``try:`` guards, where each
statement starts) walks them alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")
_BLOCK_NODES = (ast.stmt, ast.excepthandler, ast.match_case)


def statements(root: ast.AST) -> Iterator[ast.stmt]:
    """``root`` if it is a statement, then every statement nested in it, in source order."""
    stack: list[ast.AST] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.stmt):
            yield node
        for name in _BLOCKS:
            block = getattr(node, name, None)
            if isinstance(block, list):
                stack.extend(
                    reversed([child for child in block if isinstance(child, _BLOCK_NODES)])
                )
