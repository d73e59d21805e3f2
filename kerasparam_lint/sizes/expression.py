"""Sizes as expressions of the input: ``H//16``, ``(H - 2)//2``, ``2*(W//8) + 1``.

Every Keras shape rule for a spatial size is built from ``+``, ``-``, ``*`` by a
constant and ``//`` by a positive constant (``ceil(n / s)`` is ``(n - 1)//s + 1``).
Such *quasi-affine* expressions are closed under those operations, so running a
shape rule on a :class:`Size` instead of an int yields the size as a formula of
the input. Anything else (a product of two sizes, a comparison, ``int()``)
raises ``TypeError``: the caller then knows the rule left the affine world and
keeps Keras' ``None``.

A Size is kept in a normal form (floors of floors merged, whole multiples taken
out of a floor) and never constant: an operation whose result no longer depends
on a variable returns a plain int.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from typing import Any, Union

Atom = Union[str, "Floor"]
Value = Union[int, "Size"]


@dataclass(frozen=True)
class Floor:
    """``inner // divisor`` that no normalization could simplify (divisor > 1)."""

    inner: Size
    divisor: int

    def __str__(self) -> str:
        terms = self.inner.terms
        bare = len(terms) == 1 and terms[0][1] == 1 and not self.inner.const
        inner = str(self.inner)
        return f"{inner if bare else f'({inner})'}//{self.divisor}"


def _atom_key(atom: Atom) -> tuple[int, str]:
    return (0, atom) if isinstance(atom, str) else (1, str(atom))


@dataclass(frozen=True)
class Size:
    """``const + sum(coefficient * atom)`` with at least one term; coefficients nonzero."""

    terms: tuple[tuple[Atom, int], ...]
    const: int = 0

    @staticmethod
    def variable(name: str) -> Size:
        return Size(((name, 1),))

    # -- building ---------------------------------------------------------------------

    @staticmethod
    def _make(terms: dict[Atom, int], const: int) -> Value:
        kept = [(a, k) for a, k in terms.items() if k]
        if not kept:
            return const
        floors = [i for i, (a, k) in enumerate(kept) if isinstance(a, Floor)]
        if const and len(floors) == 1 and kept[floors[0]][1] == 1:
            # ``(H - 2)//2 + 1`` reads better, and compares equal, as ``H//2``.
            floor = kept[floors[0]][0]
            assert isinstance(floor, Floor)
            kept[floors[0]] = (Floor(_shift(floor.inner, floor.divisor * const), floor.divisor), 1)
            const = 0
        return Size(tuple(sorted(kept, key=lambda t: _atom_key(t[0]))), const)

    def _combine(self, other: Value, sign: int) -> Value:
        terms = dict(self.terms)
        if isinstance(other, Size):
            for atom, k in other.terms:
                terms[atom] = terms.get(atom, 0) + sign * k
            return Size._make(terms, self.const + sign * other.const)
        return Size._make(terms, self.const + sign * other)

    def __add__(self, other: Any) -> Value:
        if not _is_value(other):
            return NotImplemented
        return self._combine(other, 1)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Value:
        if not _is_value(other):
            return NotImplemented
        return self._combine(other, -1)

    def __rsub__(self, other: Any) -> Value:
        if not _is_value(other):
            return NotImplemented
        return (-self) + other

    def __neg__(self) -> Value:
        return self * -1

    def __mul__(self, other: Any) -> Value:
        if not _is_int(other):
            raise TypeError("a size times a size is not affine")
        return Size._make({a: k * other for a, k in self.terms}, self.const * other)

    __rmul__ = __mul__

    def __floordiv__(self, other: Any) -> Value:
        if not _is_int(other) or other <= 0:
            raise TypeError("a size is only divided by a positive constant")
        return floor_divide(self, other)

    def __mod__(self, other: Any) -> Value:
        if not _is_int(other) or other <= 0:
            raise TypeError("a size is only taken modulo a positive constant")
        return self - other * floor_divide(self, other)

    def __lt__(self, other: Any) -> bool:
        raise TypeError("a size has no order without its input")

    __le__ = __gt__ = __ge__ = __lt__

    def __index__(self) -> int:
        raise TypeError("a size is not a plain int")

    # -- reading ----------------------------------------------------------------------

    def __str__(self) -> str:
        parts: list[tuple[bool, str]] = []
        for atom, k in self.terms:
            text = str(atom)
            if abs(k) != 1:
                text = f"{abs(k)}*{text if isinstance(atom, str) else f'({text})'}"
            parts.append((k < 0, text))
        if self.const:
            parts.append((self.const < 0, str(abs(self.const))))
        return signed_sum(parts)

    def evaluate(self, values: dict[str, int]) -> int:
        return evaluate(self, values)

    def variables(self) -> set[str]:
        found: set[str] = set()
        for atom, _ in self.terms:
            found |= {atom} if isinstance(atom, str) else atom.inner.variables()
        return found

    def slope(self) -> Fraction:
        """How much the size grows per unit of its (single) variable, on average."""
        total = Fraction(0)
        for atom, k in self.terms:
            rate = Fraction(1) if isinstance(atom, str) else atom.inner.slope() / atom.divisor
            total += k * rate
        return total

    def period(self) -> int:
        """P such that ``size(v + P) == size(v) + slope * P`` for every integer v."""
        result = 1
        for atom, _ in self.terms:
            if isinstance(atom, Floor):
                inner = atom.inner.period()
                step = atom.inner.slope() * inner  # an integer by construction
                whole = int(step)
                repeats = atom.divisor // gcd(whole, atom.divisor) if whole else 1
                result = _lcm(result, inner * repeats)
        return result

    def substitute(self, values: dict[str, Value]) -> Value:
        """The size with variables replaced (by ints or other sizes), renormalized."""
        total: Value = self.const
        for atom, k in self.terms:
            if isinstance(atom, str):
                part: Value = values.get(atom, Size.variable(atom))
            else:
                part = floor_divide(atom.inner.substitute(values), atom.divisor)
            total = total + k * part
        return total


def signed_sum(parts: list[tuple[bool, str]]) -> str:
    """``[(False, "H"), (True, "2")]`` -> ``H - 2``: terms with their signs, written out."""
    (negative, head), *rest = parts
    return " ".join(
        [("-" if negative else "") + head, *(("- " if n else "+ ") + text for n, text in rest)]
    )


def floor_divide(value: Value, divisor: int) -> Value:
    """``value // divisor`` in normal form.

    Whole multiples of the divisor leave the floor (``(2*H + 1)//2 -> H + 1//2``
    becomes ``H``), and a floor of a floor becomes one floor:
    ``(x//a + c)//b == (x + a*c)//(a*b)``.
    """
    if isinstance(value, int):
        return value // divisor
    if divisor == 1:
        return value
    outside = {a: k // divisor for a, k in value.terms}
    inside = {a: k % divisor for a, k in value.terms}
    rest = Size._make(inside, value.const)
    quotient = Size._make(outside, 0)
    if isinstance(rest, int):
        return quotient + rest // divisor
    if len(rest.terms) == 1 and rest.terms[0][1] == 1 and isinstance(rest.terms[0][0], Floor):
        nested = rest.terms[0][0]
        merged = floor_divide(nested.inner + nested.divisor * rest.const, nested.divisor * divisor)
        return quotient + merged
    return quotient + Size(((Floor(rest, divisor), 1),))


def evaluate(value: Value, values: dict[str, int]) -> int:
    if isinstance(value, int):
        return value
    total = value.const
    for atom, k in value.terms:
        if isinstance(atom, str):
            total += k * values[atom]
        else:
            total += k * (evaluate(atom.inner, values) // atom.divisor)
    return total


def _shift(size: Size, amount: int) -> Size:
    """``size + amount`` without renormalizing (the floor it sits in stays one floor)."""
    return Size(size.terms, size.const + amount)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_value(value: Any) -> bool:
    return _is_int(value) or isinstance(value, Size)


def _lcm(a: int, b: int) -> int:
    return a * b // gcd(a, b)
