"""The file's comments, and which source lines each one talks about.

Comments come from :mod:`tokenize` (cheap: no libcst metadata). A trailing
comment talks about its own line; a comment on a line of its own talks about
the statement directly below it (the next code line, after any further comment
lines but no blank line): all of a simple statement's lines, only the header of
a compound one, or just the next line inside brackets.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass

from kerasparam_lint.source.noqa import NOQA_INLINE

_CODE_TOKENS = frozenset(
    {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
)
_FLAKE8_FILE = re.compile(r"flake8[:=]\s*noqa", re.I)


@dataclass(frozen=True)
class Comment:
    line: int
    col: int
    text: str  # without the leading '#' and any noqa directive
    trailing: bool


class FileComments:
    def __init__(self, source: str, tree: ast.Module | None) -> None:
        self.comments: list[Comment] = []
        self._code_lines: set[int] = set()
        self._spans: dict[int, tuple[int, int]] = {}
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        except (tokenize.TokenError, SyntaxError, ValueError):
            return
        if tree is None:
            return
        for token in tokens:
            if token.type == tokenize.COMMENT:
                trailing = token.start[0] in self._code_lines
                text = _FLAKE8_FILE.sub("", NOQA_INLINE.sub("", token.string[1:])).strip()
                self.comments.append(Comment(token.start[0], token.start[1], text, trailing))
            elif token.type not in _CODE_TOKENS and token.type != tokenize.ENDMARKER:
                self._code_lines.update(range(token.start[0], token.end[0] + 1))
        for node in ast.walk(tree):
            if isinstance(node, ast.stmt):
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
