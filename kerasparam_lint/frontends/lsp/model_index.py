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
    owners: dict[int, Model] = field(default_factory=dict)  # by id(layer): its first model
    _rows: dict[int, ModelRows] = field(default_factory=dict)  # by id(model), on first use
    _layer_rows: dict[int, LayerRow] = field(default_factory=dict)  # by id(layer)

    def model_rows(self, model: Model) -> ModelRows:
        if id(model) not in self._rows:
            rows = self._rows[id(model)] = model_rows(model, explain=True)
            layers = model.layers if model.layers is not UNKNOWN else []
            for layer, row in zip(layers, rows.layers, strict=True):
                if self.owners.get(id(layer)) is model:
                    self._layer_rows[id(layer)] = row
        return self._rows[id(model)]

    def row(self, layer: Layer) -> LayerRow | None:
        """The layer's row in the first model that holds it (None if no model does)."""
        model = self.owners.get(id(layer))
        if model is None:
            return None
        self.model_rows(model)
        return self._layer_rows.get(id(layer))


@lru_cache(maxsize=4)
def model_index(result: DocumentResult) -> ModelIndex:
    index = ModelIndex()
    analysis = result.analysis
    if analysis is None:
        return index
    nested = sorted(
        (la for la in all_layers(analysis.models) if isinstance(la, Model)),
        key=lambda model: (model.line, model.col),
    )
    index.models = [*analysis.models, *(m for m in nested if m not in analysis.models)]
    for model in index.models:
        index.models_at.setdefault((model.line, model.col), model)
        for layer in model.layers if model.layers is not UNKNOWN else []:
            if id(layer) in index.owners:
                continue
            index.owners[id(layer)] = model
            if not isinstance(layer, Model):
                index.layers_at.setdefault((layer.line, layer.col), []).append(layer)
    return index
