"""Which values are plain Python constants, whose operations the evaluator may run."""

from __future__ import annotations

from typing import Any

_CONSTANT_TYPES = (int, float, complex, str, bytes, bool, type(None))


def is_constant(value: Any) -> bool:
    """True for values whose Python operations are safe to run for real."""
    if isinstance(value, _CONSTANT_TYPES):
        return True
    if isinstance(value, (tuple, list, set, frozenset)):
        return all(is_constant(item) for item in value)
    if isinstance(value, dict):
        return all(is_constant(k) and is_constant(v) for k, v in value.items())
    return False
