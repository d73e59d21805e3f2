"""How control leaves a block: the analyzed code's own transfers, and the budget's end."""

from __future__ import annotations

from typing import Any


class BudgetExceeded(Exception):
    """The file needs more evaluation steps than the limit allows."""


class DataBudgetSpent(BudgetExceeded):
    """A loop that builds nothing used up the steps kept for preparing data: that loop
    (``frame``, the outermost such loop running) stops, and the rest of the file runs."""

    def __init__(self, frame: Any) -> None:
        super().__init__("the steps for loops that build no layer are spent")
        self.frame = frame


class Return(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


class Break(Exception):
    pass


class Continue(Exception):
    pass


class Unreachable(Exception):
    """A ``raise`` or an unknown control transfer: the rest of the block is not known."""


# What the analyzed code itself does (a module-level ``raise`` or ``return``), as
# opposed to a fault of the evaluator, when it escapes a run.
CONTROL_TRANSFERS = (Return, Break, Continue, Unreachable)
