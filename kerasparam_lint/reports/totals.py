"""The lines under a summary table: Keras' parameter totals, then MACs and memory on request."""

from __future__ import annotations

from kerasparam_lint.reports.columns import UNKNOWN_TEXT, Column
from kerasparam_lint.reports.model_rows import ModelRows
from kerasparam_lint.reports.statistics import ModelStatistics
from kerasparam_lint.reports.units import readable_bytes, readable_count

# Keras' summary sizes parameters at 4 bytes (float32) whatever the dtype.
_KERAS_PARAM_BYTES = 4


def _params(value: int | None) -> str:
    if value is None:
        return UNKNOWN_TEXT
    return f"{value:,} ({readable_bytes(value * _KERAS_PARAM_BYTES)})"


def _operations(value: int | None) -> str:
    return UNKNOWN_TEXT if value is None else f"{value:,} ({readable_count(value)})"


def _size(value: int | None) -> str:
    return UNKNOWN_TEXT if value is None else readable_bytes(value)


def total_lines(
    rows: ModelRows, stats: ModelStatistics, columns: tuple[Column, ...]
) -> list[tuple[str, str]]:
    """(label, value) pairs, in print order."""
    lines = [
        ("Total params", _params(rows.total)),
        ("Trainable params", _params(rows.trainable)),
        ("Non-trainable params", _params(rows.non_trainable)),
    ]
    if rows.input_needs:
        lines.append(("Input sizes", "; ".join(rows.input_needs)))
    if Column.MACS in columns or Column.FLOPS in columns or Column.MEMORY in columns:
        lines.append(("Batch size", f"{stats.batch_size}, dtype: {stats.dtype}"))
    if Column.MACS in columns or Column.FLOPS in columns:
        lines.append(("Total MACs", _operations(stats.macs)))
        lines.append(("Total FLOPs (2 x MACs)", _operations(stats.flops)))
    if Column.MEMORY in columns:
        activations = stats.activations
        elements = UNKNOWN_TEXT if activations is None else f"{activations:,} elements"
        bytes_ = None if activations is None else activations * stats.dtype_bytes
        lines += [
            ("Activations (column total)", f"{elements} ({_size(bytes_)})"),
            ("Input size", _size(stats.input_bytes)),
            ("Forward activations", _size(stats.forward_bytes)),
            ("Params size", _size(stats.params_bytes)),
            ("Estimated total size", _size(stats.total_bytes)),
        ]
    return lines
