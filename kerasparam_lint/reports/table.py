"""The Keras-like summary table (``Layer (type) | Output Shape | Param #``)."""

from __future__ import annotations

from kerasparam_lint.reports.model_rows import LayerRow, ModelRows

UNKNOWN_TEXT = "?"


def format_dims(shape: object) -> str:
    if shape is None:
        return UNKNOWN_TEXT
    if isinstance(shape, list) and shape and isinstance(shape[0], list):
        return "[" + ", ".join(format_dims(s) for s in shape) + "]"
    dims = ["None" if d is None else str(d) for d in shape]  # type: ignore[union-attr]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def readable_size(count: int) -> str:
    """Keras' ``readable_memory_size`` of ``count`` float32 weights (1024-based, 2 decimals)."""
    size = float(count * 4)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _count(value: int | None) -> str:
    return UNKNOWN_TEXT if value is None else f"{value:,}"


def _total_line(label: str, value: int | None) -> str:
    if value is None:
        return f"{label}: {UNKNOWN_TEXT}"
    return f"{label}: {value:,} ({readable_size(value)})"


def _row(layer: LayerRow, branching: bool) -> list[str]:
    cells = [
        f"{layer.name} ({layer.class_name})",
        format_dims(layer.output_shape),
        _count(layer.params),
    ]
    if branching:
        cells.append(", ".join(layer.connected_to) or "-")
    return cells


def render_model(rows: ModelRows, path: str) -> str:
    header = ["Layer (type)", "Output Shape", "Param #"]
    if rows.branching:
        header.append("Connected to")
    body = [_row(layer, rows.branching) for layer in rows.layers]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    right = {2}

    def line(cells: list[str]) -> str:
        parts = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    where = f"{path}:{rows.line}" + ("" if rows.entry == "module" else f", {rows.entry}()")
    out = [f'Model: "{rows.name}" ({where})']
    rule = "  ".join("─" * w for w in widths)
    out += [rule, line(header), rule]
    out += [line(cells) for cells in body]
    out.append(rule)
    out.append(_total_line("Total params", rows.total))
    out.append(_total_line("Trainable params", rows.trainable))
    out.append(_total_line("Non-trainable params", rows.non_trainable))
    if not rows.complete:
        out.append("Incomplete: some values could not be determined statically (shown as ?).")
    return "\n".join(out)
