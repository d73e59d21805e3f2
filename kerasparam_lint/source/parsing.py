"""Parsing one source text: CPython's parser first, then libcst's.

CPython's errors are Python's own (flake8 shows them as E999), and CPython refuses
the deep nesting that libcst's parser handles in quadratic time or, at a few
thousand brackets, by crashing the process. Source positions come from the ast
tree, so the first parse is not wasted.

Each text is parsed once per process while it is recent (:data:`SHARED`): a run over
a folder analyzes files that also import each other (every keras.applications
model imports imagenet_utils), and the trees are only read, never changed.
"""

from __future__ import annotations

import ast
import warnings
from collections import OrderedDict
from dataclasses import dataclass

import libcst as cst


class Unparsable(Exception):
    """The text is not Python this tool can read: where and why."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message  # column: 0-based


class BeyondLibcst(Unparsable):
    """Python's parser accepts the text but libcst's does not (5,000 implicitly
    concatenated strings): the code is not at fault, only this tool cannot read it."""


@dataclass(frozen=True)
class Parsed:
    tree: ast.Module
    module: cst.Module


def parse(source: str) -> Parsed:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences: not ours to report
            tree = ast.parse(source)
    except SyntaxError as error:
        raise Unparsable(error.lineno or 1, max((error.offset or 1) - 1, 0), error.msg) from None
    except ValueError as error:  # null bytes
        raise Unparsable(1, 0, str(error)) from None
    except (RecursionError, MemoryError):
        raise Unparsable(1, 0, "too deeply nested for Python's parser") from None
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        message = " ".join(error.message.split())
        raise BeyondLibcst(error.raw_line, error.raw_column, message) from None
    except (RecursionError, MemoryError):
        raise BeyondLibcst(1, 0, "too deeply nested for libcst's parser") from None
    return Parsed(tree, module)


class ParseCache:
    """The trees of the texts parsed last, up to ``characters`` of source in all.

    A tree takes about 50 bytes per character of its source, so the bound is one of
    memory; a text that does not parse is parsed (and raises) again each time.
    """

    def __init__(self, characters: int) -> None:
        self._limit = characters
        self._size = 0
        self._trees: OrderedDict[str, Parsed] = OrderedDict()

    def parse(self, source: str) -> Parsed:
        parsed = self._trees.get(source)
        if parsed is not None:
            self._trees.move_to_end(source)
            return parsed
        parsed = parse(source)
        self._trees[source] = parsed
        self._size += len(source)
        while self._size > self._limit and len(self._trees) > 1:
            oldest, _ = self._trees.popitem(last=False)
            self._size -= len(oldest)
        return parsed

    def clear(self) -> None:
        self._trees.clear()
        self._size = 0


SHARED = ParseCache(characters=500_000)  # about 25 MB of trees
