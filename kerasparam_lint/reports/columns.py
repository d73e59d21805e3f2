"""The columns ``summary --columns`` can show, their headers, and how a cell reads.

Every format (text, Markdown) prints the same cells; ``--`` marks a value that does
not apply (no kernel, no MACs, no parameters) and ``?`` one the analyzer cannot know.
"""

from __future__ import annotations

import argparse
from enum import Enum
from typing import TYPE_CHECKING

from kerasparam_lint.reports.units import readable_bytes

if TYPE_CHECKING:  # only annotations: ``--columns`` is parsed without loading the model code
    from kerasparam_lint.reports.model_rows import LayerRow, ModelRows
    from kerasparam_lint.reports.statistics import ModelStatistics

UNKNOWN_TEXT = "?"
NOT_APPLICABLE = "--"


class Column(Enum):
    SHAPE = "shape"
    PARAMS = "params"
    MEMORY = "memory"
    MACS = "macs"
    FLOPS = "flops"
    KERNEL = "kernel"
    CONNECTED = "connected"
    TRAINABLE = "trainable"


HEADERS = {
    Column.SHAPE: "Output Shape",
    Column.PARAMS: "Param #",
    Column.MEMORY: "Activations",
    Column.MACS: "MACs",
    Column.FLOPS: "FLOPs",
    Column.KERNEL: "Kernel",
    Column.CONNECTED: "Connected to",
    Column.TRAINABLE: "Trainable",
}
NUMERIC = frozenset({Column.PARAMS, Column.MEMORY, Column.MACS, Column.FLOPS})


def parse_columns(text: str) -> tuple[Column, ...]:
    """``--columns shape,params,macs``: an argparse ``type``."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    try:
        return tuple(Column(name) for name in names)
    except ValueError:
        choices = ", ".join(c.value for c in Column)
        message = f"columns are a comma-separated subset of {choices}"
        raise argparse.ArgumentTypeError(message) from None


def default_columns(rows: ModelRows) -> tuple[Column, ...]:
    """What Keras' ``model.summary()`` shows: shape and params, plus links when branching."""
    base = (Column.SHAPE, Column.PARAMS)
    return (*base, Column.CONNECTED) if rows.branching else base


def format_dims(shape: object) -> str:
    if shape is None:
        return UNKNOWN_TEXT
    if isinstance(shape, list) and shape and isinstance(shape[0], list):
        return "[" + ", ".join(format_dims(s) for s in shape) + "]"
    dims = ["None" if d is None else str(d) for d in shape]  # type: ignore[union-attr]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def count_text(value: int | None) -> str:
    return UNKNOWN_TEXT if value is None else f"{value:,}"


def _operations(value: int | None) -> str:
    if value == 0:
        return NOT_APPLICABLE
    return count_text(value)


def cell(column: Column, layer: LayerRow, index: int, stats: ModelStatistics) -> str:
    """The text of one cell: row ``index`` of the model, in ``column``."""
    if column is Column.SHAPE:
        return format_dims(layer.formula_shape or layer.output_shape)
    if column is Column.PARAMS:
        return count_text(layer.params)
    if column is Column.MEMORY:
        elements = stats.layer_activations[index]
        if elements is None:
            return UNKNOWN_TEXT
        return f"{elements:,} ({readable_bytes(elements * stats.dtype_bytes)})"
    if column is Column.MACS:
        return _operations(stats.layer_macs[index])
    if column is Column.FLOPS:
        return _operations(stats.layer_flops[index])
    if column is Column.KERNEL:
        window = layer.kernel_window
        if window is None:
            return NOT_APPLICABLE
        return "x".join(str(d) for d in window) or UNKNOWN_TEXT
    if column is Column.CONNECTED:
        return ", ".join(layer.connected_to) or "-"
    if layer.params is None:
        return UNKNOWN_TEXT
    # As Keras' ``summary(show_trainable=True)``: the layer's flag, "-" without weights.
    return {None: "-", True: "Y", False: "N"}[layer.layer_trainable]
