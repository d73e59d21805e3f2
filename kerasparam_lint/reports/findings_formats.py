"""``check``'s output formats besides JSON: text (flake8's), SARIF 2.1.0, GitHub annotations.

Columns are printed 1-based, as flake8 prints them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from kerasparam_lint import __version__
from kerasparam_lint.lint.finding import Finding, Severity

FileFindings = tuple[str, Sequence[Finding]]

_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def text(files: Sequence[FileFindings]) -> str:
    return "\n".join(
        f"{path}:{f.line}:{f.col + 1}: {f.code} {f.message}" for path, found in files for f in found
    )


def github(files: Sequence[FileFindings]) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    return "\n".join(
        f"::{f.severity.value} file={path},line={f.line},col={f.col + 1},title={f.code}::"
        f"{_escape(f.message)}"
        for path, found in files
        for f in found
    )


def _escape(message: str) -> str:
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def sarif(files: Sequence[FileFindings]) -> str:
    from kerasparam_lint.rules import RULES  # here: the other formats print without the rules

    rules = [
        {
            "id": rule.CODE,
            "shortDescription": {"text": rule.MESSAGE},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.SEVERITY]},
        }
        for rule in RULES
    ]
    results = [
        {
            "ruleId": f.code,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": path.replace("\\", "/")},
                        "region": {"startLine": f.line, "startColumn": f.col + 1},
                    }
                }
            ],
        }
        for path, found in files
        for f in found
    ]
    document = {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {"name": "kerasparam-lint", "version": __version__, "rules": rules}
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2)
