"""One axis of a shape, as far as the file shows it.

An axis is a count (an int), Keras' ``None`` (a size left open), a *named* size
(:class:`~kerasparam_lint.sizes.expression.Size`: the rows of a table read from a
file, an undefined ``time_steps``, ``cols - 1`` after dropping a column) or
UNKNOWN. A named size is a size the file names but does not count: it is printed
by name and never compared with a count, so no finding comes from it.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.sizes.expression import Size


def is_count(dim: Any) -> bool:
    """An axis the file fixes: a plain int."""
    return isinstance(dim, int) and not isinstance(dim, bool)


def differ(a: Any, b: Any) -> bool:
    """Two axes certainly differ: both are counts and they are not equal."""
    return is_count(a) and is_count(b) and a != b


def dim_text(dim: Any) -> str:
    if dim is None:
        return "None"
    if is_count(dim) or isinstance(dim, Size):
        return str(dim)
    return "?"


def shape_text(shape: tuple[Any, ...]) -> str:
    """``(rows, 28, 28)``; a 1-tuple keeps its comma, as Python prints it."""
    inner = ", ".join(dim_text(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


class SizeNames:
    """Fresh names for the sizes one analysis reads from outside the file.

    Each table read gets its own ``rows`` (``rows``, ``rows2``, ...): two files'
    lengths are never taken to be equal, while the columns of one table share it.
    """

    def __init__(self) -> None:
        self._used: dict[str, int] = {}

    def new(self, base: str) -> Size:
        count = self._used.get(base, 0) + 1
        self._used[base] = count
        return Size.variable(base if count == 1 else f"{base}{count}")
