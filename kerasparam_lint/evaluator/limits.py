"""The bounds on one file's evaluation, and how ``[tool.kerasparam-lint]`` sets them.

Kept apart from the interpreter so that reading the configuration does not load
the parser: a run whose results all come from ``--cache-dir`` never needs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Limits:
    """Bounds that keep analysis of any file short (``[tool.kerasparam-lint]`` may change them).

    Evaluation costs about a microsecond a step; the largest real models need well under
    100,000 steps (keras.applications' NASNet: 50,000), so the default stops runaway
    code within about half a second. A loop gives up (its effects unknown) long before
    that, so the code after it still runs; a loop that builds no layer draws on a second
    budget of ``max_steps`` (``evaluator.budget``), so data preparation never costs the
    model.
    """

    max_steps: int = 500_000
    max_loop_iterations: int = 10_000
    max_call_depth: int = 40
    max_collection_size: int = 1_000_000
    # Characters of the project's own modules read per analyzed file (parsing costs
    # about a second per megabyte); imports past it are unknown.
    max_imported_source: int = 200_000
    # Readings of a script's command line run per file, its defaults' included: one
    # run of the whole file each (``if args.model == "cnn":`` and the like).
    max_command_line_readings: int = 8

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Limits:
        """The limits a configuration table names (``max-steps = 100_000``); defaults for
        the rest. Raises ValueError on a value that is not a positive integer."""
        changed: dict[str, int] = {}
        for key in config_keys():
            if key in values:
                changed[key.replace("-", "_")] = _positive(key, values[key])
        return replace(cls(), **changed)


def config_keys() -> tuple[str, ...]:
    """``("max-steps", "max-loop-iterations", ...)``: each limit's configuration key."""
    return tuple(field.name.replace("_", "-") for field in fields(Limits))


def _positive(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{key} must be a positive integer, got {value!r}")
    return value
