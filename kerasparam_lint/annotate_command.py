"""``kerasparam-lint annotate FILE... [--diff | --write]``: the codemod as a command.

Without ``--write`` it prints a unified diff of what would change. Exit status, as
formatters have it for pre-commit: 0 when every file is already annotated, 1 when
a file was (or would be) changed, 2 when a file cannot be read or parsed.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from kerasparam_lint.config import ConfigError
from kerasparam_lint.config import load as load_config

EXIT_OK, EXIT_CHANGED, EXIT_ERROR = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print what would change (default)")
    mode.add_argument("--write", action="store_true", help="rewrite the files in place")


def run(args: argparse.Namespace) -> int:
    try:
        limits = load_config().limits
    except ConfigError as error:
        print(f"kerasparam-lint: {error}", file=sys.stderr)
        return EXIT_ERROR
    import libcst as cst  # here, not at import: other commands start without the parser

    from kerasparam_lint.annotate import annotate_source

    status = EXIT_OK
    for path in args.paths:
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                source = handle.read()
            annotated = annotate_source(source, path, limits)
        except (OSError, UnicodeDecodeError) as error:
            print(f"kerasparam-lint: cannot read {path}: {error}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        except cst.ParserSyntaxError as error:
            print(f"{path}:{error.raw_line}:{error.raw_column + 1}: syntax error", file=sys.stderr)
            status = EXIT_ERROR
            continue
        if annotated == source:
            continue
        status = max(status, EXIT_CHANGED)
        if args.write:
            Path(path).write_text(annotated, encoding="utf-8", newline="")
            print(f"annotated {path}", file=sys.stderr)
        else:
            sys.stdout.writelines(
                difflib.unified_diff(
                    source.splitlines(keepends=True),
                    annotated.splitlines(keepends=True),
                    fromfile=path,
                    tofile=path,
                )
            )
    return status
