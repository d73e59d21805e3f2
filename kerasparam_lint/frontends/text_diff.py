"""The unified diff ``annotate`` and ``check --diff`` print for a changed file."""

from __future__ import annotations

import difflib


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=path,
            tofile=path,
        )
    )
