"""What the client may set: in ``initializationOptions`` or, under ``kerasparam-lint``,
in ``workspace/didChangeConfiguration``'s settings (both the same keys)::

    {"inlayHints": false, "debounceMs": 200, "rulesUrl": "https://.../rules.md"}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

SECTION = "kerasparam-lint"

# The rule reference of a source checkout (or an editable install), beside the package.
_RULES_FILE = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def _default_rules_url() -> str | None:
    return _RULES_FILE.as_uri() if _RULES_FILE.is_file() else None


@dataclass(frozen=True)
class Settings:
    inlay_hints: bool = True
    debounce: float = 0.2  # seconds between the last change and its analysis for diagnostics
    rules_url: str | None = _default_rules_url()

    def updated(self, values: Any) -> Settings:
        """These settings with what ``values`` sets (its ``kerasparam-lint`` table, if it
        has one); values of the wrong type are ignored."""
        if not isinstance(values, Mapping):
            return self
        values = values.get(SECTION, values)
        if not isinstance(values, Mapping):
            return self
        changed: dict[str, Any] = {}
        if isinstance(values.get("inlayHints"), bool):
            changed["inlay_hints"] = values["inlayHints"]
        debounce = values.get("debounceMs")
        if isinstance(debounce, (int, float)) and not isinstance(debounce, bool) and debounce >= 0:
            changed["debounce"] = debounce / 1000
        if isinstance(values.get("rulesUrl"), str):
            changed["rules_url"] = values["rulesUrl"]
        return replace(self, **changed)

    def rule_link(self, code: str) -> str | None:
        """The rule's section in the rule reference (``rules.md#kpl101``)."""
        return f"{self.rules_url}#{code.lower()}" if self.rules_url else None
