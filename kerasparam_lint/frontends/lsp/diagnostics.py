"""``check``'s findings as LSP diagnostics: code, severity, range and the rule's link."""

from __future__ import annotations

from lsprotocol import types

from kerasparam_lint.frontends.lsp.analysis import DocumentResult
from kerasparam_lint.frontends.lsp.settings import Settings
from kerasparam_lint.lint.finding import Finding, Severity

SOURCE = "kerasparam-lint"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
}


def diagnostics(result: DocumentResult, settings: Settings) -> list[types.Diagnostic]:
    return [diagnostic(result, finding, settings) for finding in result.findings]


def diagnostic(result: DocumentResult, finding: Finding, settings: Settings) -> types.Diagnostic:
    link = settings.rule_link(finding.code)
    return types.Diagnostic(
        range=result.source.finding_range(finding.line, finding.col),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE,
    )
