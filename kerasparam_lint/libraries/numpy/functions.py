"""The ``numpy`` names that shape training data, as the interpreter sees them.

Only functions whose result shape follows from their arguments are here
(constructors with literal shapes, ``arange``, ``reshape``, ``stack``...,
``np.load``/``np.loadtxt`` of arrays only the file sizes); every other name is UNKNOWN.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from kerasparam_lint.evaluator import arrays
from kerasparam_lint.evaluator.arrays import ArrayValue, DType, join
from kerasparam_lint.evaluator.values import Builtin, Namespace
from kerasparam_lint.graph.unknown import UNKNOWN

Args = list[Any]
Kwargs = dict[str, Any]


def _param(args: Args, kwargs: Kwargs, position: int, name: str, default: Any = None) -> Any:
    if len(args) > position:
        return args[position]
    return kwargs.get(name, default)


def _function(name: str, params: tuple[str, ...], body: Callable[..., Any]) -> Builtin:
    """A Builtin that binds ``params`` (positional or keyword) and calls ``body`` with them.

    An unexpected keyword or too many positional arguments make the call UNKNOWN.
    """

    def run(interp: Any, args: Args, kwargs: Kwargs, site: Any) -> Any:
        if len(args) > len(params) or not set(kwargs) <= set(params):
            return UNKNOWN
        bound = dict(zip(params, args, strict=False))
        bound.update(kwargs)
        try:
            return body(**bound)
        except TypeError:  # a required argument is missing: NumPy raises
            return UNKNOWN

    return Builtin(name, run)


# ------------------------------------------------------------------ constructors
def _filled(shape: Any, dtype: Any = "float64", order: Any = "C") -> Any:
    shape = arrays.as_shape(shape)
    return UNKNOWN if shape is UNKNOWN else ArrayValue(shape, arrays.dtype_name(dtype))


def _prod(a: Any) -> Any:
    """``np.prod(shape)`` of a tuple or list of ints: a NumPy integer."""
    if not isinstance(a, (tuple, list)) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in a
    ):
        return UNKNOWN
    return arrays.NumpyInteger(math.prod(a))


def _like(a: Any, dtype: Any = None) -> Any:
    if not isinstance(a, ArrayValue):
        return UNKNOWN
    return ArrayValue(a.shape, a.dtype if dtype is None else arrays.dtype_name(dtype))


def _array(object: Any, dtype: Any = None, copy: Any = True) -> Any:
    """``np.array(object)``: NumPy's own name for the first parameter, as keywords use it."""
    if isinstance(object, ArrayValue):
        return ArrayValue(object.shape, object.dtype if dtype is None else arrays.dtype_name(dtype))
    found = arrays.literal_shape(object)
    if found is UNKNOWN:
        return UNKNOWN
    shape, kind = found
    return ArrayValue(shape, kind if dtype is None else arrays.dtype_name(dtype))


def _linspace(start: Any, stop: Any, num: Any = 50, endpoint: Any = True) -> Any:
    """``np.linspace`` on constants: its values too (``for x in np.linspace(...)``)."""
    numbers = (start, stop)
    if not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers):
        return UNKNOWN
    if not isinstance(num, int) or num < 0 or num > 1_000_000 or not isinstance(endpoint, bool):
        return UNKNOWN
    divisions = num - 1 if endpoint else num
    step = (stop - start) / divisions if divisions > 0 else 0.0
    values = tuple(float(start + step * i) for i in range(num))
    if endpoint and num > 1:
        values = (*values[:-1], float(stop))
    return ArrayValue((num,), "float64", values)


def _arange(interp: Any, args: Args, kwargs: Kwargs, site: Any) -> Any:
    dtype = kwargs.pop("dtype", None)
    if kwargs or not 1 <= len(args) <= 3:
        return UNKNOWN
    if not all(isinstance(a, (int, float)) and not isinstance(a, bool) for a in args):
        return UNKNOWN
    start, stop, step = (0, args[0], 1) if len(args) == 1 else (*args, 1)[:3]
    if step == 0:
        return UNKNOWN
    length = max(0, math.ceil((stop - start) / step))
    kind = "int64" if all(isinstance(a, int) for a in args) else "float64"
    return ArrayValue((length,), kind if dtype is None else arrays.dtype_name(dtype))


def _sized(default_dtype: str, size_at: int, size_name: str = "size") -> Callable[..., Any]:
    """``np.random.<f>(..., size=...)``: a scalar without ``size``, else an array of that shape."""

    def run(interp: Any, args: Args, kwargs: Kwargs, site: Any) -> Any:
        size = _param(args, kwargs, size_at, size_name)
        dtype = kwargs.get("dtype", default_dtype)
        if size is None:
            return UNKNOWN
        return _filled(size, dtype)

    return run


def _dims(interp: Any, args: Args, kwargs: Kwargs, site: Any) -> Any:
    """``np.random.rand(2, 3)`` / ``randn``: the dimensions are the positional arguments."""
    if kwargs or not args:
        return UNKNOWN
    return _filled(tuple(args))


# ------------------------------------------------------------------ files
_LOAD_PARAMS = ("file", "mmap_mode", "allow_pickle", "fix_imports", "encoding", "max_header_size")
_LOADTXT_PARAMS = (
    "fname", "dtype", "comments", "delimiter", "converters", "skiprows", "usecols", "unpack",
    "ndmin", "encoding", "max_rows", "quotechar", "like",
)  # fmt: skip


def _load(file: Any, **options: Any) -> Any:
    """``np.load``: an array whose shape only the file knows (not even its rank)."""
    return ArrayValue(UNKNOWN)


def _loadtxt(fname: Any, dtype: Any = "float64", **options: Any) -> Any:
    """``np.loadtxt``: a table of rows (and columns) the file holds.

    NumPy squeezes an axis of length one unless ``ndmin=2``, so only that form has a
    known rank; ``usecols`` with several columns fixes their count.
    """
    if options.get("ndmin") != 2 or options.get("unpack"):
        return ArrayValue(UNKNOWN, arrays.dtype_name(dtype))
    columns = options.get("usecols")
    width = len(columns) if isinstance(columns, (list, tuple, range)) else UNKNOWN
    return ArrayValue((UNKNOWN, width), arrays.dtype_name(dtype))


# ------------------------------------------------------------------ shape functions
def _on_array(function: Callable[..., Any]) -> Callable[..., Any]:
    def body(a: Any, **rest: Any) -> Any:
        return function(a, **rest) if isinstance(a, ArrayValue) else UNKNOWN

    return body


def _join(new_axis: bool) -> Callable[..., Any]:
    def body(arrays: Any, axis: Any = 0) -> Any:
        return join(arrays, axis, new_axis)

    return body


# ------------------------------------------------------------------ the namespaces
_RANDOM = Namespace(
    "numpy.random",
    {
        "rand": Builtin("numpy.random.rand", _dims),
        "randn": Builtin("numpy.random.randn", _dims),
        "random": Builtin("numpy.random.random", _sized("float64", 0)),
        "random_sample": Builtin("numpy.random.random_sample", _sized("float64", 0)),
        "randint": Builtin("numpy.random.randint", _sized("int64", 2)),
        "uniform": Builtin("numpy.random.uniform", _sized("float64", 2)),
        "normal": Builtin("numpy.random.normal", _sized("float64", 2)),
    },
)

_NUMPY_MEMBERS: dict[str, Any] = {
    "random": _RANDOM,
    "prod": _function("numpy.prod", ("a",), _prod),
    "zeros": _function("numpy.zeros", ("shape", "dtype", "order"), _filled),
    "ones": _function("numpy.ones", ("shape", "dtype", "order"), _filled),
    "empty": _function("numpy.empty", ("shape", "dtype", "order"), _filled),
    "zeros_like": _function("numpy.zeros_like", ("a", "dtype"), _like),
    "ones_like": _function("numpy.ones_like", ("a", "dtype"), _like),
    "array": _function("numpy.array", ("object", "dtype", "copy"), _array),
    "asarray": _function("numpy.asarray", ("object", "dtype"), _array),
    "arange": Builtin("numpy.arange", _arange),
    "linspace": _function("numpy.linspace", ("start", "stop", "num", "endpoint"), _linspace),
    "reshape": _function("numpy.reshape", ("a", "shape"), _on_array(arrays.reshape)),
    "expand_dims": _function("numpy.expand_dims", ("a", "axis"), _on_array(arrays.expand_dims)),
    "squeeze": _function("numpy.squeeze", ("a", "axis"), _on_array(arrays.squeeze)),
    "transpose": _function("numpy.transpose", ("a", "axes"), _on_array(arrays.transpose)),
    "stack": _function("numpy.stack", ("arrays", "axis"), _join(new_axis=True)),
    "concatenate": _function("numpy.concatenate", ("arrays", "axis"), _join(new_axis=False)),
    "newaxis": None,
    "load": _function("numpy.load", _LOAD_PARAMS, _load),
    "loadtxt": _function("numpy.loadtxt", _LOADTXT_PARAMS, _loadtxt),
}
_NUMPY_MEMBERS.update({name: DType(name) for name in arrays.DTYPES if name != "object"})

NUMPY = Namespace("numpy", _NUMPY_MEMBERS)
