"""The scikit-learn library: the splits and scalers training data passes through.

``train_test_split`` divides the rows (test = ceil(test_size * n), default 0.25,
as the real function computes it) and keeps every other axis; rows that are a
named size give parts whose rows are not known. Scalers (``StandardScaler``,
``MinMaxScaler``...) keep the shape of what they transform, and ``LabelEncoder``
gives one code per row.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.evaluator.library import NOT_MINE, Library
from kerasparam_lint.evaluator.values import Builtin, Namespace, member_path
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.libraries.pandas.frames import Frame, Series, to_array
from kerasparam_lint.sizes.dims import is_count

_SCALERS = ("StandardScaler", "MinMaxScaler", "RobustScaler", "MaxAbsScaler", "Normalizer")
_SPLIT_KEYWORDS = {"test_size", "train_size", "random_state", "shuffle", "stratify"}


@dataclass(frozen=True)
class Transformer:
    """A scaler (same shape out) or a ``LabelEncoder`` (one code per row)."""

    kind: str


def _construct(kind: str, interp: Any, args: list[Any], kwargs: dict[str, Any], site: Any) -> Any:
    return Transformer(kind)


class SklearnLibrary(Library):
    def __init__(self, evaluation: Any) -> None:
        super().__init__(evaluation)
        preprocessing = {name: Builtin(name, partial(_construct, "scaler")) for name in _SCALERS}
        preprocessing["LabelEncoder"] = Builtin("LabelEncoder", partial(_construct, "labels"))
        split = Builtin("sklearn.model_selection.train_test_split", train_test_split)
        self._roots = {
            "sklearn": Namespace(
                "sklearn",
                {
                    "model_selection": Namespace(
                        "sklearn.model_selection", {"train_test_split": split}
                    ),
                    "preprocessing": Namespace("sklearn.preprocessing", preprocessing),
                },
            )
        }

    def resolve(self, dotted: str) -> Any:
        found = member_path(self._roots, dotted)
        return NOT_MINE if found is None else found

    def attribute(self, receiver: Any, name: str) -> Any:
        if not isinstance(receiver, Transformer):
            return NOT_MINE
        if name == "fit":
            return Builtin("fit", lambda interp, args, kwargs, site: receiver)
        if name in ("fit_transform", "transform"):
            return Builtin(name, partial(_transform, receiver))
        return UNKNOWN


def _as_array(value: Any) -> Any:
    return to_array(value) if isinstance(value, (Frame, Series)) else value


def _transform(
    transformer: Transformer, interp: Any, args: list[Any], kwargs: dict[str, Any], site: Any
) -> Any:
    data = _as_array(args[0] if args else kwargs.get("X", kwargs.get("y")))
    if not isinstance(data, ArrayValue) or not isinstance(data.shape, tuple):
        return UNKNOWN
    if transformer.kind == "labels":
        return ArrayValue(data.shape[:1], "int64") if len(data.shape) == 1 else UNKNOWN
    return ArrayValue(data.shape, "float64") if len(data.shape) == 2 else UNKNOWN


# ------------------------------------------------------------------ train_test_split
def train_test_split(interp: Any, args: list[Any], kwargs: dict[str, Any], site: Any) -> Any:
    if not args or not set(kwargs) <= _SPLIT_KEYWORDS:
        return UNKNOWN
    if not all(_splittable(a) for a in args):
        return UNKNOWN
    counted = {_rows(a) for a in args if is_count(_rows(a))}
    if len(counted) > 1:
        return UNKNOWN  # sklearn raises: inconsistent numbers of samples
    sizes = (
        _split_sizes(counted.pop(), kwargs.get("test_size"), kwargs.get("train_size"))
        if counted and all(is_count(_rows(a)) for a in args)
        else (UNKNOWN, UNKNOWN)
    )
    if sizes is None:
        return UNKNOWN
    result = []
    for a in args:
        result.extend(_part(a, rows) for rows in sizes)
    return result


def _splittable(value: Any) -> bool:
    if isinstance(value, (Frame, Series)):
        return True
    return isinstance(value, ArrayValue) and isinstance(value.shape, tuple) and bool(value.shape)


def _rows(value: Any) -> Any:
    return value.rows if isinstance(value, (Frame, Series)) else value.shape[0]


def _part(value: Any, rows: Any) -> Any:
    if isinstance(value, Frame):
        return Frame(rows, value.columns, value.width)
    if isinstance(value, Series):
        return Series(rows)
    return ArrayValue((rows, *value.shape[1:]), value.dtype)


def _split_sizes(n: int, test_size: Any, train_size: Any) -> tuple[int, int] | None:
    if test_size is None and train_size is None:
        test_size = 0.25
    n_test = _split_part(n, test_size, math.ceil)
    n_train = _split_part(n, train_size, math.floor)
    if n_test is UNKNOWN or n_train is UNKNOWN:
        return None
    if n_train is None:
        n_train = n - n_test
    elif n_test is None:
        n_test = n - n_train
    if n_train + n_test > n or n_train == 0:
        return None
    return n_train, n_test


def _split_part(n: int, size: Any, rounding: Callable[[float], int]) -> Any:
    if size is None:
        return None
    if isinstance(size, float) and 0 < size < 1:
        return rounding(size * n)
    if is_count(size) and 0 < size < n:
        return size
    return UNKNOWN
