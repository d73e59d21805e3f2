"""Lines Python cannot parse, read as blank so that the rest of the file is analyzed.

Model code is often pasted from notebooks and old tutorials: ``%matplotlib inline``,
``!pip install keras``, Python 2's ``print x`` or a sentence of prose between the
statements. Such a line is a statement of its own that builds nothing, so reading it
as blank (``pass`` where it is indented, keeping the block) leaves every model as
the author meant it. Only lines of these kinds are blanked, one at a time where
CPython's parser stops; any other error leaves the file unparsable, as before.
Every other line, and so every position, stays as it was.
"""

from __future__ import annotations

import ast
import keyword
import re
import warnings
from dataclasses import dataclass

# At most this many lines are blanked; a file needing more is not Python.
MAX_BLANKED_LINES = 200

_MAGIC = re.compile(r"\s*(%|!|\?)")
_PRINT_STATEMENT = re.compile(r"\s*print(\s*$|\s+[^\s(=.]|\s*>>)")
_TWO_WORDS = re.compile(r"([A-Za-z_]\w*)\s+([A-Za-z_]\w*)")
_CODE_CHARACTERS = set("()[]{}='\"\\#@")


@dataclass(frozen=True)
class BlankedText:
    """The text as analyzed and the lines blanked in it."""

    text: str
    lines: tuple[int, ...]


def blank_unparsable_lines(source: str) -> BlankedText | None:
    """The source with its notebook, Python 2 ``print`` and prose lines blanked, or None
    when an error remains on a line of any other kind."""
    lines = source.split("\n")
    blanked: list[int] = []
    while len(blanked) <= MAX_BLANKED_LINES:
        error = _syntax_error("\n".join(lines))
        if error is None:
            break
        number = error.lineno or 0
        if not 1 <= number <= len(lines) or number in blanked:
            return None
        if not _statement_without_effect(lines[number - 1]):
            return None
        lines[number - 1] = _blank(lines[number - 1])
        blanked.append(number)
    else:
        return None
    if not blanked:
        return None
    return BlankedText("\n".join(lines), tuple(sorted(blanked)))


def _syntax_error(text: str) -> SyntaxError | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except SyntaxError as error:
        return error
    except (ValueError, RecursionError, MemoryError):
        return SyntaxError("not parsable")
    return None


def _statement_without_effect(line: str) -> bool:
    """A notebook magic or shell line, a Python 2 ``print``, or a line of prose."""
    if _MAGIC.match(line) or _PRINT_STATEMENT.match(line):
        return True
    return _prose(line.strip())


def _prose(text: str) -> bool:
    """Words in a row that no Python statement has: ``Now we define the model``."""
    if not text or _CODE_CHARACTERS & set(text):
        return False
    first = text.split()[0]
    if keyword.iskeyword(first):
        return False
    return any(
        not keyword.iskeyword(a) and not keyword.iskeyword(b) for a, b in _TWO_WORDS.findall(text)
    )


def _blank(line: str) -> str:
    indent = line[: len(line) - len(line.lstrip())]
    return f"{indent}pass" if indent else ""
