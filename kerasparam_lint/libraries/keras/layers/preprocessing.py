"""Normalization, Resizing and CenterCrop (``keras/src/layers/preprocessing/``).

Their ``compute_output_shape`` treats a rank-4 shape as a batch of images and any
other rank as one unbatched image, so on a rank-3 symbolic tensor Keras replaces
the batch dim with the height: the rule reproduces that as it is.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.libraries.keras.shape_rules import data_format, format_shape, require_min_rank


def image_size_shape(layer: str, ranks: tuple[int, ...] | None = None) -> Any:
    """Height and width become ``args.height``/``args.width``; ``ranks`` limits CenterCrop."""

    def rule(args: Args, call: Call) -> Any:
        fmt = data_format(args.data_format)
        shape = call.inputs
        require_min_rank(shape, 0, layer)
        if ranks is not None and len(shape) not in ranks:
            raise ShapeError(
                f"{layer} expects a rank 3 or 4 input, got {format_shape(shape)}", "KPL103"
            )
        out = list(shape)
        height_axis = (1 if len(shape) == 4 else 0) + (fmt == "channels_first")
        out[height_axis] = args.height
        out[height_axis + 1] = args.width
        return tuple(out)

    return rule


def normalization_weights(args: Args, call: Call) -> list[WeightRow]:
    """Without ``mean``/``variance``, ``build`` adds non-trainable mean, variance and count."""
    if args.mean is UNKNOWN:
        raise CannotKnow("Normalization mean")
    if args.mean is not None:
        return []
    shape = call.inputs
    axis = args.axis
    axes = () if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
    ndim = len(shape)
    if any(not -ndim <= a < ndim for a in axes):
        raise ShapeError(f"Normalization: axis {axis} is out of range for {format_shape(shape)}")
    kept = tuple(shape[a] for a in sorted(a % ndim for a in axes))
    if None in kept:
        raise ShapeError("Normalization: the kept axes must have a known size", "KPL103")
    return [("mean", kept, False), ("variance", kept, False), ("count", (), False)]
