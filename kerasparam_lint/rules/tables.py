"""Layer tables written in docstrings and comment blocks (a pasted ``model.summary()``).

A row reads ``name (Class)  (None, 26, 26, 32)  320``, with or without the box
drawing Keras prints; ``Total params: 54,410`` lines are read too. A table is
tied to a model only when its rows name exactly that model's layers, one row per
layer, with the same classes: a table from another run (other default names) or
another model is never compared.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

_ROW = re.compile(
    r"([A-Za-z_][\w.\-/]*)\s+\((\w+)\)\s*[│|┃]?\s*"
    r"(\((?:None|\d+)(?:\s*,\s*(?:None|\d+))*\s*,?\s*\))\s*[│|┃]?\s*(\d{1,3}(?:,\d{3})+|\d+)\b"
)
_TOTAL = re.compile(r"\b(Total|Trainable|Non-trainable) params:\s*(\d{1,3}(?:,\d{3})+|\d+)\b")


@dataclass(frozen=True)
class Row:
    line: int
    col: int
    name: str
    class_name: str
    shape: tuple[int | None, ...]
    params: int


@dataclass(frozen=True)
class Total:
    line: int
    col: int
    kind: str  # "Total", "Trainable" or "Non-trainable"
    params: int


@dataclass
class Table:
    rows: list[Row]
    totals: list[Total]


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _shape(text: str) -> tuple[int | None, ...]:
    items = [item.strip() for item in text.strip("() ").split(",") if item.strip()]
    return tuple(None if item == "None" else int(item) for item in items)


def _blocks(source: str) -> list[list[tuple[int, int, str]]]:
    """Each string literal, and each run of comment-only lines, as (line, col, text) lines."""
    blocks: list[list[tuple[int, int, str]]] = []
    comments: list[tuple[int, int, str]] = []
    code_lines: set[int] = set()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    for token in tokens:
        if token.type == tokenize.STRING:
            first_line, first_col = token.start
            blocks.append(
                [
                    (first_line + index, first_col if index == 0 else 0, text)
                    for index, text in enumerate(token.string.splitlines())
                ]
            )
        if token.type == tokenize.COMMENT and token.start[0] not in code_lines:
            if comments and comments[-1][0] != token.start[0] - 1:
                blocks.append(comments)
                comments = []
            comments.append((token.start[0], token.start[1], token.string))
        elif token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            code_lines.update(range(token.start[0], token.end[0] + 1))
    if comments:
        blocks.append(comments)
    return blocks


def tables(source: str) -> list[Table]:
    """The blocks holding at least two layer rows."""
    found = []
    for block in _blocks(source):
        rows, totals = [], []
        for line, col, text in block:
            for match in _ROW.finditer(text):
                name, class_name, shape, params = match.groups()
                start = col + match.start()
                rows.append(Row(line, start, name, class_name, _shape(shape), _number(params)))
            for match in _TOTAL.finditer(text):
                totals.append(
                    Total(line, col + match.start(), match.group(1), _number(match.group(2)))
                )
        if len(rows) >= 2:
            found.append(Table(rows, totals))
    return found
