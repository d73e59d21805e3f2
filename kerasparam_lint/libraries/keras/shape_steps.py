"""The arithmetic behind an output shape, written down while the shape rules compute it.

``summary --explain`` shows *how* a dimension comes out (``same: ceil(25 / 2) = 13``).
Rather than restate Keras' formulas a second time, the shared functions of
:mod:`~kerasparam_lint.libraries.keras.shape_rules` report each step they take, next to the
formula itself; a caller that wants the steps re-runs a layer's shape rule inside
:func:`recording`. Outside it, reporting costs one context-variable read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One computed dimension: ``formula = value``.

    ``dropped`` counts input rows no window covers (a valid conv or pool whose
    stride does not divide evenly); ``per_dim`` is False for a step that is not
    about one spatial dimension (Flatten's product).
    """

    formula: str
    value: int
    dropped: int = 0
    per_dim: bool = True


_STEPS: ContextVar[list[Step] | None] = ContextVar("shape_steps", default=None)


@contextmanager
def recording() -> Iterator[list[Step]]:
    """Collect the steps the shape rules take inside the ``with`` block."""
    steps: list[Step] = []
    token = _STEPS.set(steps)
    try:
        yield steps
    finally:
        _STEPS.reset(token)


def report(
    formula: Callable[[], str],
    value: object,
    operands: tuple[object, ...],
    dropped: object = 0,
    per_dim: bool = True,
) -> None:
    """Record ``formula() = value`` when recording and every operand is a plain int.

    ``formula`` is a callable so that the text is only built when someone asks.
    """
    steps = _STEPS.get()
    if steps is None or not _plain_int(value) or not all(_plain_int(o) for o in operands):
        return
    steps.append(Step(formula(), int(value), int(dropped), per_dim))  # type: ignore[call-overload]


def _plain_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
