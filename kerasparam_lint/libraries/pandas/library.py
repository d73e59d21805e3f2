"""The pandas library: ``read_csv`` and the table operations that select training data."""

from __future__ import annotations

from functools import partial
from typing import Any

from kerasparam_lint.evaluator.library import NOT_MINE, Evaluation, Library
from kerasparam_lint.evaluator.values import Builtin, CallSite, Namespace, member_path
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.libraries.pandas import frames
from kerasparam_lint.libraries.pandas.frames import Frame, Series

_READERS = ("read_csv", "read_table", "read_excel")


class PandasLibrary(Library):
    """Tables whose rows are a named size and whose columns are known where the file says."""

    def __init__(self, evaluation: Evaluation) -> None:
        super().__init__(evaluation)
        members = {name: Builtin(f"pandas.{name}", self._read) for name in _READERS}
        self._roots = {"pandas": Namespace("pandas", members)}

    def resolve(self, dotted: str) -> Any:
        found = member_path(self._roots, dotted)
        return NOT_MINE if found is None else found

    def _read(self, interp: Any, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        """A table from a file: named rows; columns as ``usecols=``/``names=`` list them."""
        rows = self.shared.sizes.new("rows")
        columns = kwargs.get("usecols", kwargs.get("names"))
        if isinstance(columns, (list, tuple)) and all(isinstance(c, str) for c in columns):
            if len(set(columns)) == len(columns):
                return Frame.named(rows, tuple(columns))
        if isinstance(columns, (list, tuple)) and "usecols" in kwargs:
            return Frame(rows, None, len(set(columns)))
        if isinstance(columns, range) and "usecols" in kwargs:
            return Frame(rows, None, len(columns))
        return Frame(rows, None, self.shared.sizes.new("cols"))

    # ------------------------------------------------------------- values
    def attribute(self, receiver: Any, name: str) -> Any:
        if isinstance(receiver, Frame):
            return self._frame_attribute(receiver, name)
        if isinstance(receiver, Series):
            return self._series_attribute(receiver, name)
        if isinstance(receiver, _Indexer):
            return UNKNOWN
        return NOT_MINE

    def _frame_attribute(self, frame: Frame, name: str) -> Any:
        if name == "values":
            return frames.to_array(frame)
        if name == "shape":
            return frames.shape(frame)
        if name == "columns":
            return list(frame.columns) if frame.columns is not None else UNKNOWN
        if name in ("iloc", "loc"):
            return _Indexer(frame, name)
        if frame.columns is not None and name in frame.columns:
            return Series(frame.rows)
        return Builtin(f"DataFrame.{name}", partial(self._frame_method, frame, name))

    def _frame_method(
        self,
        frame: Frame,
        name: str,
        interp: Any,
        args: list[Any],
        kwargs: dict[str, Any],
        site: CallSite,
    ) -> Any:
        inplace = kwargs.pop("inplace", False) is True
        if name == "to_numpy" and not args:
            result: Any = frames.to_array(frame)
        elif name == "drop":
            result = frames.drop(frame, args, kwargs)
        elif name == "pop" and len(args) == 1:
            return frames.pop(frame, args[0])
        elif frames.keeps_columns(name):
            result = frames.same_columns(frame, name)
        else:
            result = UNKNOWN
        if inplace:
            _replace(frame, result)
            return None
        return result

    def _series_attribute(self, series: Series, name: str) -> Any:
        if name == "values":
            return frames.to_array(series)
        if name == "shape":
            return frames.shape(series)
        if name in ("iloc", "loc"):
            return UNKNOWN
        return Builtin(f"Series.{name}", partial(_series_method, series, name))

    def subscript(self, container: Any, key: Any) -> Any:
        if isinstance(container, Frame):
            return frames.select(container, key)
        if isinstance(container, _Indexer):
            if container.kind == "iloc":
                return frames.positional(container.frame, key)
            return _label_selection(container.frame, key)
        return NOT_MINE

    def set_subscript(self, container: Any, key: Any, value: Any) -> bool:
        if isinstance(container, Frame):
            frames.set_column(container, key)
            return True
        if isinstance(container, _Indexer):
            container.frame.forget_columns()
            return True
        return False

    def length(self, value: Any) -> Any:
        return UNKNOWN if isinstance(value, (Frame, Series)) else NOT_MINE

    def binary(self, op_name: str, left: Any, right: Any, site: CallSite) -> Any:
        """``df / 255.0``, ``df["a"] * 2``: the same table or column."""
        for value in (left, right):
            if isinstance(value, Series):
                return Series(value.rows)
            if isinstance(value, Frame):
                return Frame(value.rows, value.columns, value.width)
        return NOT_MINE


class _Indexer:
    """``df.iloc`` / ``df.loc`` waiting for its subscript."""

    def __init__(self, frame: Frame, kind: str) -> None:
        self.frame, self.kind = frame, kind


def _label_selection(frame: Frame, key: Any) -> Any:
    """``df.loc[:, ["a", "b"]]``: the columns named; rows only when all are kept."""
    if not (isinstance(key, tuple) and len(key) == 2 and key[0] == slice(None)):
        return UNKNOWN
    return frames.select(frame, key[1])


def _replace(frame: Frame, result: Any) -> None:
    """``inplace=True``: the table becomes the result (or forgets what it cannot know)."""
    if isinstance(result, Frame):
        frame.rows, frame.columns, frame.width = result.rows, result.columns, result.width
    else:
        frame.rows = UNKNOWN
        frame.forget_columns()


def _series_method(
    series: Series, name: str, interp: Any, args: list[Any], kwargs: dict[str, Any], site: Any
) -> Any:
    if name == "to_numpy" and not args:
        return frames.to_array(series)
    if frames.series_keeps_length(name):
        return Series(series.rows)
    return UNKNOWN
