"""``kerasparam-lint annotate FILE... [--diff | --write]``: the codemod as a command.

Without ``--write`` it prints a unified diff of what would change. Exit status, as
formatters have it for pre-commit: 0 when every file is already annotated, 1 when
a file was (or would be) changed, 2 when a file cannot be read or parsed.

With ``--cache-dir`` (as the pre-commit hook runs it) a file whose exact text was
annotated before, with the same limits and tool version, is not analyzed again:
the annotated text is read back.
"""

from __future__ import annotations

import argparse
import sys

from kerasparam_lint.evaluator.limits import Limits
from kerasparam_lint.frontends import targets
from kerasparam_lint.frontends.config import ConfigError, Finder
from kerasparam_lint.frontends.line_length import project_line_length
from kerasparam_lint.frontends.result_cache import ResultCache
from kerasparam_lint.frontends.text_diff import changes_diff
from kerasparam_lint.lint.fixable import Fixable, PlainText
from kerasparam_lint.source.notebook import python_text
from kerasparam_lint.source.reading import UnreadableSource, read_source, write_source

EXIT_OK, EXIT_CHANGED, EXIT_ERROR = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print what would change (default)")
    mode.add_argument("--write", action="store_true", help="rewrite the files in place")
    targets.add_config_argument(parser)
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="reuse results of unchanged files (keyed by content, limits and tool version)",
    )


def run(args: argparse.Namespace) -> int:
    cache = ResultCache(args.cache_dir) if args.cache_dir else None
    status = EXIT_OK
    try:
        finder = Finder(args.config)
    except ConfigError as error:
        print(f"kerasparam-lint: {error}", file=sys.stderr)
        return EXIT_ERROR
    for path in args.paths:
        try:
            limits = finder.for_path(path).limits
        except ConfigError as error:
            print(f"kerasparam-lint: {error}", file=sys.stderr)
            return EXIT_ERROR
        try:
            read = read_source(path)
            source, notebook = python_text(path, read.text)
        except UnreadableSource as error:
            print(f"kerasparam-lint: cannot read {path}: {error}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        line_length = project_line_length(path)
        key = ResultCache.key("annotate", repr((limits, line_length)), path, read.text)
        cached = cache.get(key) if cache is not None else None
        annotated = cached.get("annotated") if isinstance(cached, dict) else None
        if not isinstance(annotated, str):
            done = _annotate(source, path, limits, line_length)
            if done is None:
                status = EXIT_ERROR
                continue
            annotated, dependencies = done
            if cache is not None:
                cache.put(key, {"annotated": annotated}, dependencies)
        if annotated == source:
            continue
        before: Fixable = notebook or PlainText(source)
        after = notebook.with_text(annotated) if notebook is not None else PlainText(annotated)
        if after is None:  # an edit of a blanked IPython line: never annotate's
            print(f"kerasparam-lint: cannot annotate the cells of {path}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        status = max(status, EXIT_CHANGED)
        if args.write:
            try:
                write_source(path, read, after.render())
            except (OSError, UnreadableSource) as error:
                print(f"kerasparam-lint: cannot write {path}: {error}", file=sys.stderr)
                status = EXIT_ERROR
                continue
            print(f"annotated {path}", file=sys.stderr)
        else:
            sys.stdout.write(changes_diff(path, before, after))
    return status


def _annotate(
    source: str, path: str, limits: Limits, line_length: int
) -> tuple[str, list[str]] | None:
    """The annotated text and the files its analysis read, or None (reported) when the
    file does not parse."""
    # Imported on a cache miss only: the parser (libcst) is most of a warm run's cost.
    import libcst as cst

    from kerasparam_lint.annotate.rewrite import annotated_source

    try:
        return annotated_source(source, path, limits, line_length)
    except cst.ParserSyntaxError as error:
        print(f"{path}:{error.raw_line}:{error.raw_column + 1}: syntax error", file=sys.stderr)
        return None
