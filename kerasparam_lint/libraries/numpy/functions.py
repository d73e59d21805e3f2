"""The ``numpy`` and ``sklearn`` names that shape training data, as the interpreter sees them.

Only functions whose result shape follows from their arguments are here
(constructors with literal shapes, ``arange``, ``reshape``, ``stack``...,
``train_test_split``); every other name of these libraries is UNKNOWN.
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


# ------------------------------------------------------------------ shape functions
def _on_array(function: Callable[..., Any]) -> Callable[..., Any]:
    def body(a: Any, **rest: Any) -> Any:
        return function(a, **rest) if isinstance(a, ArrayValue) else UNKNOWN

    return body


def _join(new_axis: bool) -> Callable[..., Any]:
    def body(arrays: Any, axis: Any = 0) -> Any:
        return join(arrays, axis, new_axis)

    return body


# ------------------------------------------------------------------ sklearn
def _train_test_split(interp: Any, args: Args, kwargs: Kwargs, site: Any) -> Any:
    """sklearn's split sizes: test = ceil(test_size * n) (default 0.25), train = the rest."""
    known = {"test_size", "train_size", "random_state", "shuffle", "stratify"}
    if not args or not set(kwargs) <= known:
        return UNKNOWN
    if not all(isinstance(a, ArrayValue) and a.known and a.shape for a in args):
        return UNKNOWN
    samples = {a.shape[0] for a in args}
    if len(samples) != 1:
        return UNKNOWN
    sizes = _split_sizes(samples.pop(), kwargs.get("test_size"), kwargs.get("train_size"))
    if sizes is UNKNOWN:
        return UNKNOWN
    n_train, n_test = sizes
    result = []
    for a in args:
        result.append(ArrayValue((n_train, *a.shape[1:]), a.dtype))
        result.append(ArrayValue((n_test, *a.shape[1:]), a.dtype))
    return result


def _split_sizes(n: int, test_size: Any, train_size: Any) -> Any:
    if test_size is None and train_size is None:
        test_size = 0.25
    n_test = _split_part(n, test_size, math.ceil)
    n_train = _split_part(n, train_size, math.floor)
    if n_test is UNKNOWN or n_train is UNKNOWN:
        return UNKNOWN
    if n_train is None:
        n_train = n - n_test
    elif n_test is None:
        n_test = n - n_train
    if n_train + n_test > n or n_train == 0:
        return UNKNOWN
    return n_train, n_test


def _split_part(n: int, size: Any, rounding: Callable[[float], int]) -> Any:
    if size is None:
        return None
    if isinstance(size, float) and 0 < size < 1:
        return rounding(size * n)
    if isinstance(size, int) and not isinstance(size, bool) and 0 < size < n:
        return size
    return UNKNOWN


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
}
_NUMPY_MEMBERS.update({name: DType(name) for name in arrays.DTYPES if name != "object"})

NUMPY = Namespace("numpy", _NUMPY_MEMBERS)
SKLEARN = Namespace(
    "sklearn",
    {
        "model_selection": Namespace(
            "sklearn.model_selection",
            {"train_test_split": Builtin("sklearn.train_test_split", _train_test_split)},
        )
    },
)

