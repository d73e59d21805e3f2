"""Which rules run: ``select`` / ``ignore`` code prefixes, as flake8 reads them.

The longest matching prefix decides (``--select KPL --ignore KPL2`` keeps KPL1xx,
``--ignore KPL2 --select KPL201`` keeps KPL201). Rules that are off by default
(opinionated ones, KPL49x) run only when a prefix longer than ``KPL`` selects them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kerasparam_lint.rules.base import Rule

ROOT = "KPL"


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        from kerasparam_lint.rules import RULES  # on use: the configuration is read without it

        selected = _longest(code, self.select)
        ignored = _longest(code, self.ignore)
        rule_default = next((r.DEFAULT_ENABLED for r in RULES if r.CODE == code), True)
        if selected is None:
            on = rule_default and not self.select
        else:
            on = rule_default or len(selected) > len(ROOT)
        if ignored is not None and (selected is None or len(ignored) >= len(selected)):
            return False
        return on

    def rules(self) -> list[Rule]:
        from kerasparam_lint.rules import RULES

        return [rule() for rule in RULES if self.enabled(rule.CODE)]


def _longest(code: str, prefixes: Sequence[str]) -> str | None:
    matching = [p for p in prefixes if code.startswith(p)]
    return max(matching, key=len) if matching else None


def parse_codes(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"KPL1, KPL201"`` or ``["KPL1", "KPL201"]`` -> ``("KPL1", "KPL201")``."""
    if value is None:
        return ()
    items = value.replace(",", " ").split() if isinstance(value, str) else value
    return tuple(item.strip().upper() for item in items if item.strip())
