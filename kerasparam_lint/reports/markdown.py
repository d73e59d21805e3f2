"""``--format markdown``: the summary as a GitHub table, for a pull request or a README."""

from __future__ import annotations

from kerasparam_lint.reports.columns import HEADERS, NUMERIC, Column, cell
from kerasparam_lint.reports.model_rows import ModelRows
from kerasparam_lint.reports.statistics import ModelStatistics
from kerasparam_lint.reports.table import incomplete, model_title
from kerasparam_lint.reports.totals import total_lines


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_escape(c) for c in cells) + " |"


def render_model(
    rows: ModelRows,
    path: str,
    stats: ModelStatistics,
    columns: tuple[Column, ...],
    explain: bool = False,
) -> str:
    out = [f"### {model_title(rows, path)}", ""]
    out.append(_row(["Layer (type)", *(HEADERS[c] for c in columns)]))
    out.append(_row([":--", *("--:" if c in NUMERIC else ":--" for c in columns)]))
    for i, layer in enumerate(rows.layers):
        name = f"`{layer.name}` ({layer.class_name})"
        out.append(_row([name, *(cell(c, layer, i, stats) for c in columns)]))
    out.append("")
    out += [f"- **{label}:** {value}" for label, value in total_lines(rows, stats, columns)]
    if not rows.complete:
        out.append(f"- {incomplete(rows)}")
    explained = [layer for layer in rows.layers if explain and layer.explanation]
    if explained:
        out += ["", "#### Arithmetic", ""]
        for layer in explained:
            out.append(f"- `{layer.name}`: " + "; ".join(f"`{t}`" for t in layer.explanation))
    return "\n".join(out)
