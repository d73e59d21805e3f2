"""The evaluation's step budgets: one for the file, one for loops that only prepare data.

Every step counts against ``max_steps``. A loop that makes no layer, model or tensor
and calls no layer (a ``while`` over random samples, a loop over a file's rows)
prepares data: its steps are given back when it ends, drawn from a second budget as
large, so that generating 50,000 samples before the model never leaves the model
unknown. When that second budget is spent, the outermost such loop still running
stops there (what it changed becomes unknown) and the code after it runs; later loops
spend the file's budget, as any code does. Each step taken is charged to one of the
two budgets, so the whole analysis stays within twice ``max_steps``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kerasparam_lint.evaluator.control import BudgetExceeded, DataBudgetSpent
from kerasparam_lint.evaluator.limits import Limits


@dataclass(eq=False)
class LoopFrame:
    """One running loop: the step count and the graph results when it started."""

    steps: int
    built: int
    stopped: bool = False


class StepBudget:
    """The budget half of :class:`~kerasparam_lint.evaluator.interpreter.Interpreter`."""

    limits: Limits

    def _init_budget(self) -> None:
        self.steps = 0
        # Steps given back to loops that built nothing, out of a budget of ``max_steps``.
        self.data_steps = 0
        # Calls so far that gave a layer, a model or a tensor, and layer calls: a loop
        # that makes one is building the model, and its steps count.
        self.graph_results = 0
        self._loops: list[LoopFrame] = []
        # The step count at which the outermost loop that built nothing must stop.
        self._data_ceiling: float = float("inf")

    def tick(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > self.limits.max_steps:
            raise BudgetExceeded(f"more than {self.limits.max_steps:,} steps; raise max-steps")
        if self.steps > self._data_ceiling:
            frame = self._set_data_ceiling()
            if frame is not None and self.steps > self._data_ceiling:
                raise DataBudgetSpent(frame)

    def tick_model(self, count: int) -> None:
        self.graph_results += 1
        self.tick(count)

    def data_loop(self, run: Callable[[], Any], give_up: Callable[[], Any]) -> Any:
        """Run one loop (``run``); a loop that built nothing and runs out of steps stops
        there: ``give_up`` forgets what it changed and gives its value."""
        frame = LoopFrame(self.steps, self.graph_results)
        self._loops.append(frame)
        self._set_data_ceiling()
        try:
            return run()
        except BudgetExceeded as stop:
            frame.stopped = self._stops_here(stop, frame)
            if not frame.stopped:
                raise
            self.note("loop stopped: it needs more steps than the analysis has left")
            return give_up()
        finally:
            self._loops.pop()
            self._refund(frame)
            self._set_data_ceiling()

    def _stops_here(self, stop: BudgetExceeded, frame: LoopFrame) -> bool:
        if isinstance(stop, DataBudgetSpent):
            return stop.frame is frame
        return self._builds_nothing(frame) and self._fits(frame)

    def _builds_nothing(self, frame: LoopFrame) -> bool:
        return frame.built == self.graph_results

    def _fits(self, frame: LoopFrame) -> bool:
        return self.data_steps + self.steps - frame.steps <= self.limits.max_steps

    def _refund(self, frame: LoopFrame) -> None:
        """Give the file back the steps of a loop that built nothing, if the data budget
        holds them (a loop it stopped overdraws it by at most one step's count)."""
        if self._builds_nothing(frame) and (frame.stopped or self._fits(frame)):
            self.data_steps += self.steps - frame.steps
            self.steps = frame.steps

    def _set_data_ceiling(self) -> LoopFrame | None:
        """The outermost running loop that has built nothing (None if none, or if the
        data budget is spent: loops then spend the file's, as any code), and the step
        count at which it must stop."""
        room = self.limits.max_steps - self.data_steps
        for frame in self._loops if room > 0 else ():
            if self._builds_nothing(frame):
                self._data_ceiling = frame.steps + room
                return frame
        self._data_ceiling = float("inf")
        return None
