"""``[tool.kerasparam-lint]`` in ``pyproject.toml``: rule selection, excludes, options.

Each file is governed by the nearest ``pyproject.toml`` above it that has a
``[tool.kerasparam-lint]`` table, as ruff finds its configuration; ``--config FILE``
names one file for every path instead. Command-line options override it. Keys::

    [tool.kerasparam-lint]
    select = ["KPL1", "KPL2"]   # code prefixes; default: every rule that is on by default
    extend-select = ["KPL491"]  # added to select (or to the defaults)
    ignore = ["KPL203"]
    extend-ignore = ["KPL402"]
    per-file-ignores = { "tests/*" = ["KPL2"] }   # globs relative to this file's folder
    exclude = ["build", "legacy/*.py"]   # flake8-style globs; replace the defaults
    extend-exclude = ["generated"]       # added to the defaults
    max-params = 25_000_000              # budget for KPL491 (off by default)
    max-steps = 500_000                  # analysis limits (``Limits``): past one, values
    max-loop-iterations = 10_000         # are unknown; each is a positive integer
    max-call-depth = 40
    max-collection-size = 1_000_000
    max-imported-source = 200_000        # characters of the project's imported modules
    max-command-line-readings = 8        # runs of a script, one per option reading

A key or rule code that does not exist is an error naming the closest valid one:
a typo must not silently turn a setting off.
"""

from __future__ import annotations

import difflib
import fnmatch
import functools
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kerasparam_lint.evaluator.limits import Limits, config_keys
from kerasparam_lint.frontends.discovery import DEFAULT_EXCLUDE
from kerasparam_lint.lint.options import Options
from kerasparam_lint.lint.selection import ROOT, Selection, parse_codes
from kerasparam_lint.source.reading import STDIN

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the dependency is declared for these versions
    import tomli as tomllib

SECTION = "kerasparam-lint"
_CODE_KEYS = ("select", "extend-select", "ignore", "extend-ignore")
KEYS = (
    *_CODE_KEYS,
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "max-params",
    *config_keys(),
)


class ConfigError(Exception):
    """The configuration cannot be read, or names a key, code or value that is wrong."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    options: Options = field(default_factory=Options)
    limits: Limits = field(default_factory=Limits)
    folder: str | None = None  # where the configuration file is: per-file-ignores' base

    @property
    def selection(self) -> Selection:
        """The rules for any file (before ``per-file-ignores``)."""
        select = self.select
        if self.extend_select:
            select = (*(select or (ROOT,)), *self.extend_select)
        return Selection(select, (*self.ignore, *self.extend_ignore))

    def selection_for(self, path: str) -> Selection:
        """The rules for ``path``: ``per-file-ignores`` added to the ignored codes."""
        selection = self.selection
        if path == STDIN:  # no name to match (--stdin-filename gives one)
            return selection
        ignored = [
            code
            for pattern, codes in self.per_file_ignores
            if _matches(path, pattern, self.folder)
            for code in codes
        ]
        return replace(selection, ignore=(*selection.ignore, *ignored)) if ignored else selection

    @property
    def excluded(self) -> tuple[str, ...]:
        return (*self.exclude, *self.extend_exclude)


def _matches(path: str, pattern: str, folder: str | None) -> bool:
    """As ruff: a pattern with a ``/`` against the path relative to the configuration's
    folder (or to the working directory), one without against the file's name too."""
    relative = os.path.relpath(os.path.abspath(path), folder or os.getcwd()).replace(os.sep, "/")
    if fnmatch.fnmatch(relative, pattern):
        return True
    return "/" not in pattern and fnmatch.fnmatch(os.path.basename(path), pattern)


def _our_table(path: Path) -> dict[str, Any] | None:
    """The ``[tool.kerasparam-lint]`` table of a ``pyproject.toml`` (None when it has none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    if SECTION not in text:  # most pyproject.toml files: not worth parsing
        return None
    tool = _parse(text, path).get("tool", {})
    return tool.get(SECTION) if isinstance(tool, dict) else None


def _parse(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"cannot read {path}: {error}") from error


def load(start: Path | None = None) -> Config:
    """The configuration in force in folder ``start`` (the working directory): the
    nearest ``pyproject.toml`` from there up that has our table."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        table = _our_table(candidate) if candidate.is_file() else None
        if table is not None:
            return from_table(table, f"{candidate}: [tool.{SECTION}]", str(folder))
    return Config()


def load_file(path: Path) -> Config:
    """A file named by ``--config``: a ``pyproject.toml``'s ``[tool.kerasparam-lint]``
    table, or another TOML file's top level."""
    if path.name == "pyproject.toml":
        table = _our_table(path) or {}
        return from_table(table, f"{path}: [tool.{SECTION}]", str(path.resolve().parent))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    return from_table(_parse(text, path), str(path), str(path.resolve().parent))


class Finder:
    """Each path's configuration: ``--config``'s, or the nearest one, read once per folder."""

    def __init__(self, config_file: str | None = None) -> None:
        self._fixed = load_file(Path(config_file)) if config_file else None
        self._by_folder: dict[Path, Config] = {}

    def for_path(self, path: str) -> Config:
        if self._fixed is not None:
            return self._fixed
        folder = Path(path).resolve()
        if not folder.is_dir():
            folder = folder.parent
        if folder not in self._by_folder:
            self._by_folder[folder] = load(folder)
        return self._by_folder[folder]


def from_table(
    table: dict[str, Any], origin: str = "configuration", folder: str | None = None
) -> Config:
    for key in table:
        if key not in KEYS:
            raise ConfigError(f"{origin}: unknown key {key!r}{_did_you_mean(key, KEYS)}")
    try:
        codes = {key: check_codes(parse_codes(table.get(key)), key) for key in _CODE_KEYS}
        per_file = table.get("per-file-ignores", {})
        return Config(
            select=codes["select"],
            ignore=codes["ignore"],
            extend_select=codes["extend-select"],
            extend_ignore=codes["extend-ignore"],
            per_file_ignores=tuple(
                (pattern, check_codes(parse_codes(listed), f"per-file-ignores {pattern!r}"))
                for pattern, listed in per_file.items()
            ),
            exclude=patterns(table.get("exclude", DEFAULT_EXCLUDE)),
            extend_exclude=patterns(table.get("extend-exclude", ())),
            options=Options.from_mapping(table),
            limits=Limits.from_mapping(table),
            folder=folder,
        )
    except (TypeError, ValueError, AttributeError) as error:
        raise ConfigError(f"{origin}: {error}") from error


def patterns(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    return tuple(item.strip() for item in value if item.strip())


def check_codes(codes: tuple[str, ...], where: str) -> tuple[str, ...]:
    """``codes`` when each is a prefix of some rule's code; else ValueError naming the
    closest code."""
    known = rule_codes()
    prefixes = {code[:end] for code in known for end in range(len(ROOT), len(code) + 1)}
    for code in codes:
        if code not in prefixes:
            # A whole code mistyped is best answered with a whole code.
            alike = sorted(p for p in prefixes if len(p) == len(code)) or sorted(prefixes)
            raise ValueError(f"{where}: unknown rule selector {code!r}{_did_you_mean(code, alike)}")
    return codes


@functools.cache
def rule_codes() -> tuple[str, ...]:
    """Every rule's code, read off the rules' module names (``kpl101_merge_shapes.py``)
    rather than by importing the rules: a run of cache hits never loads them."""
    folder = Path(__file__).resolve().parent.parent / "rules"
    return tuple(sorted(p.name[:6].upper() for p in folder.glob("kpl[0-9][0-9][0-9]_*.py")))


def _did_you_mean(word: str, candidates: Any) -> str:
    """``; did you mean 'select'?`` for the most similar candidate, if any is similar;
    of equally similar ones, the one differing in the fewest places (KPL1O1 -> KPL101)."""

    def distance(candidate: str) -> tuple[float, int]:
        similarity = difflib.SequenceMatcher(None, word, candidate).ratio()
        return -similarity, sum(a != b for a, b in zip(word, candidate, strict=False))

    alike = [c for c in candidates if difflib.SequenceMatcher(None, word, c).ratio() >= 0.5]
    return f"; did you mean {min(alike, key=distance)!r}?" if alike else ""
