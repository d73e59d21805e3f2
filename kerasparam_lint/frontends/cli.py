"""The ``kerasparam-lint`` command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from kerasparam_lint import __version__
from kerasparam_lint.frontends import annotate_command, check_command, targets
from kerasparam_lint.frontends.config import Config, ConfigError
from kerasparam_lint.frontends.result_cache import ResultCache
from kerasparam_lint.reports import json_report
from kerasparam_lint.reports.columns import parse_columns
from kerasparam_lint.reports.units import DTYPE_BYTES
from kerasparam_lint.source.collector import fewer_collections

# The analyzer and the model reports are imported where a file is analyzed: a run
# whose every result comes from --cache-dir loads neither (nor the parser).
if TYPE_CHECKING:
    from kerasparam_lint.analysis import FileAnalysis
    from kerasparam_lint.lint.finding import Finding
    from kerasparam_lint.reports.options import ReportOptions

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_BROKEN_PIPE = 141


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kerasparam-lint",
        description="Static Keras model summaries and lint rules, from source, without running it.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="print each model's summary as Keras would")
    summary.add_argument(
        "paths", nargs="+", metavar="PATH", help="files and folders to summarize ('-': stdin)"
    )
    targets.add_arguments(summary, rules=False)
    summary.add_argument(
        "--format", choices=("text", "json", "markdown", "mermaid", "dot"), default="text"
    )
    summary.add_argument(
        "--explain", action="store_true", help="show each layer's arithmetic under its row"
    )
    summary.add_argument(
        "--columns",
        type=parse_columns,
        help="comma-separated: shape,params,memory,macs,flops,kernel,connected,trainable",
    )
    summary.add_argument("--dtype", choices=tuple(DTYPE_BYTES), default="float32")
    summary.add_argument(
        "--style",
        choices=("keras", "nolearn"),
        default="keras",
        help="text layout: Keras' summary table, or nolearn's '# name size' layer list",
    )
    summary.add_argument("--batch-size", type=_positive, default=1, metavar="N")
    summary.add_argument(
        "--model",
        metavar="CALL",
        help="summarize only what this top-level function returns, e.g. VGG16 or "
        "'ResNet50(include_top=False, input_shape=(160, 160, 3))' (weights=None unless given)",
    )
    summary.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="reuse results of unchanged files (keyed by content, options and tool version)",
    )
    summary.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help=f"also report {targets.VERBOSE_CODE} (code the analyzer failed on) on stderr",
    )
    check = commands.add_parser("check", help="report lint findings (exit 1 when there are any)")
    check_command.add_arguments(check)
    annotate = commands.add_parser(
        "annotate", help="write each layer's output shape and params as a trailing comment"
    )
    annotate_command.add_arguments(annotate)
    rule = commands.add_parser("rule", help="print a rule's documentation (KPL101)")
    rule.add_argument("code", metavar="CODE")
    commands.add_parser(
        "lsp", help="run the language server on stdio (needs pip install 'kerasparam-lint[lsp]')"
    )
    return parser


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return int(text)


def _report_options(args: argparse.Namespace) -> ReportOptions:
    from kerasparam_lint.reports.options import ReportOptions

    return ReportOptions(args.columns, args.explain, args.batch_size, args.dtype)


def summary_document(
    analysis: FileAnalysis,
    options: ReportOptions | None = None,
    findings: Sequence[Finding] = (),
    models: bool = True,
) -> dict[str, Any]:
    """A file's JSON document; ``models=False`` leaves its models' tables out (what a
    ``check`` printed as text never shows: on a big model, most of the report's cost)."""
    from kerasparam_lint.reports.options import ReportOptions, model_json

    return {
        "path": analysis.path,
        "models": [model_json(m, options or ReportOptions()) for m in analysis.models]
        if models
        else [],
        "findings": [finding.as_dict() for finding in findings],
        **({"assumed_names": list(analysis.assumed_names)} if analysis.assumed_names else {}),
        **({"assumed_options": dict(analysis.assumed_options)} if analysis.assumed_options else {}),
    }


def _summary(args: argparse.Namespace) -> int:
    documents: list[dict[str, Any]] = []
    text: list[str] = []
    status = EXIT_OK
    cache = ResultCache(args.cache_dir) if args.cache_dir else None
    try:
        for target in targets.targets(args):
            path, config = target.path, target.config
            if target.read is None:
                status = EXIT_ERROR
                continue
            source = target.python
            key = ResultCache.key("summary", _summary_options(args, config), path, source)
            result = cache.get(key) if cache is not None else None
            if result is None:
                from kerasparam_lint.analysis import ModelCallError

                try:
                    result = _summarize_file(path, source, args, config)
                except ModelCallError as error:
                    print(f"kerasparam-lint: {error}", file=sys.stderr)
                    return EXIT_ERROR
                if cache is not None:
                    cache.put(key, result, result["dependencies"])
            for line in result["errors"]:
                print(line, file=sys.stderr)
                status = EXIT_ERROR
            for line in result["notices"]:
                print(line, file=sys.stderr)
            documents.append(result["document"])
            # In a folder, a file without a model is no news; named, it is.
            if result["document"]["models"] or target.source in args.paths:
                text.extend(result["text"])
    except ConfigError as error:
        print(f"kerasparam-lint: {error}", file=sys.stderr)
        return EXIT_ERROR
    if args.format == "json":
        print(json_report.render(documents))
    else:
        print("\n\n".join(text))
    return status


def _summary_options(args: argparse.Namespace, config: Config) -> str:
    """Everything besides the file's text that the summary of one file depends on."""
    chosen = (args.format, args.explain, args.columns, args.dtype, args.style, args.batch_size)
    return repr((*chosen, args.model, config.selection, config.options, config.limits))


def _summarize_file(
    path: str, source: str, args: argparse.Namespace, config: Config
) -> dict[str, Any]:
    """One file's share of the output, as JSON (what ``--cache-dir`` stores)."""
    from kerasparam_lint.analysis import analyze_source
    from kerasparam_lint.lint.run import lint_analysis
    from kerasparam_lint.reports import nolearn_table
    from kerasparam_lint.reports.model_rows import model_rows
    from kerasparam_lint.reports.options import render_text

    analysis = analyze_source(source, path, limits=config.limits, model_call=args.model)
    errors = []
    if analysis.syntax_error is not None:
        line, col, message = analysis.syntax_error
        errors.append(f"{path}:{line}:{col + 1}: syntax error: {message}")
    findings = lint_analysis(analysis, config.selection, config.options)
    # The summary is printed all the same: these only say why some of it is unknown.
    notices = [
        f"{path}:{f.line}:{f.col + 1}: {f.code} {f.message}"
        for f in findings
        if f.code == targets.VERBOSE_CODE
    ]
    if analysis.blanked_error is not None:  # the rest of the file was analyzed
        line, col, message = analysis.blanked_error
        numbers = ", ".join(str(number) for number in analysis.blanked_lines)
        notices.append(
            f"{path}:{line}:{col + 1}: note: syntax error: {message}; "
            f"read as blank: line{'s' if len(analysis.blanked_lines) > 1 else ''} {numbers}"
        )
    if args.verbose:  # why values became unknown: a limit, an undecided branch, ...
        from kerasparam_lint.reports.unknowns import unknown_reasons

        unknown = unknown_reasons(
            analysis.models, findings, analysis.notes, analysis.unknown_origins
        )
        notices += _notes(path, [*analysis.notes, *unknown])
    text = []
    if not analysis.models:
        text.append(f"{path}: {_why_no_model(analysis)}")
    assumed = _assumptions(analysis)
    for model in analysis.models:
        if args.style == "nolearn":
            text.append(nolearn_table.render_model(model_rows(model), path))
        else:
            text.append(render_text(model, path, _report_options(args), args.format) + assumed)
    document = summary_document(analysis, _report_options(args), findings)
    return {
        "document": document,
        "text": text,
        "errors": errors,
        "notices": notices,
        "dependencies": analysis.dependencies,
    }


def _assumptions(analysis: FileAnalysis) -> str:
    """The lines under each table that say what the analysis took for granted."""
    lines = []
    if analysis.assumed_names:
        lines.append(f"Assumed from Keras (never imported): {', '.join(analysis.assumed_names)}")
    if analysis.assumed_options:
        readings = ", ".join(f"{flag}={_option_text(v)}" for flag, v in analysis.assumed_options)
        lines.append(f"Assumed command-line defaults: {readings}")
    return "".join(f"\n{line}" for line in lines)


def _option_text(value: Any) -> str:
    """``adam`` for a string (as typed on a command line), ``256``/``None`` otherwise."""
    return value if isinstance(value, str) else repr(value)


def _notes(path: str, notes: Sequence[tuple[int, str]]) -> list[str]:
    """Each note once, in order, with how often it was made (a loop makes one each turn)."""
    counts = Counter(notes)
    printed = []
    for line, message in dict.fromkeys(notes):
        where = f"{path}:{line}" if line else path
        times = f" ({counts[line, message]:,} times)" if counts[line, message] > 1 else ""
        printed.append(f"{where}: note: {message}{times}")
    return printed


def _why_no_model(analysis: FileAnalysis) -> str:
    """Not "no model" when the analysis did not finish: say what stopped it."""
    if analysis.stopped:
        return f"{analysis.stopped} before any model was finished"
    whole_file = [f for f in analysis.failures if f.subject == "the file"]
    if whole_file:
        return f"not analyzed: {whole_file[0].reason}"
    return "no Keras model found"


def _rule(code: str) -> int:
    """As ``ruff rule``: the text docs/rules.md has for the rule."""
    from kerasparam_lint.frontends.config import check_codes, rule_codes
    from kerasparam_lint.rules import RULES_BY_CODE
    from kerasparam_lint.rules.documentation import render_rule

    rule = RULES_BY_CODE.get(code.upper())
    if rule is None:
        try:
            check_codes((code.upper(),), "rule")
            message = f"rule: {code!r} is a prefix; name one rule ({', '.join(rule_codes())})"
        except ValueError as error:
            message = str(error)
        print(f"kerasparam-lint: {message}", file=sys.stderr)
        return EXIT_ERROR
    print(render_rule(rule), end="")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        status = _dispatch(argv)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return status
    except BrokenPipeError:
        return _reader_went_away()


def run_and_exit() -> NoReturn:
    """The ``kerasparam-lint`` script: :func:`main`, then leave without tearing down.

    A big file's trees and model graph are millions of objects, all still referenced
    (the parse cache); freeing them one by one at interpreter exit took as long as
    analyzing the file. The report is written and flushed by then, so the process
    ends at once, as mypy's does.
    """
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the reader went away after all: nothing more to say
        pass
    os._exit(status)


def _reader_went_away() -> int:
    """``kerasparam-lint summary FILE | head``: the reader closed the pipe, so stop
    quietly, as a tool killed by SIGPIPE does (status 128 + 13), with no traceback
    and no error when Python flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_BROKEN_PIPE


def _dispatch(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    with fewer_collections():  # a run of files, start to finish (the server picks its own)
        if args.command == "summary":
            return _summary(args)
        if args.command == "check":
            return check_command.run(args, summary_document)
        if args.command == "annotate":
            return annotate_command.run(args)
    if args.command == "rule":
        return _rule(args.code)
    if args.command == "lsp":
        from kerasparam_lint.frontends.lsp import serve

        serve()
    return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
