"""The fix of a keyword Keras 3 renamed: the same argument under its Keras 3 name.

A rename is offered only where the new name means what the old one meant
(``border_mode`` is ``padding``, ``input`` is ``inputs``), never where the call
already passes the new name (that would be a duplicate keyword) nor where the
value's spelling changed too and is not a literal (``dim_ordering=ordering``).
"""

from __future__ import annotations

import ast
import re
from typing import Any

from kerasparam_lint.lint.finding import Edit, Fix
from kerasparam_lint.rules.base import Context

# The evaluator's words for a rename (``removed_api.renamed_keyword_message``).
_RENAMED = re.compile(r"`(\w+)`; Keras 3 calls it `(\w+)`")
# Keras 1's dim_ordering values, as Keras 3's data_format spells them.
_DATA_FORMATS = {"tf": "channels_last", "th": "channels_first"}
# Two keywords that become one (``nb_row=3, nb_col=3`` is ``kernel_size=(3, 3)``).
_MERGED = ("nb_row", "nb_col")


def renamed_keyword(message: str) -> tuple[str, str] | None:
    """``(old, new)`` when the evaluator's message reports a renamed keyword."""
    match = _RENAMED.search(message)
    return (match.group(1), match.group(2)) if match else None


def rename_edits(
    context: Context, line: int, col: int, renames: list[tuple[str, str]]
) -> tuple[Edit, ...] | None:
    """The edits renaming each ``old=`` keyword of the call at ``(line, col)`` to ``new=``."""
    call = context.call_at(line, col)
    if call is None:
        return None
    given = {keyword.arg: keyword for keyword in call.keywords if keyword.arg is not None}
    if any(old in _MERGED for old, _ in renames):
        return _kernel_size_edits(context, call, given) if len(renames) == 1 else None
    edits = []
    for old, new in renames:
        keyword = given.get(old)
        if keyword is None or new in given or old in _MERGED:
            return None
        edit = _rename(context, keyword, old, new)
        if edit is None:
            return None
        edits.append(edit)
    return tuple(edits)


def _kernel_size_edits(
    context: Context, call: ast.Call, given: dict[str, ast.keyword]
) -> tuple[Edit, ...] | None:
    """``nb_row=3, nb_col=5`` -> ``kernel_size=(3, 5)``: the first of the two becomes
    ``kernel_size``, the second goes with the comma before it."""
    rows, cols = given.get("nb_row"), given.get("nb_col")
    if rows is None or cols is None or "kernel_size" in given:
        return None
    first, second = sorted((rows, cols), key=lambda k: (k.lineno, k.col_offset))
    text = context.edits.text
    merged = f"kernel_size=({text(rows.value)}, {text(cols.value)})"
    arguments = sorted(
        (*call.args, *call.keywords), key=lambda node: (node.lineno, node.col_offset)
    )
    before = arguments[arguments.index(second) - 1]
    end_line, end_col = second.end_lineno or second.lineno, second.end_col_offset or 0
    removal = context.edits.span(
        before.end_lineno or before.lineno, before.end_col_offset or 0, end_line, end_col, ""
    )
    return (context.edits.replace(first, merged), removal)


def _rename(context: Context, keyword: ast.keyword, old: str, new: str) -> Edit | None:
    if new == "data_format":
        value = keyword.value
        if not (isinstance(value, ast.Constant) and value.value in _DATA_FORMATS):
            return None
        quote = context.edits.text(value)[0]
        if quote not in "'\"":
            return None
        return context.edits.replace(keyword, f"{new}={quote}{_DATA_FORMATS[value.value]}{quote}")
    end = keyword.col_offset + len(old)
    return context.edits.span(keyword.lineno, keyword.col_offset, keyword.lineno, end, new)


def renamed_keyword_fix(problem: Any, context: Context) -> Fix | None:
    """The fix of an evaluator problem that reports a renamed keyword (else None)."""
    renamed = renamed_keyword(problem.message)
    if renamed is None:
        return None
    return rename_fix(context, problem.line, problem.col, [renamed])


def rename_fix(context: Context, line: int, col: int, renames: list[tuple[str, str]]) -> Fix | None:
    edits = rename_edits(context, line, col, renames)
    if not edits:
        return None
    old = ", ".join(f"`{o}`" for o, _ in renames)
    new = ", ".join(f"`{n}`" for _, n in renames)
    return Fix(f"Rename {old} to {new}", edits)
