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
import re
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field

import libcst as cst

from kerasparam_lint.source.from_ast import BIG_TEXT_CHARACTERS, module_from_ast
from kerasparam_lint.source.positions import Position


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
    text: str  # what the trees are of: the source, its inert statements elided
    # Where each call of a statement built from ``tree`` is (by id): no pairing needed.
    call_positions: dict[int, Position] = field(default_factory=dict)


# A top-level statement longer than this that makes no call (a data literal, a long
# string) cannot build a model: libcst, 15 times slower than CPython's parser and 40 times
# its memory, reads it as an unknown value instead.
INERT_STATEMENT_CHARACTERS = 20_000
ELIDED = "__kerasparam_lint_elided__"  # a name no code binds: its value is unknown


def parse(source: str) -> Parsed:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences: not ours to report
            tree = ast.parse(source)
            text = without_inert_statements(source, tree)
            if text is not source:
                tree = ast.parse(text)  # small now: the rules walk this tree
    except SyntaxError as error:
        raise Unparsable(error.lineno or 1, max((error.offset or 1) - 1, 0), error.msg) from None
    except ValueError as error:  # null bytes
        raise Unparsable(1, 0, str(error)) from None
    except (RecursionError, MemoryError):
        raise Unparsable(1, 0, "too deeply nested for Python's parser") from None
    try:
        module, calls = _libcst_module(tree, text)
    except cst.ParserSyntaxError as error:
        message = " ".join(error.message.split())
        raise BeyondLibcst(error.raw_line, error.raw_column, message) from None
    except (RecursionError, MemoryError):
        raise BeyondLibcst(1, 0, "too deeply nested for libcst's parser") from None
    return Parsed(tree, module, text, calls)


def _libcst_module(tree: ast.Module, text: str) -> tuple[cst.Module, dict[int, Position]]:
    if len(text) > BIG_TEXT_CHARACTERS:
        try:
            return module_from_ast(tree, text)
        except cst.ParserSyntaxError:  # the whole text's parse says where, in its lines
            pass
    return cst.parse_module(text), {}


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


def without_inert_statements(source: str, tree: ast.Module) -> str:
    """``source`` with each long top-level statement that makes no call replaced, on the
    same lines, by one binding the same names to an unknown value (``x = (elided ...)``)."""
    if len(source) <= INERT_STATEMENT_CHARACTERS:
        return source
    lines = source.splitlines(keepends=True)
    body = tree.body
    replaced = False
    for index, statement in enumerate(body):
        first, last = statement.lineno, statement.end_lineno or statement.lineno
        if last - first < 1 and len(lines[first - 1]) <= INERT_STATEMENT_CHARACTERS:
            continue
        alone = (index == 0 or (body[index - 1].end_lineno or 0) < first) and (
            index + 1 == len(body) or body[index + 1].lineno > last
        )
        head = _inert_head(statement, lines[first - 1]) if alone else None
        if head is None or _length(lines, first, last) <= INERT_STATEMENT_CHARACTERS:
            continue
        value = lines[first - 1][len(head) :] + "".join(lines[first:last])
        if _ACTIVE.search(value):
            continue
        ending = "\n" if lines[last - 1].endswith("\n") else ""
        lines[first - 1] = f"{head}({ELIDED}" + "\n" * (last - first) + ")" + ending
        for number in range(first, last):
            lines[number] = ""
        replaced = True
    return "".join(lines) if replaced else source


def _length(lines: list[str], first: int, last: int) -> int:
    return sum(len(line) for line in lines[first - 1 : last])


def _inert_head(statement: ast.stmt, first_line: str) -> str | None:
    """The text before the value (``DATA = ``, ``x: list = ``, or nothing for a bare
    expression) when the statement starts its line and its value makes no call."""
    if statement.col_offset != 0:
        return None
    if isinstance(statement, ast.Expr):
        value, head_end = statement.value, 0
    elif isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
        value = statement.value
        if value.lineno != statement.lineno:
            return None
        head_end = value.col_offset
    else:
        return None
    return first_line.encode("utf-8")[:head_end].decode("utf-8", errors="replace")


# Text that may call, or bind a name, inside an expression: a call's bracket after a
# name, a closing bracket or a string, and the keywords (read in strings too: then the
# statement is kept, never elided wrongly).
_ACTIVE = re.compile(r"[\w)\]}'\"]\s*\(|\blambda\b|:=|\byield\b|\bawait\b")
