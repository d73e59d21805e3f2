"""BatchNormLayer (``lasagne/layers/normalization.py``).

Its four parameters are shaped like the input minus the normalized axes
(default: every axis but the second); ``beta`` and ``gamma`` are learned,
``mean`` and ``inv_std`` are tagged ``trainable=False``.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.libraries.keras.shape_rules import format_shape, require_min_rank
from kerasparam_lint.libraries.lasagne.core import given


def _axes(axes: Any, rank: int) -> tuple[Any, ...]:
    if axes == "auto":
        return (0, *range(2, rank))
    if isinstance(axes, int):
        return (axes,)
    if isinstance(axes, (tuple, list)) and UNKNOWN not in axes:
        return tuple(axes)
    raise CannotKnow("axes")


def batch_norm_weights(args: Args, call: Call) -> list[WeightRow]:
    shape = call.inputs
    require_min_rank(shape, 1, "BatchNormLayer")
    axes = _axes(args.axes, len(shape))
    kept = tuple(size for axis, size in enumerate(shape) if axis not in axes)
    if any(size is None for size in kept):
        raise ShapeError(
            f"BatchNormLayer needs known sizes for all axes not normalized over, "
            f"got {format_shape(shape)}",
            "KPL103",
        )
    rows = [(name, kept, True) for name in ("beta", "gamma") if given(args[name])]
    return rows + [("mean", kept, False), ("inv_std", kept, False)]
