"""pandas tables as the analyzer sees them: how many rows (named), which columns.

A table read from a file has a number of rows the source cannot show, so it is a
named size (``rows``); its columns are known where the file names them
(``usecols=``, ``names=``, ``df[["a", "b"]]``, ``drop(columns=...)`` of known
columns) and otherwise counted by a named size too. ``.values`` and
``.to_numpy()`` turn a table into an :class:`ArrayValue` of shape
``(rows, columns)``. Whatever pandas would do that is not followed here (a
method not listed, a mask, a column added by an expression pandas would have to
run) leaves the column count unknown rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.sizes.dims import is_count

# Methods that keep a table's columns (and, for the first group, its rows).
_SAME_ROWS = {
    "copy",
    "astype",
    "fillna",
    "replace",
    "sort_values",
    "sort_index",
    "abs",
    "round",
    "reset_index",
    "interpolate",
    "ffill",
    "bfill",
    "clip",
}
_FEWER_ROWS = {"dropna", "drop_duplicates", "head", "tail", "sample", "query", "nlargest"}
# Series methods that give a Series of the same length.
_SERIES_SAME = {
    "astype",
    "map",
    "apply",
    "fillna",
    "replace",
    "copy",
    "abs",
    "round",
    "clip",
    "cat",
}


@dataclass(eq=False)
class Frame:
    """One ``DataFrame``: its rows and, where known, its column names (else their count).

    Mutable like the table: ``df["x"] = ...``, ``df.pop("y")`` and ``inplace=True``
    change it for every name bound to it.
    """

    rows: Any
    columns: tuple[Any, ...] | None
    width: Any  # len(columns) when they are known

    @staticmethod
    def named(rows: Any, columns: tuple[Any, ...]) -> Frame:
        return Frame(rows, columns, len(columns))

    def forget_columns(self) -> None:
        self.columns, self.width = None, UNKNOWN


@dataclass(eq=False)
class Series:
    """One column (or a 1-D ``Series``): only its length matters to a model."""

    rows: Any


def to_array(value: Any) -> Any:
    """``.values`` / ``.to_numpy()``."""
    if isinstance(value, Frame):
        return ArrayValue((value.rows, value.width))
    if isinstance(value, Series):
        return ArrayValue((value.rows,))
    return UNKNOWN


def shape(value: Any) -> Any:
    """``df.shape`` as the program sees it: the counts only (``df.shape[1] - 1``)."""
    dims = (value.rows, value.width) if isinstance(value, Frame) else (value.rows,)
    return tuple(d if is_count(d) else UNKNOWN for d in dims)


# ------------------------------------------------------------------ selecting columns
def select(frame: Frame, key: Any) -> Any:
    """``df["a"]`` (a Series), ``df[["a", "b"]]`` (a table), or UNKNOWN (masks, slices)."""
    if isinstance(key, str):
        if frame.columns is not None and key not in frame.columns:
            return UNKNOWN  # pandas raises KeyError
        return Series(frame.rows)
    if isinstance(key, (list, tuple)) and all(isinstance(k, str) for k in key):
        if frame.columns is not None and not set(key) <= set(frame.columns):
            return UNKNOWN
        return Frame.named(frame.rows, tuple(key))
    if isinstance(key, Series):  # a boolean mask: fewer rows, the same columns
        return Frame(UNKNOWN, frame.columns, frame.width)
    return UNKNOWN


def drop(frame: Frame, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``df.drop(columns=[...])`` / ``df.drop([...], axis=1)``; rows dropped keep the columns."""
    labels = args[0] if args else kwargs.get("labels")
    axis = args[1] if len(args) > 1 else kwargs.get("axis", 0)
    names = kwargs.get("columns")
    if names is None and axis in (1, "columns"):
        names = labels
    elif names is None:
        return Frame(UNKNOWN, frame.columns, frame.width) if labels is not None else UNKNOWN
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
        return _unknown_columns(frame)
    if len(set(names)) != len(names):
        return _unknown_columns(frame)
    if frame.columns is not None:
        if not set(names) <= set(frame.columns):
            return UNKNOWN  # pandas raises KeyError
        kept = tuple(c for c in frame.columns if c not in names)
        return Frame.named(frame.rows, kept)
    return Frame(frame.rows, None, frame.width - len(names))


def pop(frame: Frame, name: Any) -> Any:
    """``df.pop("label")``: the column comes out of the table."""
    if not isinstance(name, str):
        frame.forget_columns()
        return UNKNOWN
    if frame.columns is not None:
        if name not in frame.columns:
            return UNKNOWN
        frame.columns = tuple(c for c in frame.columns if c != name)
        frame.width = len(frame.columns)
    else:
        frame.width = frame.width - 1
    return Series(frame.rows)


def set_column(frame: Frame, key: Any) -> None:
    """``df[key] = ...``: a new column is added; an existing one is replaced."""
    if isinstance(key, str) and frame.columns is not None:
        if key not in frame.columns:
            frame.columns = (*frame.columns, key)
            frame.width = len(frame.columns)
        return
    frame.forget_columns()


def positional(frame: Frame, key: Any) -> Any:
    """``df.iloc[rows, cols]``: slices and lists of positions, as pandas takes them."""
    rows_key, cols_key = key if isinstance(key, tuple) and len(key) == 2 else (key, slice(None))
    if isinstance(rows_key, slice) and rows_key == slice(None):
        rows = frame.rows
    elif isinstance(rows_key, slice):
        rows = UNKNOWN
    else:
        return UNKNOWN  # one row: a Series across the columns
    if is_count(cols_key):
        return Series(rows) if _position_exists(frame.width, cols_key) else UNKNOWN
    if isinstance(cols_key, slice):
        return _column_slice(frame, rows, cols_key)
    if isinstance(cols_key, (list, tuple)) and all(is_count(k) for k in cols_key):
        if not all(_position_exists(frame.width, k) for k in cols_key):
            return UNKNOWN
        if frame.columns is not None:
            return Frame.named(rows, tuple(frame.columns[k] for k in cols_key))
        return Frame(rows, None, len(cols_key))
    return UNKNOWN


def _position_exists(width: Any, position: int) -> bool:
    """A position past a known width raises in pandas; one of a width not counted is taken
    to exist (if it did not, the program would stop there, before any model)."""
    return not is_count(width) or -width <= position < width


def _column_slice(frame: Frame, rows: Any, key: slice) -> Any:
    if not all(part is None or is_count(part) for part in (key.start, key.stop, key.step)):
        return UNKNOWN
    if frame.columns is not None:
        return Frame.named(rows, frame.columns[key])
    if is_count(frame.width):
        return Frame(rows, None, len(range(frame.width)[key]))
    start, stop = key.start or 0, key.stop
    # A count of columns not known still fixes what dropping some at either end leaves.
    if key.step in (None, 1) and start >= 0 and (stop is None or stop < 0):
        return Frame(rows, None, frame.width - start + (stop or 0))
    return Frame(rows, None, UNKNOWN)


def _unknown_columns(frame: Frame) -> Frame:
    return Frame(frame.rows, None, UNKNOWN)


def same_columns(frame: Frame, method: str) -> Any:
    """A method that keeps the columns (and the rows, for the first group)."""
    rows = frame.rows if method in _SAME_ROWS else UNKNOWN
    return Frame(rows, frame.columns, frame.width)


def keeps_columns(method: str) -> bool:
    return method in _SAME_ROWS or method in _FEWER_ROWS


def series_keeps_length(method: str) -> bool:
    return method in _SERIES_SAME
