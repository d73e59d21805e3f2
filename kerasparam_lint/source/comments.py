"""The file's comments, and which source lines each one talks about.

Comments come from :mod:`tokenize` (no libcst metadata), in the pass of
:mod:`kerasparam_lint.source.lexemes`. A trailing
comment talks about its own line; a comment on a line of its own talks about
the statement directly below it (the next code line, after any further comment
lines but no blank line): all of a simple statement's lines, only the header of
a compound one, or just the next line inside brackets.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from kerasparam_lint.source.ast_walk import statements
from kerasparam_lint.source.lexemes import Lexemes
from kerasparam_lint.source.noqa import NOQA_INLINE

_FLAKE8_FILE = re.compile(r"flake8[:=]\s*noqa", re.I)


@dataclass(frozen=True)
class Comment:
    line: int
    col: int
    text: str  # without the leading '#' and any noqa directive
    trailing: bool


class FileComments:
    def __init__(self, lexemes: Lexemes, tree: ast.Module | None) -> None:
        self.comments: list[Comment] = []
        self._code_lines = lexemes.code_lines
        self._spans: dict[int, tuple[int, int]] = {}
        if tree is None:
            return
        for lexeme in lexemes.comments:
            trailing = lexeme.line in self._code_lines
            text = _FLAKE8_FILE.sub("", NOQA_INLINE.sub("", lexeme.text[1:])).strip()
            self.comments.append(Comment(lexeme.line, lexeme.col, text, trailing))
        if self.comments:
            for node in statements(tree):
                self._spans.setdefault(node.lineno, _span(node))
        self._comment_lines = {c.line for c in self.comments if not c.trailing}

    def subject_lines(self, comment: Comment) -> range:
        """The lines ``comment`` talks about (empty when nothing is directly below it)."""
        if comment.trailing:
            return range(comment.line, comment.line + 1)
        line = comment.line + 1
        while line in self._comment_lines:
            line += 1
        if line not in self._code_lines:
            return range(0)
        first, last = self._spans.get(line, (line, line))
        return range(first, last + 1)


def _span(node: ast.stmt) -> tuple[int, int]:
    body = getattr(node, "body", None)
    if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
        return node.lineno, max(node.lineno, body[0].lineno - 1)
    return node.lineno, node.end_lineno or node.lineno
