"""The value the analyzer uses for anything it cannot know.

Arithmetic on an unknown stays unknown, so a shape with one unknown dimension
keeps its other dimensions; any *decision* that depends on an unknown (a
comparison, ``bool()``, using it as an index) raises :class:`CannotKnow`, so the
code that asked gives up instead of guessing.
"""

from __future__ import annotations

from typing import Any


class CannotKnow(Exception):
    """Raised when a result would depend on a value the analyzer does not know."""


class _Unknown:
    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "?"

    def _absorb(self, *_: Any) -> _Unknown:
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = _absorb
    __mul__ = __rmul__ = __floordiv__ = __rfloordiv__ = _absorb
    __truediv__ = __rtruediv__ = __mod__ = __rmod__ = __pow__ = __rpow__ = _absorb
    __neg__ = __pos__ = __abs__ = _absorb

    def _decide(self, *_: Any) -> Any:
        raise CannotKnow("depends on an unknown value")

    __lt__ = __le__ = __gt__ = __ge__ = _decide
    __bool__ = __index__ = __int__ = __float__ = __len__ = __iter__ = _decide

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        raise CannotKnow("equality with an unknown value")

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


def is_unknown(value: object) -> bool:
    return value is UNKNOWN


def contains_unknown(value: object) -> bool:
    """True when ``value`` or anything nested in a tuple/list/dict is unknown."""
    if value is UNKNOWN:
        return True
    if isinstance(value, (tuple, list)):
        return any(contains_unknown(item) for item in value)
    if isinstance(value, dict):
        return any(contains_unknown(item) for item in value.values())
    return False
