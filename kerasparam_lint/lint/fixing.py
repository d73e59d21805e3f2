"""Apply the fixes the rules offer: all of a pass together, then check again, as ruff does.

Each pass lints the text, takes every applicable fix (safe ones; unsafe ones too
when asked) that touches no text another fix of the pass already took, applies
them at once and lints the result. It stops when a pass applies nothing, after
:data:`MAX_PASSES`, or when a pass would leave a text Python cannot parse (that
pass is dropped: a fix must never break the file).

What is fixed is a :class:`~kerasparam_lint.lint.fixable.Fixable`: a plain file, or
a notebook whose cells the edits are made in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kerasparam_lint.lint.finding import Finding, Fix
from kerasparam_lint.lint.fixable import Fixable, PlainText
from kerasparam_lint.lint.run import LintResult, lint_source
from kerasparam_lint.source.text_edits import overlaps

if TYPE_CHECKING:
    from kerasparam_lint.evaluator.limits import Limits
    from kerasparam_lint.lint.selection import Selection
    from kerasparam_lint.rules.base import Options

MAX_PASSES = 100  # ruff's limit


@dataclass
class FixOutcome:
    """The fixed document, the findings the fixes resolved, and the lint of the result."""

    document: Fixable
    fixed: list[Finding] = field(default_factory=list)
    result: LintResult = field(default_factory=lambda: LintResult(None))

    @property
    def source(self) -> str:
        return self.document.text


def choose_fixes(findings: list[Finding], unsafe: bool) -> list[Finding]:
    """The findings whose fixes one pass applies: in source order, none overlapping an
    earlier one; a fix identical to one already chosen (two findings, one rewrite)
    counts as applied without being applied twice."""
    chosen: list[Finding] = []
    seen: list[Fix] = []
    for finding in sorted(findings):
        fix = finding.fix
        if fix is None or not finding.fixable(unsafe):
            continue
        if any(fix.edits == other.edits for other in seen):
            chosen.append(finding)
            continue
        taken = [edit for other in seen for edit in other.edits]
        if any(overlaps(edit, other) for edit in fix.edits for other in taken):
            continue
        seen.append(fix)
        chosen.append(finding)
    return chosen


def fix_document(
    document: Fixable,
    path: str = "<string>",
    selection: Selection | None = None,
    options: Options | None = None,
    limits: Limits | None = None,
    unsafe: bool = False,
    first: LintResult | None = None,
) -> FixOutcome:
    """Fix ``document`` until nothing changes; ``first`` is its lint when already known."""
    outcome = FixOutcome(document)
    result = first or lint_source(document.text, path, selection, options, limits=limits)
    for _ in range(MAX_PASSES):
        chosen = choose_fixes(result.findings, unsafe)
        if not chosen:
            break
        edits = {edit for finding in chosen if finding.fix for edit in finding.fix.edits}
        edited = outcome.document.edited(edits)
        if edited is None or edited.text == outcome.document.text:
            break
        candidate = lint_source(edited.text, path, selection, options, limits=limits)
        if candidate.analysis is not None and candidate.analysis.syntax_error is not None:
            break
        outcome.document, result = edited, candidate
        outcome.fixed.extend(chosen)
    outcome.result = result
    return outcome


def fix_source(
    source: str,
    path: str = "<string>",
    selection: Selection | None = None,
    options: Options | None = None,
    limits: Limits | None = None,
    unsafe: bool = False,
) -> FixOutcome:
    return fix_document(PlainText(source), path, selection, options, limits, unsafe)
