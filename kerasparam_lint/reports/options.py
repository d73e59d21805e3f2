"""What ``summary`` was asked to show, and the one place that turns a model into a report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kerasparam_lint.graph.model import Model
from kerasparam_lint.reports import diagram, json_report, markdown, table
from kerasparam_lint.reports.columns import Column, default_columns
from kerasparam_lint.reports.model_rows import model_rows
from kerasparam_lint.reports.statistics import model_statistics

DIAGRAMS = {"mermaid": diagram.mermaid, "dot": diagram.dot}


@dataclass(frozen=True)
class ReportOptions:
    columns: tuple[Column, ...] | None = None  # None: Keras' own columns
    explain: bool = False
    batch_size: int = 1
    dtype: str = "float32"


def render_text(model: Model, path: str, options: ReportOptions, fmt: str = "text") -> str:
    """One model as a text table (``fmt="text"``), a Markdown section, or a diagram."""
    rows = model_rows(model, options.explain)
    if fmt in DIAGRAMS:
        return DIAGRAMS[fmt](rows, path)
    stats = model_statistics(rows, options.batch_size, options.dtype)
    columns = default_columns(rows) if options.columns is None else options.columns
    renderer = markdown.render_model if fmt == "markdown" else table.render_model
    return renderer(rows, path, stats, columns, options.explain)


def model_json(model: Model, options: ReportOptions) -> dict[str, Any]:
    """One model's JSON document; the version-1 fields, plus what the options ask for."""
    rows = model_rows(model, options.explain)
    if options.columns is None and not options.explain:
        return json_report.model_document(rows)
    stats = model_statistics(rows, options.batch_size, options.dtype)
    return json_report.model_document(rows, stats, options.columns or (), options.explain)
