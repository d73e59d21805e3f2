"""The unsafe fix of a comment that disagrees with the code: the code's number in it.

Rewriting the comment makes it true of the code as it is; if the code is what is
wrong (the seed's `Conv2D(512, 2)` meant to be 3x3), the fix hides the bug, so it is
only applied with ``--unsafe-fixes``. Only the stated numbers change, in the form they
were written (`3x3` -> `2x2`, `4,719,104` -> `2,097,664`), and only where the claim
is written once on the comment's line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kerasparam_lint.lint.finding import Edit, Fix
from kerasparam_lint.rules.base import Context
from kerasparam_lint.source.comments import Comment

_DIMS = re.compile(r"\d+(?:\s*[x×X*]\s*\d+)*")
_SEPARATOR = re.compile(r"\s*[x×X*]\s*")


def comment_fix(context: Context, comment: Comment, written: str, true: str) -> Fix | None:
    """Replace the one ``written`` in ``comment`` (on its own line) with ``true``."""
    line = context.edits.lines[comment.line - 1] if comment.line <= len(context.edits.lines) else ""
    start = line.find(written, comment.col)
    if start < 0 or line.find(written, start + 1) >= 0 or written == true:
        return None
    edit = Edit(comment.line, start + 1, comment.line, start + 1 + len(written), true)
    return Fix(f"Write {true} in the comment", (edit,), safe=False)


def with_dims(text: str, dims: Sequence[int]) -> str:
    """``text`` (``3x3 conv``, ``k=5``) with its dims written as ``dims``, in its form: one
    number stays one number when every axis is alike."""
    match = _DIMS.search(text)
    if match is None:
        return text
    old = match.group()
    separator = _SEPARATOR.search(old)
    if separator is None and len(set(dims)) == 1:
        new = str(dims[0])
    else:
        new = (separator.group() if separator else "x").join(str(d) for d in dims)
    return text[: match.start()] + new + text[match.end() :]
