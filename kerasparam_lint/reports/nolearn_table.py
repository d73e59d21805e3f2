"""``--style nolearn``: the layer list nolearn's ``PrintLayerInfo`` prints.

nolearn greets with the number of learnable (``trainable``-tagged) parameters,
then tabulates ``#``, ``name`` and ``size`` (the output shape without the batch
axis, joined by ``x``) in ``tabulate``'s "simple" format: numbers right-aligned,
text left-aligned, each column at least two wider than its header.
"""

from __future__ import annotations

from kerasparam_lint.reports.model_rows import ModelRows
from kerasparam_lint.reports.table import incomplete, model_place

UNKNOWN_TEXT = "?"


def _size(shape: object) -> str:
    if not isinstance(shape, list) or not shape or isinstance(shape[0], list):
        return UNKNOWN_TEXT
    return "x".join(str(d) for d in shape[1:])


def _tabulate(columns: list[tuple[str, list[str], bool]]) -> list[str]:
    """(header, cells, right-aligned) per column, as ``tabulate(..., 'keys')`` lays it out."""
    widths = [max(len(header) + 2, *(len(c) for c in cells)) for header, cells, _ in columns]

    def line(cells: list[str]) -> str:
        parts = [
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, (_, _, right) in zip(cells, widths, columns, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line([header for header, _, _ in columns]), "  ".join("-" * w for w in widths)]
    count = len(columns[0][1])
    out += [line([cells[i] for _, cells, _ in columns]) for i in range(count)]
    return out


def render_model(rows: ModelRows, path: str) -> str:
    learnable = UNKNOWN_TEXT if rows.trainable is None else str(rows.trainable)
    out = [
        f'Model: "{rows.name}" ({model_place(rows, path)})',
        f"# Neural Network with {learnable} learnable parameters",
        "",
        "## Layer information",
        "",
    ]
    out += _tabulate(
        [
            ("#", [str(i) for i in range(len(rows.layers))], True),
            ("name", [layer.name for layer in rows.layers], False),
            ("size", [_size(layer.output_shape) for layer in rows.layers], False),
        ]
    )
    if not rows.complete:
        out.append(incomplete(rows))
    return "\n".join(out)
