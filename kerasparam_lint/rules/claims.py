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
    r"total|sum|each|per|both|all|stack\w*|two|three|twice|e\.g|i\.e|compare\w*|maybe)\b|\?",
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


_WINDOW = rf"\d+(?:{_TIMES}\d+)+"  # 3x3: a bare number next to "conv" is a count
_KERNEL_FORMS = (
    re.compile(rf"(?<![\w.])({_WINDOW})[\s-]*(?:conv\w*|kernels?|filters?)\b", re.I),
    re.compile(rf"\bconv\w*\s+({_WINDOW})(?![\w.])", re.I),
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


@dataclass(frozen=True)
class ShapeClaim:
    """A stated output shape: ``(None, 32, 32, 512)`` (``batch``), ``32x32x512``, ``16x16``."""

    dims: tuple[int | None, ...]
    text: str
    batch: bool

    def compare_with(self, shape: tuple[object, ...], channels_first: bool) -> tuple | None:
        """The part of ``shape`` the claim speaks of (None when it cannot be lined up)."""
        if self.batch:
            return shape if len(shape) == len(self.dims) else None
        if len(self.dims) == len(shape) - 1:
            return shape[1:]
        if len(self.dims) == len(shape) - 2 and len(shape) >= 4:
            return shape[2:] if channels_first else shape[1:-1]
        return None


_TUPLE = r"\(\s*(?:None|\d+)(?:\s*,\s*(?:None|\d+))*\s*,?\s*\)"
_SHAPE = rf"(?:{_TUPLE}|{_DIMS})(?![\w.])"
_ARROW = re.compile(rf"(?:->|→|=>)\s*({_SHAPE})")
# "shape" alone is an output only at the start: "input shape: ..." or "kernel shape: ..." is not.
_MARKED = re.compile(rf"(?:\bout(?:put)?(?:\s+shape)?|^\s*shape)\s*[:=]?\s*({_SHAPE})", re.I)
_BATCH_TUPLE = re.compile(r"\(\s*None\s*(?:,\s*(?:None|\d+)\s*)+,?\s*\)")
_INPUT_WORDS = re.compile(r"\b(in|inputs?)\b", re.I)


def _tuple_dims(text: str) -> tuple[int | None, ...]:
    items = [item.strip() for item in text.strip("() ").split(",") if item.strip()]
    return tuple(None if item == "None" else int(item) for item in items)


def shape_claim(text: str) -> ShapeClaim | None:
    """A stated output shape, in one of three forms.

    After an arrow or ``out:`` / ``output shape:`` / ``shape=``; a ``(None, ...)``
    tuple in a comment that does not speak of inputs; a comment that is nothing but
    ``AxBxC`` (three dims or more: two could be a kernel).
    """
    if not readable(text):
        return None
    arrows = _ARROW.findall(text)
    if arrows:
        written = {arrows[-1]}
    else:
        written = set(_MARKED.findall(text))
        if not written and not _INPUT_WORDS.search(text):
            written = set(_BATCH_TUPLE.findall(text))
            if re.fullmatch(_DIMS, text.strip()) and len(_dims(text)) >= 3:
                written.add(text.strip())
    if len(written) != 1:
        return None
    claim = written.pop().strip()
    if claim.startswith("("):
        dims = _tuple_dims(claim)
        return ShapeClaim(dims, claim, batch=dims[0] is None)
    return ShapeClaim(_dims(claim), claim, batch=False)


@dataclass(frozen=True)
class CountClaim:
    """A stated parameter count: exact (``2,097,664``) or rounded (``0.59M``, ``2.1 million``)."""

    value: float
    unit: float  # one step of the last written digit; 0 for an exact count
    text: str

    def matches(self, count: int) -> bool:
        if not self.unit:
            return count == self.value
        return abs(count - self.value) < self.unit


_NUMBER = r"\d{1,3}(?:[,_]\d{3})+|\d+(?:\.\d+)?"
_SCALE = r"\s*(?:(million|thousand|[kKmM])\b)?"
_PARAMS = r"(?:params|parameters)\b"
_COUNT_FORMS = (
    re.compile(rf"(?<![\w.,])({_NUMBER}){_SCALE}\s*{_PARAMS}"),
    re.compile(rf"\b(?:params|parameters|param\s*#)\s*[:=]\s*({_NUMBER}){_SCALE}", re.I),
)
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}
_OTHER_COUNTS = re.compile(r"trainable|memory|bytes|\bMB\b|\bKB\b|flops|macs|~|≈", re.I)


def count_claim(text: str) -> CountClaim | None:
    if not readable(text) or _OTHER_COUNTS.search(text):
        return None
    found = {
        (match.group(1), (match.group(2) or "").lower())
        for form in _COUNT_FORMS
        for match in form.finditer(text)
    }
    if len(found) != 1:
        return None
    number, scale = found.pop()
    digits = number.replace(",", "").replace("_", "")
    multiplier = _SCALES.get(scale, 1.0)
    decimals = len(digits.partition(".")[2])
    value = float(digits) * multiplier
    if not scale and not decimals:
        return CountClaim(value, 0, f"{number} params")
    shown = f"{number}{scale.upper() if len(scale) == 1 else ' ' + scale} params"
    return CountClaim(value, multiplier / 10**decimals, shown)


@dataclass(frozen=True)
class SettingClaim:
    """A stated layer setting: ``64 filters``, ``128 units``, ``stride 2``."""

    argument: str  # "filters", "units" or "strides"
    dims: tuple[int, ...]
    text: str


_SETTING_FORMS = (
    ("filters", re.compile(rf"(?<![\w.x×*])(\d+)\s+(?:{_DIMS}\s+)?(?:conv\w*\s+)?filters\b", re.I)),
    ("filters", re.compile(r"\bfilters\s*[:=]\s*(\d+)\b", re.I)),
    ("units", re.compile(r"(?<![\w.x×*])(\d+)\s+(?:hidden\s+)?(?:units|neurons)\b", re.I)),
    ("units", re.compile(r"\b(?:units|neurons)\s*[:=]\s*(\d+)\b", re.I)),
    ("strides", re.compile(rf"\bstrides?\s*(?:[:=]|of)?\s*({_DIMS})(?![\w.])", re.I)),
)


def setting_claims(text: str) -> list[SettingClaim]:
    """Every setting the comment states, one per argument (none if it states one twice)."""
    if not readable(text):
        return []
    by_argument: dict[str, set[tuple[tuple[int, ...], str]]] = {}
    for argument, form in _SETTING_FORMS:
        for match in form.finditer(text):
            by_argument.setdefault(argument, set()).add(
                (_dims(match.group(1)), match.group(0).strip())
            )
    claims = []
    for argument, found in by_argument.items():
        if len({dims for dims, _ in found}) == 1:
            dims, written = min(found)
            claims.append(SettingClaim(argument, dims, written))
    return claims
