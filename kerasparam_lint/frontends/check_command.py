"""``kerasparam-lint check PATH...``: lint files and folders, report, set the exit status.

Exit status: 0 when no finding is left after ``select``/``ignore``/``# noqa``,
1 when there are findings (a file Python cannot parse is one, KPL001, as in ruff),
2 on a usage error, an unreadable file, or an internal error that stops a whole
file. The analyzer failing on one model is KPL002, reported with ``--verbose`` only.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

from kerasparam_lint.frontends import config as config_module
from kerasparam_lint.frontends.discovery import python_files
from kerasparam_lint.frontends.result_cache import ResultCache
from kerasparam_lint.lint.finding import Finding
from kerasparam_lint.lint.selection import ROOT, parse_codes
from kerasparam_lint.reports import findings_formats, json_report
from kerasparam_lint.source.reading import UnreadableSource, read_text

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")
VERBOSE_CODE = "KPL002"  # what --verbose adds: the analyzer's own failures


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files and folders to check")
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--select", help="comma-separated code prefixes to report (KPL1,KPL201)")
    parser.add_argument("--ignore", help="comma-separated code prefixes not to report")
    parser.add_argument("--exclude", help="comma-separated glob patterns of paths to skip")
    parser.add_argument("--max-params", type=int, help="parameter budget for KPL491")
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="reuse results of unchanged files (keyed by content, options and tool version)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help=f"also report {VERBOSE_CODE}: code the analyzer failed on (a fault of this tool)",
    )


def _config(args: argparse.Namespace) -> config_module.Config:
    loaded = config_module.load()
    options = loaded.options
    if args.max_params is not None:
        options = replace(options, max_params=args.max_params)
    select = parse_codes(args.select) if args.select is not None else loaded.select
    return config_module.Config(
        select=verbose_selection(select) if args.verbose else select,
        ignore=parse_codes(args.ignore) if args.ignore is not None else loaded.ignore,
        exclude=_patterns(args.exclude) if args.exclude else loaded.exclude,
        options=options,
        limits=loaded.limits,
    )


def verbose_selection(select: tuple[str, ...]) -> tuple[str, ...]:
    """``select`` with KPL002 added (an empty one means every rule on by default)."""
    return (*(select or (ROOT,)), VERBOSE_CODE)


def _patterns(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def run(args: argparse.Namespace, summary_document: Any) -> int:
    try:
        config = _config(args)
    except config_module.ConfigError as error:
        print(f"kerasparam-lint: {error}", file=sys.stderr)
        return EXIT_ERROR
    status = EXIT_OK
    reported: list[findings_formats.CheckedFile] = []
    documents: list[dict[str, Any]] = []
    cache = ResultCache(args.cache_dir) if args.cache_dir else None
    for path in python_files(args.paths, config.exclude):
        try:
            source = read_text(path)
        except UnreadableSource as error:
            print(f"kerasparam-lint: cannot read {path}: {error}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        options = repr((config.selection, config.options, config.limits))
        key = ResultCache.key("check", options, path, source)
        checked = cache.get(key) if cache is not None else None
        if checked is None:
            try:
                checked = _check_file(path, source, config, summary_document)
            except Exception as error:  # a bug in the analyzer must not pass as "clean"
                print(f"kerasparam-lint: internal error on {path}: {error!r}", file=sys.stderr)
                status = EXIT_ERROR
                continue
            if cache is not None:
                cache.put(key, checked, checked["dependencies"])
        findings = [Finding.from_dict(found) for found in checked["document"]["findings"]]
        reported.append(findings_formats.CheckedFile.of(path, findings, source))
        documents.append(checked["document"])
    _print(args.format, reported, documents)
    if status == EXIT_OK and any(file.findings for file in reported):
        status = EXIT_FINDINGS
    return status


def _check_file(
    path: str, source: str, config: config_module.Config, summary_document: Any
) -> dict[str, Any]:
    """One file's share of the report, as JSON (what ``--cache-dir`` stores)."""
    # Imported on a cache miss only: the parser (libcst) is most of a warm run's cost.
    from kerasparam_lint.analysis import FileAnalysis
    from kerasparam_lint.lint.run import lint_source

    result = lint_source(source, path, config.selection, config.options, limits=config.limits)
    analysis = result.analysis or FileAnalysis(path, source)
    return {
        "document": summary_document(analysis, findings=result.findings),
        "dependencies": analysis.dependencies,
    }


def _print(
    output: str, reported: list[findings_formats.CheckedFile], documents: list[dict[str, Any]]
) -> None:
    if output == "json":
        print(json_report.render(documents))
        return
    rendered = findings_formats.RENDERERS[output](reported)
    if rendered:
        print(rendered)
