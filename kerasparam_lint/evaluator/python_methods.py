"""Methods of Python's own values (str, list, dict, tuple) that the evaluator runs.

Mutation is allowed only on containers the analyzed file built; results that are not
plain constants, or too large to matter, are UNKNOWN.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.evaluator.constants import is_constant
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow


def call_constant_method(
    interp: Any, receiver: Any, method: str, args: list[Any], kwargs: dict[str, Any]
) -> Any:
    """Methods of str/list/dict/tuple; mutation is allowed on containers the file built."""
    if isinstance(receiver, list) and method in (
        "append",
        "extend",
        "insert",
        "pop",
        "reverse",
        "clear",
        "remove",
    ):
        try:
            if method == "extend":
                items = interp.sequence(args[0]) if args else UNKNOWN
                if items is UNKNOWN:
                    return UNKNOWN
                receiver.extend(items)
                return None
            return getattr(receiver, method)(*args)
        except (IndexError, ValueError, TypeError, CannotKnow):
            return UNKNOWN
    if isinstance(receiver, dict) and method in (
        "get",
        "items",
        "keys",
        "values",
        "pop",
        "setdefault",
        "update",
        "copy",
    ):
        try:
            result = getattr(receiver, method)(*args, **kwargs)
        except (KeyError, TypeError, CannotKnow):
            return UNKNOWN
        if method in ("items", "keys", "values"):
            return list(result)
        return result
    if isinstance(receiver, list) and method in ("copy", "index", "count"):
        try:
            return getattr(receiver, method)(*args)
        except (ValueError, TypeError, CannotKnow):
            return UNKNOWN
    if not (is_constant(receiver) and all(is_constant(a) for a in args)):
        return UNKNOWN
    if not all(is_constant(v) for v in kwargs.values()):
        return UNKNOWN
    if isinstance(receiver, str) and method not in _STRING_METHODS:
        return UNKNOWN
    try:
        result = getattr(receiver, method)(*args, **kwargs)
    except (AttributeError, TypeError, ValueError, IndexError, KeyError, CannotKnow):
        return UNKNOWN
    if isinstance(result, str) and len(result) > 1_000_000:
        return UNKNOWN
    return result if is_constant(result) else UNKNOWN


_STRING_METHODS = {
    "format",
    "join",
    "upper",
    "lower",
    "replace",
    "startswith",
    "endswith",
    "split",
    "rsplit",
    "strip",
    "lstrip",
    "rstrip",
    "title",
    "capitalize",
    "count",
    "find",
    "rfind",
    "index",
    "isdigit",
    "isalpha",
    "isupper",
    "islower",
    "partition",
}
