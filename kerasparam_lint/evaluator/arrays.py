"""NumPy arrays as the analyzer sees them: a shape and a dtype, never the values.

Data fed to ``model.fit`` is prepared with a handful of shape operations
(``reshape``, ``expand_dims``, slicing, ``astype``...). Each function here
computes the shape (and dtype) NumPy would give, or UNKNOWN when NumPy's answer
depends on something not known; one that NumPy would reject gives UNKNOWN too,
since the analyzer reports data problems only where the data meets a model.

A shape may be partly known (:mod:`kerasparam_lint.sizes.dims`): the rows of a
table read from a file are a named size, a ``reshape(-1, 20, 3)`` of an array of
unknown shape still has rank 3 and its last two axes. Each operation keeps every
axis it can. Named sizes stay inside shapes: ``x.shape`` and ``len(x)`` give
UNKNOWN for them, so the rest of the program never computes with one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from typing import Any

from kerasparam_lint.evaluator.values import Builtin
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.sizes.dims import is_count
from kerasparam_lint.sizes.expression import Size

Shape = tuple[int, ...]

_FLOATS = {"float16", "float32", "float64"}
_INTEGERS = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
DTYPES = _FLOATS | _INTEGERS | {"bool", "object"}
_DTYPE_ALIASES = {"float": "float64", "int": "int64", "bool": "bool"}  # Python types


@dataclass(eq=False)
class ArrayValue:
    """One ``numpy.ndarray``: its shape (ints, or UNKNOWN) and dtype name (or UNKNOWN).

    Mutable like the array it stands for: ``x.shape = ...`` and ``x.resize(...)``
    change it in place, which every alias sees.
    """

    shape: Shape | Any  # a tuple of ints, named sizes and UNKNOWN; UNKNOWN if the rank is not
    dtype: str | Any = UNKNOWN
    # The items of a 1-D array computed from constants (``np.linspace(0, 0.1, 4)``), so
    # code that iterates over it sees the numbers; None when only the shape is known.
    values: tuple[Any, ...] | None = None

    @property
    def known(self) -> bool:
        """Every axis is a count."""
        return isinstance(self.shape, tuple) and all(is_count(d) for d in self.shape)

    @property
    def ranked(self) -> bool:
        """The number of axes is known (some may not be)."""
        return isinstance(self.shape, tuple)


@dataclass(frozen=True)
class DType:
    """A NumPy scalar type used as a dtype argument (``np.float32``)."""

    name: str


def dtype_name(value: Any) -> Any:
    """``"float32"``, ``np.float32``, ``float`` -> ``"float32"``/``"float64"``; else UNKNOWN."""
    if isinstance(value, DType):
        return value.name
    if isinstance(value, Builtin) and value.name in _DTYPE_ALIASES:
        return _DTYPE_ALIASES[value.name]
    if isinstance(value, str) and value in DTYPES:
        return value
    return UNKNOWN


def as_shape(value: Any) -> Any:
    """A shape argument (``5``, ``(2, 3)``, ``[2, 3]``) as a tuple of non-negative ints."""
    if _is_int(value):
        value = (value,)
    if not isinstance(value, (tuple, list)) or not all(_is_int(d) for d in value):
        return UNKNOWN
    if any(d < 0 for d in value):
        return UNKNOWN
    return tuple(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _axis(axis: Any, ndim: int) -> Any:
    if not _is_int(axis) or not -ndim <= axis < ndim:
        return UNKNOWN
    return axis % ndim


def _any_unknown(items: Any) -> bool:
    """``UNKNOWN in items`` without comparing anything to UNKNOWN (which raises)."""
    return any(item is UNKNOWN for item in items)


def _rank_known(array: ArrayValue) -> bool:
    return isinstance(array.shape, tuple)


# ------------------------------------------------------------------ shape operations
def reshape(a: ArrayValue, shape: Any) -> Any:
    """``a.reshape(...)`` with at most one ``-1``, which NumPy infers from the size.

    An axis the new shape states is known whatever ``a`` is (NumPy raises
    otherwise); the ``-1`` is known when ``a``'s size divides exactly.
    """
    new_shape = tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)
    if not all(d is UNKNOWN or isinstance(d, Size) or (_is_int(d) and d >= -1) for d in new_shape):
        return UNKNOWN
    free = [i for i, d in enumerate(new_shape) if _is_int(d) and d == -1]
    if len(free) > 1:
        return UNKNOWN
    if a.known and all(_is_int(d) for d in new_shape):
        size = math.prod(a.shape)
        rest = math.prod(d for d in new_shape if d != -1)
        if free:
            if rest == 0 or size % rest:
                return UNKNOWN
            new_shape = tuple(size // rest if d == -1 else d for d in new_shape)
        elif rest != size:
            return UNKNOWN
        return ArrayValue(tuple(new_shape), a.dtype)
    inferred = _inferred_axis(a, new_shape) if free else UNKNOWN
    return ArrayValue(tuple(inferred if i in free else d for i, d in enumerate(new_shape)), a.dtype)


def _inferred_axis(a: ArrayValue, new_shape: tuple) -> Any:
    """The ``-1`` of a reshape when sizes are named: ``(rows, 60) -> (-1, 20, 3)`` is rows."""
    rest = [d for d in new_shape if not (_is_int(d) and d == -1)]
    if not a.ranked or not all(_is_int(d) for d in rest):
        return UNKNOWN
    divisor = math.prod(rest)
    try:
        size: Any = math.prod(a.shape)
    except TypeError:  # two named sizes multiplied: not a size we can name
        return UNKNOWN
    if size is UNKNOWN or divisor <= 0:
        return UNKNOWN
    if isinstance(size, Size) and all(k % divisor == 0 for _, k in size.terms):
        if size.const % divisor == 0:
            return size // divisor
    return UNKNOWN


def expand_dims(a: ArrayValue, axis: Any) -> Any:
    if not _rank_known(a):
        return UNKNOWN
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    ndim = len(a.shape) + len(axes)
    normalized = [_axis(ax, ndim) for ax in axes]
    if _any_unknown(normalized) or len(set(normalized)) != len(normalized):
        return UNKNOWN
    dims = iter(a.shape)
    shape = tuple(1 if i in normalized else next(dims) for i in range(ndim))
    return ArrayValue(shape, a.dtype)


def squeeze(a: ArrayValue, axis: Any = None) -> Any:
    if not _rank_known(a):
        return UNKNOWN
    dims = a.shape
    if axis is None:
        if not a.known:
            return UNKNOWN
        return ArrayValue(tuple(d for d in dims if d != 1), a.dtype)
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    normalized = {_axis(ax, len(dims)) for ax in axes}
    if _any_unknown(normalized) or any(not _is_int(dims[ax]) or dims[ax] != 1 for ax in normalized):
        return UNKNOWN
    return ArrayValue(tuple(d for i, d in enumerate(dims) if i not in normalized), a.dtype)


def transpose(a: ArrayValue, axes: Any = None) -> Any:
    if not _rank_known(a):
        return UNKNOWN
    dims = a.shape
    if axes is None:
        return ArrayValue(tuple(reversed(dims)), a.dtype)
    if not isinstance(axes, (tuple, list)) or len(axes) != len(dims):
        return UNKNOWN
    normalized = [_axis(ax, len(dims)) for ax in axes]
    if _any_unknown(normalized) or sorted(normalized) != list(range(len(dims))):
        return UNKNOWN
    return ArrayValue(tuple(dims[ax] for ax in normalized), a.dtype)


def astype(array: ArrayValue, dtype: Any) -> ArrayValue:
    return ArrayValue(array.shape, dtype_name(dtype))


def index(array: ArrayValue, key: Any) -> Any:
    """Basic indexing: ints, slices, ``None`` and ``...``; anything else (fancy) is UNKNOWN."""
    if not _rank_known(array):
        return UNKNOWN
    keys = list(key) if isinstance(key, tuple) else [key]
    if keys.count(...) > 1 or not all(_basic_key(k) for k in keys):
        return UNKNOWN
    consumed = sum(1 for k in keys if k is not None and k is not ...)
    if consumed > len(array.shape):
        return UNKNOWN
    if ... in keys:
        at = keys.index(...)
        keys[at : at + 1] = [slice(None)] * (len(array.shape) - consumed)
    dims = list(array.shape)
    shape: list[Any] = []
    for k in keys:
        if k is None:
            shape.append(1)
            continue
        dim = dims.pop(0)
        if isinstance(k, slice):
            shape.append(len(range(*k.indices(dim))) if _is_int(dim) else _sliced(dim, k))
        elif _is_int(dim) and not -dim <= k < dim:
            return UNKNOWN
    shape.extend(dims)
    return ArrayValue(tuple(shape), array.dtype)


def _sliced(dim: Any, key: slice) -> Any:
    """A slice of a size not counted: known only when it drops a fixed number at the ends.

    ``rows[1:]`` is ``rows - 1`` and ``rows[:-1]`` too (for data of at least one row);
    ``rows[:100]`` depends on whether there are 100 rows, so it is UNKNOWN.
    """
    start, stop = key.start or 0, key.stop
    if key.step not in (None, 1) or start < 0 or (stop is not None and stop >= 0):
        return UNKNOWN
    if not isinstance(dim, Size):
        return UNKNOWN
    return dim - start + (stop or 0)


def _basic_key(key: Any) -> bool:
    if key is None or key is ... or _is_int(key):
        return True
    return (
        isinstance(key, slice)
        and all(part is None or _is_int(part) for part in (key.start, key.stop, key.step))
        and key.step != 0
    )


def join(arrays: Any, axis: Any, new_axis: bool) -> Any:
    """``np.stack`` (``new_axis``) or ``np.concatenate`` along ``axis``.

    Axes NumPy requires to agree take the count where one array states it (NumPy
    raises if another differs); two different counts make the result UNKNOWN.
    """
    if not isinstance(arrays, (list, tuple)) or not arrays:
        return UNKNOWN
    if not all(isinstance(a, ArrayValue) and a.ranked for a in arrays):
        return UNKNOWN
    shapes = [a.shape for a in arrays]
    dtypes = {a.dtype for a in arrays}
    dtype = dtypes.pop() if len(dtypes) == 1 else UNKNOWN
    rank = len(shapes[0])
    if any(len(s) != rank for s in shapes):
        return UNKNOWN
    if new_axis:
        at = _axis(axis, rank + 1)
        agreed = _agreed(shapes, range(rank))
        if at is UNKNOWN or agreed is UNKNOWN:
            return UNKNOWN
        return ArrayValue((*agreed[:at], len(shapes), *agreed[at:]), dtype)
    at = _axis(axis, rank) if rank else UNKNOWN
    if at is UNKNOWN:
        return UNKNOWN
    agreed = _agreed(shapes, [i for i in range(rank) if i != at])
    if agreed is UNKNOWN:
        return UNKNOWN
    try:
        total = sum(s[at] for s in shapes)
    except TypeError:
        total = UNKNOWN
    return ArrayValue((*agreed[:at], total, *agreed[at:]), dtype)


def _agreed(shapes: list[tuple], axes: Any) -> Any:
    """The dims the shapes share on ``axes``, or UNKNOWN when two counts differ."""
    dims = []
    for i in axes:
        counts = {s[i] for s in shapes if _is_int(s[i])}
        if len(counts) > 1:
            return UNKNOWN
        named = {s[i] for s in shapes if isinstance(s[i], Size)}
        dims.append(counts.pop() if counts else named.pop() if len(named) == 1 else UNKNOWN)
    return tuple(dims)


# ------------------------------------------------------------------ arithmetic
def arithmetic(op_name: str, left: Any, right: Any) -> Any:
    """``a + b``, ``x / 255.0``...: NumPy broadcasting; dtype only where NumPy's rule is plain."""
    shapes = [_operand_shape(v) for v in (left, right)]
    if _any_unknown(shapes):
        return UNKNOWN
    shape = _broadcast(shapes[0], shapes[1])
    if shape is UNKNOWN:
        return UNKNOWN
    return ArrayValue(shape, _result_dtype(op_name, left, right))


def _operand_shape(value: Any) -> Any:
    if isinstance(value, ArrayValue):
        return value.shape if _rank_known(value) else UNKNOWN
    if isinstance(value, (int, float)):
        return ()
    return UNKNOWN


def _broadcast(a: tuple, b: tuple) -> Any:
    width = max(len(a), len(b))
    a = (1,) * (width - len(a)) + a
    b = (1,) * (width - len(b)) + b
    shape = []
    for x, y in zip(a, b, strict=True):
        if _is_int(x) and _is_int(y):
            if x != y and 1 not in (x, y):
                return UNKNOWN
            shape.append(max(x, y) if 0 not in (x, y) else 0)
        elif _is_int(y):  # the other is 1 or the same count, or NumPy raises
            shape.append(x if y == 1 else y)
        elif _is_int(x):
            shape.append(y if x == 1 else x)
        else:  # two sizes not counted: the same one, or either may be 1
            shape.append(x if isinstance(x, Size) and x == y else UNKNOWN)
    return tuple(shape)


def _result_dtype(op_name: str, left: Any, right: Any) -> Any:
    arrays = [v for v in (left, right) if isinstance(v, ArrayValue)]
    scalars = [v for v in (left, right) if not isinstance(v, ArrayValue)]
    kinds = {a.dtype for a in arrays}
    if len(kinds) != 1:
        return UNKNOWN
    dtype = kinds.pop()
    if dtype is UNKNOWN or dtype not in _FLOATS | _INTEGERS:
        return UNKNOWN
    if any(isinstance(s, bool) for s in scalars):
        return UNKNOWN
    if dtype in _FLOATS:
        return dtype
    if op_name == "Divide" or any(isinstance(s, float) for s in scalars):
        return "float64"
    return dtype


# ------------------------------------------------------------------ attributes
def attribute(array: ArrayValue, name: str) -> Any:
    """``x.shape``, ``x.ndim``, ``x.T``... and ``x.reshape`` & co. as callables.

    ``x.dtype`` stays UNKNOWN: NumPy's ``x.dtype == np.float32`` holds while
    ``x.dtype is np.float32`` does not, which a stand-in object cannot both mimic.
    """
    if name == "shape":
        return python_shape(array.shape) if _rank_known(array) else UNKNOWN
    if name == "ndim":
        return len(array.shape) if _rank_known(array) else UNKNOWN
    if name == "size":
        return math.prod(array.shape) if array.known else UNKNOWN
    if name == "T":
        return transpose(array)
    method = _METHODS.get(name)
    return UNKNOWN if method is None else Builtin(f"ndarray.{name}", partial(method, array))


def python_shape(shape: tuple) -> tuple:
    """The shape as the program sees it: a named size is a number it cannot know."""
    return tuple(d if _is_int(d) else UNKNOWN for d in shape)


def _reshape_method(array: ArrayValue, interp: Any, args: list, kwargs: dict, site: Any) -> Any:
    if kwargs:
        return UNKNOWN
    return reshape(array, args[0] if len(args) == 1 else tuple(args))


def _transpose_method(array: ArrayValue, interp: Any, args: list, kwargs: dict, site: Any) -> Any:
    if kwargs:
        return UNKNOWN
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return transpose(array, args[0])
    return transpose(array, tuple(args) if args else None)


def _squeeze_method(array: ArrayValue, interp: Any, args: list, kwargs: dict, site: Any) -> Any:
    axis = args[0] if args else kwargs.get("axis")
    return squeeze(array, axis)


def _astype_method(array: ArrayValue, interp: Any, args: list, kwargs: dict, site: Any) -> Any:
    dtype = args[0] if args else kwargs.get("dtype", UNKNOWN)
    return astype(array, dtype)


def _copy_method(array: ArrayValue, interp: Any, args: list, kwargs: dict, site: Any) -> Any:
    return ArrayValue(array.shape, array.dtype)


def _flatten_method(array: ArrayValue, interp: Any, args: list, kwargs: dict, site: Any) -> Any:
    return reshape(array, -1) if array.known else UNKNOWN


def _resize_method(array: ArrayValue, interp: Any, args: list, kwargs: dict, site: Any) -> Any:
    """In place: the new shape if it is given plainly, otherwise the shape becomes unknown."""
    array.shape = as_shape(args[0] if len(args) == 1 else tuple(args)) if args else UNKNOWN
    array.values = None
    return None


_METHODS = {
    "reshape": _reshape_method,
    "transpose": _transpose_method,
    "squeeze": _squeeze_method,
    "astype": _astype_method,
    "copy": _copy_method,
    "flatten": _flatten_method,
    "ravel": _flatten_method,
    "resize": _resize_method,
}


def set_attribute(array: ArrayValue, name: str, value: Any) -> None:
    """``x.shape = (...)`` reshapes in place (NumPy checks the size; so do we)."""
    if name != "shape":
        return
    reshaped = reshape(array, value)
    array.shape = reshaped.shape if isinstance(reshaped, ArrayValue) else UNKNOWN
    array.values = None


def literal_shape(value: Any) -> Any:
    """The shape and dtype ``np.array`` gives a nested list of numbers; UNKNOWN if ragged."""
    if isinstance(value, bool):
        return (), "bool"
    if isinstance(value, int):
        return (), "int64"
    if isinstance(value, float):
        return (), "float64"
    if not isinstance(value, (list, tuple)) or not value:
        return UNKNOWN
    parts = [literal_shape(item) for item in value]
    if _any_unknown(parts) or len({shape for shape, _ in parts}) != 1:
        return UNKNOWN
    kinds = {dtype for _, dtype in parts}
    dtype = next(k for k in ("float64", "int64", "bool") if k in kinds)
    return (len(value), *parts[0][0]), dtype


class NumpyInteger(int):
    """A NumPy integer scalar (``np.prod((28, 28, 1))`` is ``np.int64(784)``): ``int()`` of
    it is a Python int, arithmetic keeps it NumPy's, and a layer given one is unknown
    (Keras 3 rejects it where it checks for an int, as ``Dense(units)`` does)."""

    def _keep(self, value: int) -> NumpyInteger:
        return NumpyInteger(value)

    def __add__(self, other: int) -> NumpyInteger:  # type: ignore[override]
        return self._keep(int(self) + other)

    def __sub__(self, other: int) -> NumpyInteger:  # type: ignore[override]
        return self._keep(int(self) - other)

    def __mul__(self, other: int) -> NumpyInteger:  # type: ignore[override]
        return self._keep(int(self) * other)

    def __floordiv__(self, other: int) -> NumpyInteger:  # type: ignore[override]
        return self._keep(int(self) // other)

    __radd__ = __add__
    __rmul__ = __mul__
