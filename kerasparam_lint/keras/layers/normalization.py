"""BatchNormalization and friends (``keras/src/layers/normalization/``)."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.keras.layer_spec import Args, Call, ShapeError, WeightRow


def _axis_dim(axis: Any, shape: tuple, layer: str) -> Any:
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    dims = []
    for ax in axes:
        if not -len(shape) <= ax < len(shape):
            raise ShapeError(f"{layer}: axis {ax} is out of range for {shape}", "KPL103")
        dims.append(shape[ax])
    return tuple(dims)


def batch_norm_weights(args: Args, call: Call) -> list[WeightRow]:
    (dim,) = _axis_dim(args.axis, call.inputs, "BatchNormalization")
    rows: list[WeightRow] = []
    if args.scale:
        rows.append(("gamma", (dim,), True))
    if args.center:
        rows.append(("beta", (dim,), True))
    rows.append(("moving_mean", (dim,), False))
    rows.append(("moving_variance", (dim,), False))
    return rows
