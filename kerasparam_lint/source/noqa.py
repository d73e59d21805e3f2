"""``# noqa`` and ``# flake8: noqa``, honoured exactly as flake8 honours them.

flake8 looks for ``# noqa`` on the text of the finding's line; a token spanning
several lines (a multi-line string) makes those lines share their text. The
patterns and the prefix match of codes are flake8's (``flake8/defaults.py``,
``flake8/violation.py``).
"""

from __future__ import annotations

import io
import re
import tokenize

from kerasparam_lint.lint.finding import Finding

NOQA_INLINE = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.I)
NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.I)
_SEPARATOR = re.compile(r"[,\s]")


def file_is_exempt(lines: list[str]) -> bool:
    """``# flake8: noqa`` starting a line (flake8 ignores it after code)."""
    return any(NOQA_FILE.match(line) for line in lines)


def _line_texts(source: str, lines: list[str]) -> dict[int, str]:
    texts: dict[int, str] = {}
    first, last = len(lines) + 2, -1
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            first, last = min(first, token.start[0]), max(last, token.end[0])
            if token.type in (tokenize.NL, tokenize.NEWLINE):
                joined = "".join(lines[first - 1 : last])
                texts.update(dict.fromkeys(range(first, last + 1), joined))
                first, last = len(lines) + 2, -1
    except (tokenize.TokenError, SyntaxError):
        return {}
    return texts


def _silenced(finding: Finding, text: str) -> bool:
    match = NOQA_INLINE.search(text)
    if match is None:
        return False
    codes_text = match.group("codes")
    if codes_text is None:
        return True
    codes = tuple(c for c in _SEPARATOR.split(codes_text) if c)
    return finding.code in codes or finding.code.startswith(codes)


def without_noqa(findings: list[Finding], source: str) -> list[Finding]:
    """The findings that no ``# noqa`` comment silences."""
    if not findings:
        return findings
    lines = source.splitlines(keepends=True)
    if file_is_exempt(lines):
        return []
    texts = _line_texts(source, lines)
    return [
        f
        for f in findings
        if not _silenced(f, texts.get(f.line, lines[f.line - 1] if f.line <= len(lines) else ""))
    ]
