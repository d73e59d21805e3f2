"""``kerasparam-lint check PATH...``: lint files and folders, report, set the exit status.

Exit status: 0 when no finding is left after ``select``/``ignore``/``# noqa``,
1 when there are findings (a file Python cannot parse is one, KPL001, as in ruff),
2 on a usage error, an unreadable file, or an internal error that stops a whole
file. The analyzer failing on one model is KPL002, reported with ``--verbose`` only.

``--fix`` rewrites the files with every safe fix (``--unsafe-fixes``: the unsafe
ones too) and reports what is left, so it exits 0 when the fixes resolved every
finding; ``--diff`` prints the patch instead of writing it, reports nothing else,
and exits 1 when there is something to fix, as ruff's options do.
"""

from __future__ import annotations

import argparse
import os
import sys
from functools import partial
from typing import Any

from kerasparam_lint.frontends import targets
from kerasparam_lint.frontends.config import Config, ConfigError
from kerasparam_lint.frontends.result_cache import ResultCache
from kerasparam_lint.frontends.targets import VERBOSE_CODE, Target
from kerasparam_lint.frontends.text_diff import changes_diff
from kerasparam_lint.lint.finding import Finding
from kerasparam_lint.lint.fixable import Fixable, PlainText
from kerasparam_lint.lint.selection import Selection
from kerasparam_lint.reports import findings_formats, json_report, text_extras
from kerasparam_lint.source.reading import STDIN, UnreadableSource, write_source

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="files and folders to check ('-': stdin)"
    )
    parser.add_argument("--format", choices=FORMATS, default="text")
    targets.add_arguments(parser)
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
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="analyze N files at once (default: one per core); the report's order stays",
    )
    report = parser.add_argument_group("report")
    report.add_argument(
        "--statistics", action="store_true", help="print how many findings each rule made"
    )
    report.add_argument(
        "--show-source", action="store_true", help="print each finding's source line (text)"
    )
    report.add_argument("--output-file", metavar="FILE", help="write the report to FILE")
    report.add_argument(
        "--exit-zero", action="store_true", help="exit with 0 even when there are findings"
    )
    report.add_argument(
        "-q", "--quiet", action="store_true", help="print the findings and nothing else"
    )
    parser.add_argument("--fix", action="store_true", help="apply the safe fixes to the files")
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="also offer and apply fixes that may change the model or hide the real bug",
    )
    parser.add_argument(
        "--diff", action="store_true", help="print the fixes as a diff; write nothing"
    )


def run(args: argparse.Namespace, summary_document: Any) -> int:
    status = EXIT_OK
    reported: list[findings_formats.CheckedFile] = []
    documents: list[dict[str, Any]] = []
    cache = ResultCache(args.cache_dir) if args.cache_dir else None
    fixed_count = 0
    if args.format != "json" and cache is None:  # no report or cache entry shows them
        summary_document = partial(summary_document, models=False)
    try:
        files = list(targets.targets(args))
        ahead = _analyzed(files, cache, args.jobs, summary_document)
        for index, target in enumerate(files):
            path, config, read = target.path, target.config, target.read
            if read is None:
                status = EXIT_ERROR
                continue
            source, notebook = target.python, target.notebook
            selection = config.selection_for(path)
            options = repr((selection, config.options, config.limits))
            key = ResultCache.key("check", options, path, read.text)
            checked, cached = ahead[index]
            if isinstance(checked, Exception):  # a bug in the analyzer must not pass as clean
                print(f"kerasparam-lint: internal error on {path}: {checked!r}", file=sys.stderr)
                status = EXIT_ERROR
                continue
            try:
                if cache is not None and not cached:
                    cache.put(key, checked, checked["dependencies"])
                findings = [Finding.from_dict(found) for found in checked["document"]["findings"]]
                if (args.fix or args.diff) and any(f.fixable(args.unsafe_fixes) for f in findings):
                    document = notebook or PlainText(source)
                    checked, written, fixed = _fix_file(
                        target, document, selection, args, summary_document
                    )
                    fixed_count += fixed
                    if cache is not None:
                        key = ResultCache.key("check", options, path, written)
                        cache.put(key, checked, checked["dependencies"])
                    findings = [Finding.from_dict(f) for f in checked["document"]["findings"]]
            except (OSError, UnreadableSource) as error:
                print(f"kerasparam-lint: cannot write {path}: {error}", file=sys.stderr)
                status = EXIT_ERROR
                continue
            except Exception as error:  # a bug in the analyzer must not pass as "clean"
                print(f"kerasparam-lint: internal error on {path}: {error!r}", file=sys.stderr)
                status = EXIT_ERROR
                continue
            if notebook is None:
                reported.append(findings_formats.CheckedFile.of(path, findings, source))
                documents.append(checked["document"])
            else:  # reported at their cells (no line text: columns stay flake8's)
                findings = [notebook.located(finding) for finding in findings]
                reported.append(findings_formats.CheckedFile(path, findings))
                document = dict(checked["document"], findings=[f.as_dict() for f in findings])
                documents.append(document)
    except ConfigError as error:
        print(f"kerasparam-lint: {error}", file=sys.stderr)
        return EXIT_ERROR
    if args.diff:
        print(f"Would fix {_errors(fixed_count)}.", file=sys.stderr)
        return status if status != EXIT_OK else EXIT_FINDINGS if fixed_count else EXIT_OK
    remaining = [f for file in reported for f in file.findings]
    try:
        # After --fix, ruff's closing line says it instead.
        clean = status == EXIT_OK and not remaining and not (args.fix and fixed_count)
        _report(args, reported, documents, clean)
    except BrokenPipeError:
        raise  # the reader went away: the CLI ends quietly (cli.main)
    except OSError as error:
        print(f"kerasparam-lint: cannot write {args.output_file}: {error}", file=sys.stderr)
        return EXIT_ERROR
    if args.format == "text" and not args.quiet:
        _print_fix_summary(remaining, fixed_count, args)
    if status == EXIT_OK and remaining and not args.exit_zero:
        status = EXIT_FINDINGS
    return status


def _errors(count: int) -> str:
    return f"{count} error" if count == 1 else f"{count} errors"


def _print_fix_summary(remaining: list[Finding], fixed: int, args: argparse.Namespace) -> None:
    """ruff's closing line after ``--fix``, on stderr (standard output stays one finding a
    line); without ``--fix`` the ``[*]`` marks say what it would fix."""
    if args.fix and (fixed or remaining):
        total = _errors(fixed + len(remaining))
        print(f"Found {total} ({fixed} fixed, {len(remaining)} remaining).", file=sys.stderr)


def _fix_file(
    target: Target,
    document: Fixable,
    selection: Selection,
    args: argparse.Namespace,
    summary_document: Any,
) -> tuple[dict[str, Any], str, int]:
    """Fix one file (print the patch with ``--diff``, else write it back in its own
    encoding; standard input's fixed text is printed, as ruff does): what is left to
    report, the file's new text, and how many findings were fixed."""
    from kerasparam_lint.analysis import FileAnalysis
    from kerasparam_lint.lint.fixing import fix_document

    path, config, read = target.path, target.config, target.read
    assert read is not None
    outcome = fix_document(
        document, path, selection, config.options, config.limits, args.unsafe_fixes
    )
    written = outcome.document.render()
    if written != read.text:
        if args.diff:
            sys.stdout.write(changes_diff(path, document, outcome.document))
        elif target.source == STDIN:
            sys.stdout.write(written)
        else:
            write_source(target.source, read, written)
    analysis = outcome.result.analysis or FileAnalysis(path, outcome.source)
    checked = {
        "document": summary_document(analysis, findings=outcome.result.findings),
        "dependencies": analysis.dependencies,
    }
    return checked, written, len(outcome.fixed)


def _analyzed(
    files: list[Target], cache: ResultCache | None, jobs: int, summary_document: Any
) -> dict[int, tuple[Any, bool]]:
    """Each readable file's result (or the exception its analysis raised), and whether
    it came from the cache; the misses analyzed in ``jobs`` processes at once. Results
    are keyed by position, so the report's order is the files' order however the
    processes finish."""
    done: dict[int, tuple[Any, bool]] = {}
    work = []
    for index, target in enumerate(files):
        if target.read is None:
            continue
        selection = target.config.selection_for(target.path)
        options = repr((selection, target.config.options, target.config.limits))
        key = ResultCache.key("check", options, target.path, target.read.text)
        checked = cache.get(key) if cache is not None else None
        if checked is not None:
            done[index] = (checked, True)
        else:
            work.append((index, (target.path, target.python, target.config, selection)))
    if jobs > 1 and len(work) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(min(jobs, len(work))) as pool:
            futures = [
                (index, pool.submit(_check_file, *job, summary_document)) for index, job in work
            ]
            for index, future in futures:
                error = future.exception()
                done[index] = (error if error is not None else future.result(), False)
        return done
    for index, job in work:
        try:
            done[index] = (_check_file(*job, summary_document), False)
        except Exception as error:  # reported where the file's result is read
            done[index] = (error, False)
    return done


def _check_file(
    path: str, source: str, config: Config, selection: Selection, summary_document: Any
) -> dict[str, Any]:
    """One file's share of the report, as JSON (what ``--cache-dir`` stores)."""
    # Imported on a cache miss only: the parser (libcst) is most of a warm run's cost.
    from kerasparam_lint.analysis import FileAnalysis
    from kerasparam_lint.lint.run import lint_source

    result = lint_source(source, path, selection, config.options, limits=config.limits)
    analysis = result.analysis or FileAnalysis(path, source)
    return {
        "document": summary_document(analysis, findings=result.findings),
        "dependencies": analysis.dependencies,
    }


def _report(
    args: argparse.Namespace,
    reported: list[findings_formats.CheckedFile],
    documents: list[dict[str, Any]],
    clean: bool,
) -> None:
    """The report in the chosen format, to standard output or ``--output-file``; a clean
    text run says ``All checks passed!`` (unless ``--quiet``), as ruff does."""
    rendered = _rendered(args, reported, documents)
    if args.format == "text" and clean and not args.quiet and not args.statistics:
        rendered = "All checks passed!"
    text = rendered + "\n" if rendered else ""
    if args.output_file:
        with open(args.output_file, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)


def _rendered(
    args: argparse.Namespace,
    reported: list[findings_formats.CheckedFile],
    documents: list[dict[str, Any]],
) -> str:
    if args.statistics:
        from kerasparam_lint.rules import RULES

        return text_extras.statistics(reported, {rule.CODE: rule.MESSAGE for rule in RULES})
    if args.format == "json":
        return json_report.render(documents)
    if args.format == "text" and args.show_source:
        return text_extras.with_source(reported, args.unsafe_fixes)
    if args.format == "text":
        return findings_formats.text(reported, args.unsafe_fixes)
    return findings_formats.RENDERERS[args.format](reported)
