"""``check``'s output formats besides JSON: text (flake8's), SARIF 2.1.0, GitHub workflow
commands, GitLab Code Quality and JUnit XML.

Findings carry flake8's columns: 0-based offsets in the line's UTF-8 bytes, as ``ast``
gives them, printed 1-based. SARIF states its unit (``columnKind``) and counts code points.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import NamedTuple
from urllib.parse import quote
from xml.etree import ElementTree

from kerasparam_lint import __version__
from kerasparam_lint.lint.finding import Finding, Fix, Severity

# Where each rule's section of docs/rules.md is published (anchor: the code, lower case).
RULES_DOCS_URL = "https://github.com/kerasparam-lint/kerasparam-lint/blob/main/docs/rules.md"

_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}
# GitLab's scale: info, minor, major, critical, blocker.
_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


class CheckedFile(NamedTuple):
    """One checked file's findings, with the text of the lines they are on."""

    path: str
    findings: Sequence[Finding]
    lines: Mapping[int, str] = {}

    @classmethod
    def of(cls, path: str, findings: Sequence[Finding], source: str) -> CheckedFile:
        text = source.splitlines()
        wanted = {f.line for f in findings if 1 <= f.line <= len(text)}
        return cls(path, findings, {number: text[number - 1] for number in wanted})


def text(files: Sequence[CheckedFile], unsafe_fixes: bool = False) -> str:
    """flake8's lines; a finding ``--fix`` would fix is marked ``[*]``, and one in a
    notebook is at ``nb.ipynb:cell 3:5:1``, as ruff writes them."""
    return "\n".join(
        f"{file.path}:{_cell(f)}{f.line}:{f.col + 1}: {f.code} "
        f"{'[*] ' if f.fixable(unsafe_fixes) else ''}{f.message}"
        for file in files
        for f in file.findings
    )


def _cell(finding: Finding) -> str:
    return f"cell {finding.cell}:" if finding.cell is not None else ""


def github(files: Sequence[CheckedFile]) -> str:
    """GitHub Actions workflow commands: one annotation per finding.

    Escaped as the runner unescapes them: ``%``, CR and LF in the message; also ``:``
    and ``,`` in property values, where they would end the value.
    """
    return "\n".join(
        f"::{f.severity.value} file={_property(file.path)},line={f.line},col={f.col + 1},"
        f"title={_property(f.code)}::{_data(f.message)}"
        for file in files
        for f in file.findings
    )


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def artifact_uri(path: str) -> str:
    """A path as a percent-encoded URI reference: relative stays relative, absolute is file:."""
    windows = PureWindowsPath(path)
    if windows.drive:
        return windows.as_uri()
    posix = PurePosixPath(path.replace("\\", "/"))
    if posix.is_absolute():
        return posix.as_uri()
    return quote(posix.as_posix(), safe="/")


def code_point_column(line: str, byte_offset: int) -> int:
    """The 1-based column, in code points, of a 0-based UTF-8 byte offset into ``line``."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore")) + 1


def _rule_help(code: str) -> str:
    return f"{RULES_DOCS_URL}#{code.lower()}"


def _what_it_does(doc: str | None) -> str:
    """The first paragraph of a rule's ``## What it does`` section, on one line."""
    _, _, section = (doc or "").partition("## What it does")
    paragraph = section.strip().split("\n\n", 1)[0]
    return " ".join(line.strip() for line in paragraph.splitlines() if not line.startswith("##"))


def sarif(files: Sequence[CheckedFile]) -> str:
    from kerasparam_lint.rules import RULES  # here: the other formats print without the rules

    rules = [
        {
            "id": rule.CODE,
            "name": rule.__name__,
            "shortDescription": {"text": rule.MESSAGE},
            "fullDescription": {"text": _what_it_does(rule.__doc__) or rule.MESSAGE},
            "helpUri": _rule_help(rule.CODE),
            "defaultConfiguration": {
                "level": _SARIF_LEVEL[rule.SEVERITY],
                "enabled": rule.DEFAULT_ENABLED,
            },
        }
        for rule in RULES
    ]
    index = {rule.CODE: number for number, rule in enumerate(RULES)}
    results = [_sarif_result(file, f, index) for file in files for f in file.findings]
    document = {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kerasparam-lint",
                        "version": __version__,
                        "informationUri": RULES_DOCS_URL,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2)


def _sarif_result(file: CheckedFile, finding: Finding, index: Mapping[str, int]) -> dict:
    column = code_point_column(file.lines.get(finding.line, ""), finding.col)
    if finding.line not in file.lines:  # no text to count in: the offset as it is
        column = finding.col + 1
    result: dict[str, object] = {
        "ruleId": finding.code,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(file.path)},
                    "region": {"startLine": finding.line, "startColumn": column},
                }
            }
        ],
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.cell is not None:  # a notebook's: the line is the cell's
        result["properties"] = {"cell": finding.cell}
    if finding.fix is not None:
        result["fixes"] = [_sarif_fix(file.path, finding.fix)]
    return result


def _sarif_fix(path: str, fix: Fix) -> dict[str, object]:
    """A fix's edits as SARIF replacements (its columns are code points, 1-based, too)."""
    replacements = [
        {
            "deletedRegion": {
                "startLine": edit.line,
                "startColumn": edit.col,
                "endLine": edit.end_line,
                "endColumn": edit.end_col,
            },
            "insertedContent": {"text": edit.content},
        }
        for edit in fix.edits
    ]
    return {
        "description": {"text": fix.message},
        "artifactChanges": [
            {"artifactLocation": {"uri": artifact_uri(path)}, "replacements": replacements}
        ],
        "properties": {"applicability": fix.applicability},
    }


def gitlab(files: Sequence[CheckedFile]) -> str:
    """GitLab Code Quality report: a JSON list of issues, each with a stable fingerprint."""
    issues = []
    for file in files:
        seen: dict[str, int] = {}
        for f in file.findings:
            identity = _identity(file, f)
            seen[identity] = seen.get(identity, 0) + 1
            issues.append(
                {
                    "description": f"{f.code} {f.message}",
                    "check_name": f.code,
                    "fingerprint": _fingerprint(identity, seen[identity]),
                    "severity": _GITLAB_SEVERITY[f.severity],
                    "location": {"path": file.path, "lines": {"begin": f.line}},
                }
            )
    return json.dumps(issues, indent=2)


_LINE_NUMBER = re.compile(r"\bline \d+")


def _identity(file: CheckedFile, finding: Finding) -> str:
    """What a finding is about, without where it is: moving other lines keeps it."""
    message = _LINE_NUMBER.sub("line", finding.message)
    statement = file.lines.get(finding.line, "").strip()
    return "\0".join((file.path, finding.code, message, statement))


def _fingerprint(identity: str, occurrence: int) -> str:
    return hashlib.sha256(f"{identity}\0{occurrence}".encode()).hexdigest()


def junit(files: Sequence[CheckedFile]) -> str:
    """JUnit XML, as ruff writes it: a test suite per file, a failed test case per finding;
    a file without findings is one passed test case."""
    total = sum(max(len(file.findings), 1) for file in files)
    failures = sum(len(file.findings) for file in files)
    root = ElementTree.Element(
        "testsuites",
        name="kerasparam-lint",
        tests=str(total),
        failures=str(failures),
        errors="0",
    )
    for file in files:
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name=file.path,
            tests=str(max(len(file.findings), 1)),
            failures=str(len(file.findings)),
            errors="0",
        )
        if not file.findings:
            ElementTree.SubElement(suite, "testcase", name="kerasparam-lint", classname=file.path)
        for f in file.findings:
            case = ElementTree.SubElement(
                suite,
                "testcase",
                name=f"kerasparam-lint.{f.code}",
                classname=file.path,
                file=file.path,
                line=str(f.line),
            )
            failure = ElementTree.SubElement(case, "failure", message=f.message, type=f.code)
            failure.text = f"line {f.line}, col {f.col + 1}, {f.message}"
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, "unicode")


RENDERERS = {"text": text, "sarif": sarif, "github": github, "gitlab": gitlab, "junit": junit}
