"""What a comment claims about the code next to it, when it claims it unambiguously.

Each reader returns one claim or None. A comment is read only when it states the
quantity in one of the listed forms, states it once (or several times alike),
and does not hedge: comments comparing with other designs ("instead of 3x3",
"was 5x5 in the paper"), asking, or holding commented-out code are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TIMES = r"\s*[x×X*]\s*"
_DIMS = rf"\d+(?:{_TIMES}\d+)*"
_HEDGES = re.compile(
    r"\b(instead|rather|than|not|n't|no|was|were|originally|original|paper|should|would|"
    r"could|might|todo|fixme|xxx|vs|versus|or|if|replac\w*|chang\w*|before|previous\w*|"
    r"like|unlike|equivalent|effective|receptive|emulat\w*|approx\w*|factori\w*|"
    r"total|sum|each|both|all|stack\w*|two|three|twice|e\.g|i\.e|compare\w*|maybe)\b|\?",
    re.I,
)
_CODE = re.compile(r"[A-Za-z_][\w.]*\s*\(")


def _dims(text: str) -> tuple[int, ...]:
    return tuple(int(d) for d in re.split(_TIMES, text.strip()))


def readable(text: str) -> bool:
    """Whether a comment is plain prose that may be taken at its word."""
    return bool(text) and not _HEDGES.search(text) and not _CODE.search(text)


@dataclass(frozen=True)
class KernelClaim:
    """``3x3 conv`` -> (3, 3); ``kernel 3`` / ``k=3`` -> (3,) meaning every axis.

    A comment that is nothing but dims (``# 3×3``) is ``bare``: it may also mean the
    output's spatial size, so it is only wrong when it matches neither.
    """

    dims: tuple[int, ...]
    text: str
    bare: bool = False

    def matches(self, kernel: tuple[int, ...]) -> bool:
        if len(self.dims) == 1 and len(kernel) != 1:
            return all(k == self.dims[0] for k in kernel)
        return self.dims == kernel

    def comparable(self, kernel: tuple[int, ...]) -> bool:
        return len(self.dims) == 1 or len(self.dims) == len(kernel)


_KERNEL_FORMS = (
    re.compile(rf"(?<![\w.])({_DIMS})[\s-]*(?:conv\w*|kernels?|filters?)\b", re.I),
    re.compile(rf"\bconv\w*\s+({_DIMS})(?![\w.])", re.I),
    re.compile(rf"\bkernel(?:[\s_]size)?\s*(?:[=:]|of)?\s*({_DIMS})(?![\w.])", re.I),
    re.compile(r"(?<![\w.])k\s*=\s*(\d+)(?![\w.])"),
)
_OUTPUT_WORDS = re.compile(r"\b(out\w*|shape|->|→|=>)\b|->|→|=>", re.I)


_BARE = re.compile(rf"\s*(\d+{_TIMES}\d+(?:{_TIMES}\d+)?)\s*")


def kernel_claim(text: str) -> KernelClaim | None:
    if not readable(text) or _OUTPUT_WORDS.search(text):
        return None
    bare = _BARE.fullmatch(text)
    if bare:
        return KernelClaim(_dims(bare.group(1)), bare.group(1), bare=True)
    found = {
        (_dims(match.group(1)), match.group(0).strip())
        for form in _KERNEL_FORMS
        for match in form.finditer(text)
    }
    claims = {dims for dims, _ in found}
    if len(claims) != 1:
        return None
    dims = claims.pop()
    return KernelClaim(dims, min(t for d, t in found if d == dims))
