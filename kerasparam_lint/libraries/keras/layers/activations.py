"""PReLU's learned slope (``keras/src/layers/activations/prelu.py``); the other activation
layers keep their input's shape and have no weights."""

from __future__ import annotations

from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.libraries.keras.shape_rules import format_shape, require_min_rank


def prelu_weights(args: Args, call: Call) -> list[WeightRow]:
    """``alpha`` is shaped like one sample, with 1 on each of ``shared_axes``."""
    shape = call.inputs
    require_min_rank(shape, 1, "PReLU")
    shared = args.shared_axes
    if shared is UNKNOWN:
        raise CannotKnow("shared_axes")
    if shared is None:
        shared = []
    elif not isinstance(shared, (list, tuple)):
        shared = [shared]
    alpha = list(shape[1:])
    for axis in shared:
        if not isinstance(axis, int):
            raise CannotKnow("shared_axes")
        alpha[axis - 1] = 1
    if any(dim is None for dim in alpha):
        raise ShapeError(
            f"PReLU on {format_shape(shape)}: alpha needs every non-shared axis known", "KPL103"
        )
    return [("alpha", tuple(alpha), True)]
