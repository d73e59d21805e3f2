"""``[tool.kerasparam-lint]`` in ``pyproject.toml``: rule selection, excludes, options.

The nearest ``pyproject.toml`` from the working directory upwards is read, as
ruff and black find theirs; command-line options override it. Keys::

    [tool.kerasparam-lint]
    select = ["KPL1", "KPL2"]   # code prefixes; default: every rule that is on by default
    ignore = ["KPL203"]
    exclude = ["build", "legacy/*.py"]   # glob patterns, matched like flake8's --exclude
    max-params = 25_000_000              # budget for KPL491 (off by default)
    max-steps = 500_000                  # analysis limits (``Limits``): past one, values
    max-loop-iterations = 10_000         # are unknown; each is a positive integer
    max-call-depth = 40
    max-collection-size = 1_000_000
    max-imported-source = 200_000        # characters of the project's imported modules
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kerasparam_lint.evaluator.limits import Limits
from kerasparam_lint.lint.options import Options
from kerasparam_lint.lint.selection import Selection, parse_codes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the dependency is declared for these versions
    import tomli as tomllib

SECTION = "kerasparam-lint"


class ConfigError(Exception):
    """The configuration cannot be read or has a value of the wrong type."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    options: Options = field(default_factory=Options)
    limits: Limits = field(default_factory=Limits)

    @property
    def selection(self) -> Selection:
        return Selection(self.select, self.ignore)


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load(start: Path | None = None) -> Config:
    path = find_pyproject((start or Path.cwd()).resolve())
    if path is None:
        return Config()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    table: dict[str, Any] = document.get("tool", {}).get(SECTION, {})
    return from_table(table, str(path))


def from_table(table: dict[str, Any], origin: str = "configuration") -> Config:
    try:
        exclude = table.get("exclude", ())
        return Config(
            select=parse_codes(table.get("select")),
            ignore=parse_codes(table.get("ignore")),
            exclude=(exclude,) if isinstance(exclude, str) else tuple(exclude),
            options=Options.from_mapping(table),
            limits=Limits.from_mapping(table),
        )
    except (TypeError, ValueError, AttributeError) as error:
        raise ConfigError(f"{origin}: [tool.{SECTION}]: {error}") from error
