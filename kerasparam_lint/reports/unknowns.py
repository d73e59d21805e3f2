"""Why each ``?`` of a summary is unknown (``summary --verbose``), one note per layer.

The reason is what the analysis knows about that layer's line: a finding there (the
shape check that failed), a note made there (a loop stopped), an unknown value read
there and the import it comes from, else the reason of the layer whose unknown output it was
called on, else the limit that stopped the analysis; else only that it could not be
worked out. Nothing is inferred beyond that: a reason is never a guess either.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kerasparam_lint.graph.model import Layer, Model
from kerasparam_lint.graph.unknown import UNKNOWN, contains_unknown
from kerasparam_lint.lint.finding import Finding
from kerasparam_lint.reports.model_rows import model_rows


def unknown_reasons(
    models: Sequence[Model],
    findings: Sequence[Finding],
    notes: Sequence[tuple[int, str]],
    origins: Sequence[tuple[int, str]] = (),
) -> Iterator[tuple[int, str]]:
    """(line, ``conv2d (Conv2D) is ?: <reason>``) for each layer with an unknown value."""
    reasons = _Reasons(findings, [*notes, *origins])
    for model in models:
        if model.layers is UNKNOWN:  # the table has no row to explain: say why
            because = reasons.at(model.line) or model.stopped or "not known statically"
            yield model.line, f"{model.name} ({model.class_name}): its layers are ?: {because}"
            continue
        layers = list(model.layers)
        for layer, row in zip(layers, model_rows(model).layers, strict=True):
            if row.output_shape is not None and row.params is not None:
                continue
            what = "output shape" if row.output_shape is None else "parameter count"
            because = reasons.of(layer) or model.stopped or "not known statically"
            yield row.line, f"{row.name} ({row.class_name}): {what} is ?: {because}"


class _Reasons:
    """The reason of each layer, found once: a chain of 200 layers on one unknown input
    walks back to it once."""

    def __init__(self, findings: Sequence[Finding], notes: Sequence[tuple[int, str]]) -> None:
        self.found = {f.line: f"{f.code} {f.message}" for f in reversed(findings)}
        self.noted = {line: message for line, message in reversed(notes) if line}
        # The reason a layer's line gives, or the one it inherits: (display, root).
        self.known: dict[int, tuple[str, str] | None] = {}

    def at(self, line: int) -> str | None:
        """The reason the line itself gives: its finding, else its note."""
        return self.found.get(line) or self.noted.get(line)

    def of(self, layer: Layer) -> str | None:
        found = self._find(layer)
        return None if found is None else found[0]

    def _find(self, layer: Layer) -> tuple[str, str] | None:
        if id(layer) in self.known:
            return self.known[id(layer)]
        self.known[id(layer)] = None  # a layer fed back its own output gives no reason
        own = self.at(layer.line)
        result = None if own is None else (own, own)
        for tensor in (t for node in layer.inbound_nodes for t in node.inputs):
            if result is not None:
                break
            if tensor.node is None or not contains_unknown(tensor.shape):
                continue
            upstream = self._find(tensor.node.layer)
            if upstream is not None:
                root = upstream[1]
                result = (f"its input from {tensor.node.layer.name} is ?: {root}", root)
        self.known[id(layer)] = result
        return result
