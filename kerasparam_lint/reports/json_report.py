"""``--format json``: the summary (and findings) as a versioned document other tools read.

The fields of version 1 are always there; ``--columns`` and ``--explain`` add keys
(never change existing ones), so a reader of version 1 keeps working.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from kerasparam_lint.reports.columns import Column

if TYPE_CHECKING:  # only annotations: rendering cached documents needs no model code
    from kerasparam_lint.reports.model_rows import LayerRow, ModelRows
    from kerasparam_lint.reports.statistics import ModelStatistics

FORMAT_VERSION = 1


def _extra_layer_fields(
    layer: LayerRow, index: int, stats: ModelStatistics, columns: tuple[Column, ...], explain: bool
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if Column.MEMORY in columns:
        elements = stats.layer_activations[index]
        fields["activations"] = elements
        fields["activation_bytes"] = None if elements is None else elements * stats.dtype_bytes
    if Column.MACS in columns or Column.FLOPS in columns:
        fields["macs"] = stats.layer_macs[index]
        fields["flops"] = stats.layer_flops[index]
    if Column.KERNEL in columns:
        fields["kernel_size"] = list(layer.kernel_window) if layer.kernel_window else None
    if Column.CONNECTED in columns:
        fields["connected_to"] = layer.connected_to
    if Column.TRAINABLE in columns:
        fields["trainable_status"] = layer.trainable_status
        fields["layer_trainable"] = layer.layer_trainable
    if explain:
        fields["explain"] = list(layer.explanation)
    return fields


def _extra_model_fields(stats: ModelStatistics, columns: tuple[Column, ...]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if Column.MACS in columns or Column.FLOPS in columns or Column.MEMORY in columns:
        fields["batch_size"] = stats.batch_size
        fields["dtype"] = stats.dtype
    if Column.MACS in columns or Column.FLOPS in columns:
        fields["total_macs"] = stats.macs
        fields["total_flops"] = stats.flops
    if Column.MEMORY in columns:
        fields["memory"] = {
            "activations": stats.activations,
            "input_bytes": stats.input_bytes,
            "forward_activation_bytes": stats.forward_bytes,
            "params_bytes": stats.params_bytes,
            "estimated_total_bytes": stats.total_bytes,
        }
    return fields


def model_document(
    rows: ModelRows,
    stats: ModelStatistics | None = None,
    columns: tuple[Column, ...] = (),
    explain: bool = False,
) -> dict[str, Any]:
    layers = []
    for index, layer in enumerate(rows.layers):
        entry = {
            "name": layer.name,
            "class": layer.class_name,
            "line": layer.line,
            "output_shape": layer.output_shape,
            "params": layer.params,
            "trainable": layer.trainable,
            "non_trainable": layer.non_trainable,
        }
        if layer.formula_shape is not None:
            entry["formula_shape"] = layer.formula_shape
        if stats is not None:
            entry.update(_extra_layer_fields(layer, index, stats, columns, explain))
        layers.append(entry)
    document = {
        "name": rows.name,
        "entry": rows.entry_name,
        "line": rows.line,
        "complete": rows.complete,
        "layers": layers,
        "total_params": rows.total,
        "trainable_params": rows.trainable,
        "non_trainable_params": rows.non_trainable,
    }
    if rows.condition:
        document["condition"] = rows.condition
    if rows.input_needs:
        document["input_sizes"] = list(rows.input_needs)
    if stats is not None:
        document.update(_extra_model_fields(stats, columns))
    return document


def render(files: list[dict[str, Any]]) -> str:
    return json.dumps({"version": FORMAT_VERSION, "files": files}, indent=2)
