"""Dense, Flatten and the layers that keep their input's shape
(``keras/src/layers/core/``, ``activations/``, ``regularization/``)."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.keras.shape_rules import product, require_min_rank


def dense_shape(args: Args, call: Call) -> Any:
    require_min_rank(call.inputs, 1, "Dense")
    return (*call.inputs[:-1], args.units)


def dense_weights(args: Args, call: Call) -> list[WeightRow]:
    features = call.inputs[-1]
    if features is None:
        raise ShapeError("Dense needs a known last input dimension", "KPL103")
    rows = [("kernel", (features, args.units), True)]
    if args.use_bias:
        rows.append(("bias", (args.units,), True))
    return rows


def flatten_shape(args: Args, call: Call) -> Any:
    require_min_rank(call.inputs, 1, "Flatten")
    shape = call.inputs
    if args.data_format == "channels_first" and len(shape) > 2:
        shape = (shape[0], *shape[2:], shape[1])
    return (shape[0], product(shape[1:]))


def per_channel_weights(name: str) -> Any:
    """One trainable vector over the last axis (e.g. PReLU's alpha is shaped like the input)."""

    def rule(args: Args, call: Call) -> list[WeightRow]:
        return [(name, tuple(call.inputs[1:]), True)]

    return rule
