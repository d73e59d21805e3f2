"""What an input size must satisfy for two computed sizes to agree (``H must be divisible by 16``).

Two quasi-affine sizes of one variable with the same slope differ by a periodic
function: if they agree for every residue of the variable modulo their common
period, they agree everywhere. Checking one period is therefore a proof, not a
sample, and the sizes that work are a set of residues, reduced here to the
smallest modulus that describes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd

from kerasparam_lint.sizes.expression import Size, Value, evaluate

# A period above this is not worth stating (and would cost as many evaluations).
MAX_PERIOD = 4096


@dataclass(frozen=True)
class Requirement:
    """``variable % modulus`` must be one of ``residues`` (empty: no size works)."""

    variable: str
    modulus: int
    residues: tuple[int, ...]

    @property
    def always(self) -> bool:
        """Every size works: the two sizes are the same formula written differently."""
        return self.modulus == 1 and bool(self.residues)

    def holds(self, size: int) -> bool:
        return size % self.modulus in self.residues

    def divisor(self) -> int | None:
        """The smallest d whose every multiple satisfies the requirement (None if none)."""
        if 0 not in self.residues:
            return None
        return next(
            d
            for d in range(1, self.modulus + 1)
            if self.modulus % d == 0 and all(self.holds(r) for r in range(0, self.modulus, d))
        )

    def nearest(self, size: int) -> tuple[int, ...]:
        """The sizes closest to ``size`` (one below, one above) that satisfy it, all >= 1."""
        if not self.residues:
            return ()
        below = next((s for s in range(size - 1, 0, -1) if self.holds(s)), None)
        above = next(s for s in range(size + 1, size + self.modulus + 1) if self.holds(s))
        return tuple(s for s in (below, above) if s is not None)

    def __str__(self) -> str:
        return self.describe("must be")

    def describe(self, verb: str) -> str:
        """``H must be divisible by 16`` (verb "must be") or ``H is divisible by 16`` ("is")."""
        if not self.residues:
            return f"no {self.variable} makes these sizes equal"
        if self.always:
            return f"any {self.variable}"
        if self.residues == (0,):
            return f"{self.variable} {verb} divisible by {self.modulus}"
        low, high = self.residues[0], self.residues[-1]
        if len(self.residues) > 2 and self.residues == tuple(range(low, high + 1)):
            return f"{self.variable} % {self.modulus} {verb} between {low} and {high}"
        listed = ", ".join(str(r) for r in self.residues[:-1])
        return f"{self.variable} % {self.modulus} {verb} {listed} or {high}"


def requirement(first: Value, second: Value) -> Requirement | None:
    """When ``first == second``, as a condition on their one variable.

    None when the condition is not a set of residues (different slopes, several
    variables, too long a period, two different constants): nothing is claimed.
    """
    difference = first - second
    if not isinstance(difference, Size):
        return Requirement("", 1, (0,)) if difference == 0 else None
    variables = difference.variables()
    if len(variables) != 1 or difference.slope() != 0:
        return None
    (variable,) = variables
    period = difference.period()
    if period > MAX_PERIOD:
        return None
    good = [r for r in range(period) if evaluate(difference, {variable: r}) == 0]
    modulus = next(m for m in range(1, period + 1) if period % m == 0 and _repeats(good, period, m))
    return Requirement(variable, modulus, tuple(r for r in good if r < modulus))


def _repeats(good: list[int], period: int, modulus: int) -> bool:
    """The good residues mod ``period`` are a union of whole classes mod ``modulus``."""
    members = set(good)
    return all((r in members) == (r % modulus in members) for r in range(period))


def combined(requirements: list[Requirement]) -> Requirement:
    """All of several requirements on one variable, as one."""
    modulus = 1
    for req in requirements:
        modulus = modulus * req.modulus // gcd(modulus, req.modulus)
    residues = tuple(r for r in range(modulus) if all(req.holds(r) for req in requirements))
    return Requirement(requirements[0].variable, modulus, residues)
