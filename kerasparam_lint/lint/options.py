"""The rules' settings (``max-params``), apart from the rules themselves.

Reading the configuration needs this class; importing the rules package for it
would load every rule, and a run whose results all come from ``--cache-dir``
never needs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Options:
    """Rule settings from ``[tool.kerasparam-lint]`` or flake8's configuration."""

    max_params: int | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Options:
        max_params = values.get("max_params", values.get("max-params"))
        return cls(max_params=int(max_params) if max_params is not None else None)
