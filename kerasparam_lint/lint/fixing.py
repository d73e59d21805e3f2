"""Apply the fixes the rules offer: all of a pass together, then check again, as ruff does.

Each pass lints the text, takes every applicable fix (safe ones; unsafe ones too
when asked) that touches no text another fix of the pass already took, applies
them at once and lints the result. It stops when a pass applies nothing, after
:data:`MAX_PASSES`, or when a pass would leave a text Python cannot parse (that
pass is dropped: a fix must never break the file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kerasparam_lint.lint.finding import Finding, Fix
from kerasparam_lint.lint.run import LintResult, lint_source
from kerasparam_lint.source.text_edits import apply_edits, overlaps

if TYPE_CHECKING:
    from kerasparam_lint.evaluator.limits import Limits
    from kerasparam_lint.lint.selection import Selection
    from kerasparam_lint.rules.base import Options

MAX_PASSES = 100  # ruff's limit


@dataclass
class FixOutcome:
    """The fixed text, the findings the fixes resolved, and the lint of the fixed text."""

    source: str
    fixed: list[Finding] = field(default_factory=list)
    result: LintResult | None = None


def applicable(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (finding.fix.safe or unsafe)


def choose_fixes(findings: list[Finding], unsafe: bool) -> list[Finding]:
    """The findings whose fixes one pass applies: in source order, none overlapping an
    earlier one; a fix identical to one already chosen (two findings, one rewrite)
    counts as applied without being applied twice."""
    chosen: list[Finding] = []
    seen: list[Fix] = []
    for finding in sorted(findings):
        fix = finding.fix
        if fix is None or not applicable(finding, unsafe):
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


def fix_source(
    source: str,
    path: str = "<string>",
    selection: Selection | None = None,
    options: Options | None = None,
    limits: Limits | None = None,
    unsafe: bool = False,
) -> FixOutcome:
    outcome = FixOutcome(source)
    result = lint_source(source, path, selection, options, limits=limits)
    for _ in range(MAX_PASSES):
        chosen = choose_fixes(result.findings, unsafe)
        if not chosen:
            break
        edits = {edit for finding in chosen for edit in finding.fix.edits}  # type: ignore[union-attr]
        text = apply_edits(outcome.source, edits)
        if text == outcome.source:
            break
        candidate = lint_source(text, path, selection, options, limits=limits)
        if candidate.analysis is not None and candidate.analysis.syntax_error is not None:
            break
        outcome.source, result = text, candidate
        outcome.fixed.extend(chosen)
    outcome.result = result
    return outcome
