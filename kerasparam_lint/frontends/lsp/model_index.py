"""Which model or layers each call in the document made, and their report rows.

Hover and document symbols both look layers up by the position of the call that
made them (``Conv2D(64, 3)``: the layer's own ``line``/``col``), and read what they
show from :func:`~kerasparam_lint.reports.model_rows.model_rows`, the rows every
report prints: no number is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kerasparam_lint.frontends.lsp.analysis import DocumentResult
from kerasparam_lint.frontends.lsp.locations import Spot
from kerasparam_lint.graph.model import Layer, Model
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.reports.model_rows import LayerRow, ModelRows, model_rows
from kerasparam_lint.rules.subjects import all_layers


@dataclass
class ModelIndex:
    models: list[Model] = field(default_factory=list)  # the file's, then nested ones
    models_at: dict[Spot, Model] = field(default_factory=dict)
    layers_at: dict[Spot, list[Layer]] = field(default_factory=dict)
    rows: dict[int, LayerRow] = field(default_factory=dict)  # by id(layer)
    model_rows: dict[int, ModelRows] = field(default_factory=dict)  # by id(model)

    def made_here(self, layer: Layer, spots: set[Spot]) -> bool:
        """Whether the call that made ``layer`` is in this text (a layer made by an
        imported module's code has no position here)."""
        return (layer.line, layer.col) in spots


@lru_cache(maxsize=4)
def model_index(result: DocumentResult) -> ModelIndex:
    index = ModelIndex()
    analysis = result.lint.analysis if result.lint is not None else None
    if analysis is None:
        return index
    nested = sorted(
        (la for la in all_layers(analysis.models) if isinstance(la, Model)),
        key=lambda model: (model.line, model.col),
    )
    nested = [model for model in nested if model not in analysis.models]
    index.models = [*analysis.models, *nested]
    for model in index.models:
        rows = model_rows(model)
        index.model_rows[id(model)] = rows
        index.models_at.setdefault((model.line, model.col), model)
        if model.layers is not UNKNOWN:
            for layer, row in zip(model.layers, rows.layers, strict=True):
                index.rows.setdefault(id(layer), row)
    seen: set[int] = set()
    for model in index.models:
        for layer in model.layers if model.layers is not UNKNOWN else []:
            if not isinstance(layer, Model) and id(layer) not in seen:
                seen.add(id(layer))
                index.layers_at.setdefault((layer.line, layer.col), []).append(layer)
    return index
