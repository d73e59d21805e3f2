"""The unified diff ``annotate`` and ``check --diff`` print for a changed file.

A notebook's diff is one per changed cell, headed ``nb.ipynb:cell 3`` (as ruff
heads it), over the cell's source rather than the file's JSON.
"""

from __future__ import annotations

import difflib

from kerasparam_lint.lint.fixable import Fixable
from kerasparam_lint.source.notebook import Notebook


def changes_diff(path: str, before: Fixable, after: Fixable) -> str:
    if isinstance(before, Notebook) and isinstance(after, Notebook):
        return "".join(
            unified_diff(f"{path}:cell {number}", old, new)
            for number, old, new in before.changed_cells(after)
        )
    return unified_diff(path, before.text, after.text)


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=path,
            tofile=path,
        )
    )
