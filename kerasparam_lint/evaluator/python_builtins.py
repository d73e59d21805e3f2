"""Python built-ins and ``math`` functions the interpreter computes itself.

Each runs only on known constants (never on user objects), so evaluating them
cannot execute user code; any unknown argument makes the result unknown.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

from kerasparam_lint.evaluator.arrays import ArrayValue, python_shape
from kerasparam_lint.evaluator.constants import is_constant
from kerasparam_lint.evaluator.values import Builtin, ClassMethod, Namespace, StaticMethod
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow

_MAX_ITEMS = 1_000_000


def _known(value: Any) -> bool:
    return is_constant(value) or isinstance(value, range)


def _pure(name: str, function: Callable[..., Any]) -> Builtin:
    """Wrap a side-effect-free function that is safe on constants."""

    def run(interp: Any, args: list[Any], kwargs: dict[str, Any], site: Any) -> Any:
        if not all(_known(a) for a in args) or not all(_known(v) for v in kwargs.values()):
            return UNKNOWN
        if any(_too_costly(name, a) for a in args):
            return UNKNOWN
        try:
            return function(*args, **kwargs)
        except (ArithmeticError, TypeError, ValueError, OverflowError, CannotKnow):
            return UNKNOWN

    return Builtin(name, run)


def _over_items(name: str, function: Callable[..., Any]) -> Builtin:
    """Wrap a function over sequences whose items may be tensors or layers (len, zip...)."""

    def run(interp: Any, args: list[Any], kwargs: dict[str, Any], site: Any) -> Any:
        sequences = []
        for arg in args:
            items = interp.sequence(arg)
            if items is UNKNOWN:
                return UNKNOWN
            sequences.append(items)
        if kwargs and not all(_known(v) for v in kwargs.values()):
            return UNKNOWN
        try:
            return function(*sequences, **kwargs)
        except (TypeError, ValueError, CannotKnow):
            return UNKNOWN

    return Builtin(name, run)


def _too_costly(name: str, argument: Any) -> bool:
    """``sum(range(10**12))``, ``math.factorial(10**7)``: bounded analysis does not wait."""
    if isinstance(argument, range):
        try:
            return len(argument) > _MAX_ITEMS
        except OverflowError:
            return True
    return name in _GROWING and isinstance(argument, int) and argument > 10_000


_GROWING = {"math.factorial", "math.comb"}


def _len(interp: Any, args: list[Any], kwargs: dict[str, Any], site: Any) -> Any:
    """``len(x)``: a NumPy array's first dimension (NumPy raises for a 0-d array); a
    container's size without copying it (a loop that grows a list and tests its length
    would cost the square of its length)."""
    if len(args) == 1 and not kwargs and isinstance(args[0], ArrayValue):
        shape = args[0].shape
        return python_shape(shape)[0] if isinstance(shape, tuple) and shape else UNKNOWN
    if len(args) == 1 and not kwargs and isinstance(args[0], _SIZED):
        try:
            return len(args[0])
        except OverflowError:  # len(range(10**20))
            return UNKNOWN
    return _len_of_items.fn(interp, args, kwargs, site)


_SIZED = (list, tuple, dict, set, frozenset, str, range)


_len_of_items = _over_items("len", len)


def _range(*args: int) -> range:
    result = range(*args)
    if len(result) > _MAX_ITEMS:
        return result  # loops over it stop at the iteration limit
    return result


def _isinstance(interp: Any, args: list[Any], kwargs: dict[str, Any], site: Any) -> Any:
    if len(args) != 2 or not _known(args[0]):
        return UNKNOWN
    types = args[1] if isinstance(args[1], tuple) else (args[1],)
    python_types = []
    for kind in types:
        if not isinstance(kind, Builtin) or kind.name not in _TYPES:
            return UNKNOWN
        python_types.append(_TYPES[kind.name])
    return isinstance(args[0], tuple(python_types))


def _print(interp: Any, args: list[Any], kwargs: dict[str, Any], site: Any) -> Any:
    return None


_TYPES: dict[str, type] = {
    "int": int,
    "float": float,
    "str": str,
    "bool": bool,
    "list": list,
    "tuple": tuple,
    "dict": dict,
    "set": set,
}

BUILTINS: dict[str, Any] = {
    "staticmethod": Builtin("staticmethod", lambda _i, args, _k, _s: StaticMethod(*args[:1])),
    "classmethod": Builtin("classmethod", lambda _i, args, _k, _s: ClassMethod(*args[:1])),
    "range": _pure("range", _range),
    "int": _pure("int", int),
    "float": _pure("float", float),
    "str": _pure("str", str),
    "bool": _pure("bool", bool),
    "abs": _pure("abs", abs),
    "round": _pure("round", round),
    "divmod": _pure("divmod", divmod),
    "repr": _pure("repr", repr),
    "chr": _pure("chr", chr),
    "ord": _pure("ord", ord),
    "hash": _pure("hash", hash),
    "set": _pure("set", set),
    "frozenset": _pure("frozenset", frozenset),
    "len": Builtin("len", _len),
    "list": _over_items("list", lambda *s: list(s[0]) if s else []),
    "tuple": _over_items("tuple", lambda *s: tuple(s[0]) if s else ()),
    "zip": _over_items("zip", lambda *s, strict=False: list(zip(*s, strict=strict))),
    "enumerate": _over_items("enumerate", lambda s, start=0: list(enumerate(s, start))),
    "reversed": _over_items("reversed", lambda s: list(reversed(s))),
    "sorted": _pure("sorted", sorted),
    "min": _pure("min", min),
    "max": _pure("max", max),
    "sum": _pure("sum", sum),
    "any": _pure("any", any),
    "all": _pure("all", all),
    "dict": _pure("dict", dict),
    "isinstance": Builtin("isinstance", _isinstance),
    "print": Builtin("print", _print),
    "True": True,
    "False": False,
    "None": None,
}

_MATH: dict[str, Any] = {
    name: _pure(f"math.{name}", getattr(math, name))
    for name in (
        "ceil",
        "floor",
        "sqrt",
        "log",
        "log2",
        "log10",
        "exp",
        "pow",
        "prod",
        "gcd",
        "trunc",
        "fabs",
        "isqrt",
        "comb",
        "factorial",
        "sin",
        "cos",
        "tan",
    )
}
_MATH.update({"pi": math.pi, "e": math.e, "inf": math.inf})

# Standard-library modules model code uses to compute sizes and configurations.
STANDARD_MODULES: dict[str, Namespace] = {
    "math": Namespace("math", _MATH),
    "copy": Namespace(
        "copy",
        {"copy": _pure("copy.copy", copy.copy), "deepcopy": _pure("copy.deepcopy", copy.deepcopy)},
    ),
}
