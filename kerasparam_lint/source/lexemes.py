"""The file's comments and string literals, from one pass of :mod:`tokenize`.

Python's tokenizer is written in Python (seconds for a megabyte of source), and the
comment rules and the rules that read tables in docstrings want the same pass: it is
made once per file, and only for a file that has something for them to read.
"""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass, field

_NOT_CODE = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE})


@dataclass(frozen=True)
class Lexeme:
    line: int
    col: int  # 0-based
    text: str  # the token as written: ``# ...`` or the literal with its quotes
    comment: bool  # else a string literal


@dataclass
class Lexemes:
    found: list[Lexeme] = field(default_factory=list)  # in source order
    code_lines: set[int] = field(default_factory=set)  # lines holding any code token

    @property
    def comments(self) -> list[Lexeme]:
        return [lexeme for lexeme in self.found if lexeme.comment]


def lexemes(source: str) -> Lexemes:
    """Comments and strings of ``source``; none at all when it does not tokenize."""
    result = Lexemes()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            kind = token.type
            if kind == tokenize.COMMENT:
                result.found.append(Lexeme(*token.start, token.string, True))
                continue
            if kind == tokenize.STRING:
                result.found.append(Lexeme(*token.start, token.string, False))
            if kind not in _NOT_CODE:
                result.code_lines.update(range(token.start[0], token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError, ValueError):
        return Lexemes()
    return result
