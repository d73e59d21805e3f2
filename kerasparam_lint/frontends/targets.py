"""What a command reads: its paths (``-`` for standard input), each with its configuration.

The command-line options that choose files and rules are declared here once, for
``check``, ``summary`` and ``annotate``, and override each file's configuration as
ruff's do: ``--select``, ``--ignore`` and ``--exclude`` replace the configured lists,
the ``--extend-*`` options add to them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace

from kerasparam_lint.frontends.config import Config, ConfigError, Finder, check_codes, patterns
from kerasparam_lint.frontends.discovery import python_files
from kerasparam_lint.lint.selection import parse_codes
from kerasparam_lint.source.notebook import Notebook, python_text
from kerasparam_lint.source.reading import STDIN, SourceText, UnreadableSource, read_source

VERBOSE_CODE = "KPL002"  # what --verbose adds: the analyzer's own failures


@dataclass(frozen=True)
class Target:
    """One file: ``source`` is its path or ``-``; ``path`` is the name its messages,
    configuration and project-module lookups use; ``read`` is its text and encoding,
    None when it could not be read (reported on stderr); ``python`` the Python it
    holds (a notebook's code cells as one module)."""

    source: str
    path: str
    config: Config
    read: SourceText | None
    python: str = ""
    notebook: Notebook | None = None


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", metavar="FILE", help="read the settings from FILE only (no discovery)"
    )


def add_arguments(parser: argparse.ArgumentParser, rules: bool = True) -> None:
    add_config_argument(parser)
    parser.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the name of the file read from '-' (for messages, configuration and imports)",
    )
    parser.add_argument("--exclude", help="comma-separated globs to skip (replaces the defaults)")
    parser.add_argument("--extend-exclude", help="comma-separated globs to skip as well")
    if not rules:
        return
    parser.add_argument("--select", help="comma-separated code prefixes to report (KPL1,KPL201)")
    parser.add_argument("--extend-select", help="code prefixes to report as well")
    parser.add_argument("--ignore", help="comma-separated code prefixes not to report")
    parser.add_argument("--extend-ignore", help="code prefixes not to report either")
    parser.add_argument("--max-params", type=int, help="parameter budget for KPL491")


def targets(args: argparse.Namespace) -> Iterator[Target]:
    """Each path given (folders walked), with its configuration and the command line's
    options applied. Raises ConfigError on a wrong setting or option."""
    finder = Finder(args.config)
    stdin_name = args.stdin_filename

    def exclude(folder: str) -> tuple[str, ...]:
        return overridden(finder.for_path(folder), args).excluded

    warn = None if getattr(args, "quiet", False) else _warn
    for source in python_files(args.paths, exclude, warn=warn):
        if source == STDIN:
            path = stdin_name or STDIN
            config = finder.for_path(stdin_name if stdin_name else os.curdir)
        else:
            path, config = source, finder.for_path(source)
        yield _read(Target(source, path, overridden(config, args), None))


def _read(target: Target) -> Target:
    try:
        read = read_source(target.source)
        python, notebook = python_text(target.path, read.text)
    except UnreadableSource as error:
        print(f"kerasparam-lint: cannot read {target.path}: {error}", file=sys.stderr)
        return target
    return replace(target, read=read, python=python, notebook=notebook)


def _warn(message: str) -> None:
    print(f"kerasparam-lint: warning: {message}", file=sys.stderr)


def overridden(config: Config, args: argparse.Namespace) -> Config:
    """``config`` with the command line's options in force."""
    changes: dict[str, object] = {}
    for option in ("select", "ignore"):
        value = getattr(args, option, None)
        if value is not None:
            changes[option] = _codes(value, option)
    for option in ("extend_select", "extend_ignore"):
        value = getattr(args, option, None)
        if value is not None:
            changes[option] = (*getattr(config, option), *_codes(value, option))
    if args.exclude is not None:
        changes["exclude"] = patterns(args.exclude)
    if args.extend_exclude is not None:
        changes["extend_exclude"] = (*config.extend_exclude, *patterns(args.extend_exclude))
    if getattr(args, "verbose", False):
        extended = changes.get("extend_select", config.extend_select)
        changes["extend_select"] = (*extended, VERBOSE_CODE)  # type: ignore[misc]
    max_params = getattr(args, "max_params", None)
    if max_params is not None:
        changes["options"] = replace(config.options, max_params=max_params)
    return replace(config, **changes) if changes else config  # type: ignore[arg-type]


def _codes(value: str, option: str) -> tuple[str, ...]:
    try:
        return check_codes(parse_codes(value), f"--{option.replace('_', '-')}")
    except ValueError as error:
        raise ConfigError(str(error)) from error
