"""Why each ``?`` of a summary is unknown (``summary --verbose``), one note per layer.

The reason is what the analysis knows about that layer's line: a finding there (the
shape check that failed), a note made there (an unknown name, a loop stopped), or
the limit that stopped the analysis; else only that it could not be worked out.
Nothing is inferred beyond that: a reason is never a guess either.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kerasparam_lint.graph.model import Model
from kerasparam_lint.lint.finding import Finding
from kerasparam_lint.reports.model_rows import model_rows


def unknown_reasons(
    models: Sequence[Model], findings: Sequence[Finding], notes: Sequence[tuple[int, str]]
) -> Iterator[tuple[int, str]]:
    """(line, ``conv2d (Conv2D) is ?: <reason>``) for each layer with an unknown value."""
    found = {f.line: f"{f.code} {f.message}" for f in reversed(findings)}
    noted = {line: message for line, message in reversed(notes) if line}
    for model in models:
        for row in model_rows(model).layers:
            if row.output_shape is not None and row.params is not None:
                continue
            what = "output shape" if row.output_shape is None else "parameter count"
            reason = found.get(row.line) or noted.get(row.line) or model.stopped
            because = reason or "not known statically"
            yield row.line, f"{row.name} ({row.class_name}): {what} is ?: {because}"
