"""Lint one file: analyze it, run the selected rules, drop what ``# noqa`` silences.

This is the one entry point the CLI and the flake8 plugin share, so both report
the same codes, messages and positions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kerasparam_lint.graph.unknown import CannotKnow
from kerasparam_lint.lint.certainty import shows_unknown
from kerasparam_lint.lint.finding import Finding
from kerasparam_lint.lint.selection import Selection
from kerasparam_lint.rules.base import Context, Options, Rule
from kerasparam_lint.source.collector import fewer_collections
from kerasparam_lint.source.mentions import may_define_model
from kerasparam_lint.source.noqa import without_noqa

if TYPE_CHECKING:
    from kerasparam_lint.analysis import FileAnalysis
    from kerasparam_lint.evaluator.limits import Limits


@dataclass
class LintResult:
    analysis: FileAnalysis | None
    findings: list[Finding] = field(default_factory=list)


def lint_source(
    source: str,
    path: str = "<string>",
    selection: Selection | None = None,
    options: Options | None = None,
    honour_noqa: bool = True,
    limits: Limits | None = None,
) -> LintResult:
    if not may_define_model(source):
        return LintResult(None)
    # Imported only now: a tree without Keras code (flake8 over the standard library)
    # never loads the parser.
    from kerasparam_lint.analysis import analyze_source

    analysis = analyze_source(source, path, limits=limits)
    return LintResult(analysis, lint_analysis(analysis, selection, options, honour_noqa))


@fewer_collections()
def lint_analysis(
    analysis: FileAnalysis,
    selection: Selection | None = None,
    options: Options | None = None,
    honour_noqa: bool = True,
) -> list[Finding]:
    """The findings of the selected rules on an analyzed file (only KPL001 when it did not
    parse)."""
    rules = (selection or Selection()).rules()
    if analysis.syntax_error is not None:
        rules = [rule for rule in rules if not rule.NEEDS_PARSE]
    context = Context(analysis, options)
    findings = sorted(
        {
            finding
            for rule in rules
            for finding in _certain_findings(rule, context)
            if rule.QUOTES_TEXT or not shows_unknown(finding.message)
        }
    )
    return without_noqa(findings, analysis.source) if honour_noqa else findings


def _certain_findings(rule: Rule, context: Context) -> Iterator[Finding]:
    """A rule's findings until it asks something an unknown value decides: from there on
    it could only guess, so it stops (the findings it already made do not depend on it)."""
    try:
        yield from rule.check(context)
    except CannotKnow:
        return
