"""The Keras-like summary table (``Layer (type) | Output Shape | Param #``), as plain text.

Columns beyond Keras' own come from ``--columns``; ``--explain`` prints each
layer's arithmetic under its row.
"""

from __future__ import annotations

from kerasparam_lint.reports.columns import HEADERS, NUMERIC, Column, cell
from kerasparam_lint.reports.model_rows import ModelRows
from kerasparam_lint.reports.statistics import ModelStatistics
from kerasparam_lint.reports.totals import total_lines

INCOMPLETE = "Incomplete: some values could not be determined statically (shown as ?)."
EXPLAIN_INDENT = "    "


def incomplete(rows: ModelRows) -> str:
    """The line under an incomplete model: why, when a limit stopped the analysis."""
    return f"Incomplete: {rows.stopped}." if rows.stopped else INCOMPLETE


def model_place(rows: ModelRows, path: str) -> str:
    """``model.py:12`` for a model of the module, ``model.py:12, build()`` for one a
    function builds, ``model.py:30, __main__() [args.model == 'cnn']`` for one that the
    script builds when its command line reads so."""
    if rows.entry == "module":
        return f"{path}:{rows.line}"
    condition = f" [{rows.condition}]" if rows.condition else ""
    return f"{path}:{rows.line}, {rows.entry}(){condition}"


def model_title(rows: ModelRows, path: str) -> str:
    return f'Model: "{rows.name}" ({model_place(rows, path)})'


def render_model(
    rows: ModelRows,
    path: str,
    stats: ModelStatistics,
    columns: tuple[Column, ...],
    explain: bool = False,
) -> str:
    header = ["Layer (type)", *(HEADERS[c] for c in columns)]
    body = [
        [f"{layer.name} ({layer.class_name})", *(cell(c, layer, i, stats) for c in columns)]
        for i, layer in enumerate(rows.layers)
    ]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    right = {i + 1 for i, c in enumerate(columns) if c in NUMERIC}

    def line(cells: list[str]) -> str:
        parts = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("─" * w for w in widths)
    out = [model_title(rows, path), rule, line(header), rule]
    for layer, cells in zip(rows.layers, body, strict=True):
        out.append(line(cells))
        if explain:
            out += [EXPLAIN_INDENT + text for text in layer.explanation]
    out.append(rule)
    out += [f"{label}: {value}" for label, value in total_lines(rows, stats, columns)]
    if not rows.complete:
        out.append(incomplete(rows))
    return "\n".join(out)
