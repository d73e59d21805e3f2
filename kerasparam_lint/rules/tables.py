"""Layer tables written in docstrings and comment blocks (a pasted ``model.summary()``).

A row reads ``name (Class)  (None, 26, 26, 32)  320``, with or without the box
drawing Keras prints; ``Total params: 54,410`` lines are read too. A table is
tied to a model only when its rows name exactly that model's layers, one row per
layer, with the same classes: a table from another run (other default names) or
another model is never compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kerasparam_lint.source.lexemes import Lexemes

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


def _blocks(lexemes: Lexemes) -> list[list[tuple[int, int, str]]]:
    """Each string literal, and each run of comment-only lines, as (line, col, text) lines."""
    blocks: list[list[tuple[int, int, str]]] = []
    comments: list[tuple[int, int, str]] = []
    for lexeme in lexemes.found:
        if not lexeme.comment:
            blocks.append(
                [
                    (lexeme.line + index, lexeme.col if index == 0 else 0, text)
                    for index, text in enumerate(lexeme.text.splitlines())
                ]
            )
        elif lexeme.line not in lexemes.code_lines:
            if comments and comments[-1][0] != lexeme.line - 1:
                blocks.append(comments)
                comments = []
            comments.append((lexeme.line, lexeme.col, lexeme.text))
    if comments:
        blocks.append(comments)
    return blocks


def may_hold_tables(source: str) -> bool:
    """Whether a layer row or a listed table's header is anywhere in the text: the
    tokenizer pass that finds the blocks costs seconds on a big file."""
    return bool(_ROW.search(source) or _HEADER.search(source))


def tables(lexemes: Lexemes) -> list[Table]:
    """The blocks holding at least two layer rows."""
    found = []
    for block in _blocks(lexemes):
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


# Hand-written tables (seed 002): a header naming the columns, then one row per layer in
# model order, named by the author ("conv2d_11", "pool2d_1", "upsample_1").
_FAMILIES = (
    ("input", "InputLayer"),
    ("conv", "Conv"),
    ("pool", "Pooling"),
    ("maxpool", "Pooling"),
    ("drop", "Dropout"),
    ("up", "UpSampling"),
    ("concat", "Concatenate"),
    ("merge", "Concatenate"),
    ("dense", "Dense"),
    ("fc", "Dense"),
    ("flatten", "Flatten"),
    ("bn", "BatchNormalization"),
    ("batchnorm", "BatchNormalization"),
)
_COLUMNS = {
    "params": "params",
    "parameters": "params",
    "kernel": "kernel",
    "depth": "depth",
    "filters": "depth",
    "channels": "depth",
    "out-size": "size",
    "out_size": "size",
    "size": "size",
}
# What a listed table's header (``name, kernel, params``) holds, wherever it is.
_HEADER = re.compile(r"name\s*[,│|┃]", re.I)
_CELL = re.compile(r"\d+(?:\s*[x×]\s*\d+)*")


@dataclass(frozen=True)
class ListedRow:
    line: int
    col: int
    name: str
    family: str  # a fragment of the Keras class name ("Conv", "Pooling", ...)
    values: dict[str, tuple[int, ...]]  # column ("params", "kernel", ...) -> number(s)


def family(name: str) -> str | None:
    stem = re.sub(r"[\d_\-]+", "", name.lower())
    matches = [fragment for prefix, fragment in _FAMILIES if stem.startswith(prefix)]
    return matches[-1] if matches else None


def _cells(text: str) -> list[str]:
    return [cell.strip() for cell in re.split(r",|[│|┃]", text.strip().lstrip("#").strip())]


def listed_tables(lexemes: Lexemes) -> list[list[ListedRow]]:
    """Blocks with a ``name, ..., params`` header, as rows (any unreadable row voids the block)."""
    found = []
    for block in _blocks(lexemes):
        header: dict[int, str] | None = None
        rows: list[ListedRow] | None = []
        for line, col, text in block:
            cells = _cells(text)
            names = [cell.lower() for cell in cells]
            if header is None:
                if names and names[0] == "name" and any(_COLUMNS.get(n) for n in names):
                    header = {i: _COLUMNS[n] for i, n in enumerate(names) if n in _COLUMNS}
                continue
            if len(cells) < 2 or rows is None:
                continue
            kind = family(cells[0])
            plain = [cell.replace(",", "") for cell in cells]
            values = {
                column: tuple(int(d) for d in re.split(r"\s*[x×]\s*", plain[i]))
                for i, column in header.items()
                if i < len(plain) and _CELL.fullmatch(plain[i])
            }
            if kind is None:
                rows = None
                continue
            start = col + len(text) - len(text.lstrip())
            rows.append(ListedRow(line, start, cells[0], kind, values))
        if header is not None and rows:
            found.append(rows)
    return found
