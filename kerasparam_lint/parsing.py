"""Parsing one source text: CPython's parser first, then libcst's.

CPython's errors are Python's own (flake8 shows them as E999), and CPython refuses
the deep nesting that libcst's parser handles in quadratic time or, at a few
thousand brackets, by crashing the process. Source positions come from the ast
tree, so the first parse is not wasted.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass

import libcst as cst


class Unparsable(Exception):
    """The text is not Python this tool can read: where and why."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message  # column: 0-based


@dataclass(frozen=True)
class Parsed:
    tree: ast.Module
    module: cst.Module


def parse(source: str) -> Parsed:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences: not ours to report
            tree = ast.parse(source)
        module = cst.parse_module(source)
    except SyntaxError as error:
        raise Unparsable(error.lineno or 1, max((error.offset or 1) - 1, 0), error.msg) from None
    except ValueError as error:  # null bytes
        raise Unparsable(1, 0, str(error)) from None
    except (RecursionError, MemoryError):
        raise Unparsable(1, 0, "too deeply nested for Python's parser") from None
    except cst.ParserSyntaxError as error:
        raise Unparsable(error.raw_line, error.raw_column, error.message) from None
    return Parsed(tree, module)
