"""What the text format adds on request: each finding's source line (``--show-source``,
as flake8 prints it) and counts per rule (``--statistics``, as ruff prints them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from kerasparam_lint.reports.findings_formats import CheckedFile, text


def with_source(files: Sequence[CheckedFile], unsafe_fixes: bool = False) -> str:
    """Each finding's line, then the line it is on and a caret under its column."""
    out = []
    for file in files:
        for finding in file.findings:
            out.append(text([file._replace(findings=[finding])], unsafe_fixes))
            line = file.lines.get(finding.line)
            if line is not None and finding.cell is None:
                # The column counts UTF-8 bytes; tabs stay tabs so the caret lines up.
                before = line.encode("utf-8")[: finding.col].decode("utf-8", "ignore")
                out += [line, "".join(c if c == "\t" else " " for c in before) + "^"]
    return "\n".join(out)


def statistics(files: Sequence[CheckedFile], messages: Mapping[str, str]) -> str:
    """``count<TAB>code<TAB>what the rule flags`` per code, the most frequent first."""
    counts = Counter(f.code for file in files for f in file.findings)
    width = max((len(str(n)) for n in counts.values()), default=1)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "\n".join(f"{n:>{width}}\t{code}\t{messages.get(code, '')}" for code, n in ranked)
