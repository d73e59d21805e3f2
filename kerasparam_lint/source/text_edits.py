"""Edits on a source text at line/column positions, and applying them.

``ast`` gives columns as UTF-8 byte offsets; an :class:`~kerasparam_lint.lint.finding.Edit`
counts characters, so a fix is the same on a line with non-ASCII text (a comment in
Chinese before a layer call) as on any other.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from kerasparam_lint.lint.finding import Edit

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def source_lines(source: str) -> list[str]:
    """The lines of ``source`` as Python numbers them, each with its line break."""
    lines: list[str] = []
    start = 0
    for match in _LINE_BREAK.finditer(source):
        lines.append(source[start : match.end()])
        start = match.end()
    if start < len(source) or not lines:
        lines.append(source[start:])
    return lines


class EditMaker:
    """Builds character-based edits of one text from ``ast`` positions."""

    def __init__(self, source: str) -> None:
        self.lines = source_lines(source)

    def column(self, line: int, byte_col: int) -> int:
        """The 1-based character column of ``ast``'s 0-based byte offset on ``line``."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace")) + 1

    def span(
        self, line: int, byte_col: int, end_line: int, end_byte_col: int, content: str
    ) -> Edit:
        return Edit(
            line,
            self.column(line, byte_col),
            end_line,
            self.column(end_line, end_byte_col),
            content,
        )

    def before(self, node: ast.expr, text: str) -> Edit:
        """Insert ``text`` where ``node`` starts."""
        return self.span(node.lineno, node.col_offset, node.lineno, node.col_offset, text)

    def after(self, node: ast.expr, text: str) -> Edit:
        """Insert ``text`` where ``node`` ends."""
        line = node.end_lineno or node.lineno
        col = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        return self.span(line, col, line, col, text)

    def replace(self, node: ast.expr | ast.keyword | ast.arg, content: str) -> Edit:
        """Replace the whole of ``node`` with ``content``."""
        end_line = node.end_lineno or node.lineno
        end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        return self.span(node.lineno, node.col_offset, end_line, end_col, content)

    def text(self, node: ast.expr | ast.keyword | ast.arg) -> str:
        """The source text of ``node``, as written."""
        edit = self.replace(node, "")
        if edit.line == edit.end_line:
            return self.lines[edit.line - 1][edit.col - 1 : edit.end_col - 1]
        first = self.lines[edit.line - 1][edit.col - 1 :]
        middle = self.lines[edit.line : edit.end_line - 1]
        return first + "".join(middle) + self.lines[edit.end_line - 1][: edit.end_col - 1]


def overlaps(first: Edit, second: Edit) -> bool:
    """Two edits touch the same text (or insert at the same place), so one must wait."""
    a, b = sorted((first, second))
    return (b.line, b.col) < (a.end_line, a.end_col) or (a.line, a.col) == (b.line, b.col)


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    """``source`` with every edit made; the edits must not overlap."""
    lines = source_lines(source)
    offsets = [0]
    for text in lines:
        offsets.append(offsets[-1] + len(text))

    def offset(line: int, col: int) -> int:
        return offsets[line - 1] + col - 1

    result = source
    for edit in sorted(edits, reverse=True):
        start, end = offset(edit.line, edit.col), offset(edit.end_line, edit.end_col)
        result = result[:start] + edit.content + result[end:]
    return result
