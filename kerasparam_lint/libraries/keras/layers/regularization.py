"""Dropout, SpatialDropout, GaussianNoise/Dropout, AlphaDropout
(``keras/src/layers/regularization/``): shape-preserving, no weights."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError
from kerasparam_lint.libraries.keras.shape_rules import data_format, require_rank


def _check_fraction(value: Any, name: str) -> None:
    """Keras rejects a rate (or stddev) outside [0, 1]; an unknown one does not change shapes."""
    if isinstance(value, (int, float)) and not 0 <= value <= 1:
        raise ShapeError(f"`{name}` must be between 0 and 1, got {value}", "KPL304")


def noise_shape(name: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        _check_fraction(args[name], name)
        return call.inputs

    return rule


def spatial_dropout_shape(rank: int, layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        _check_fraction(args.rate, "rate")
        if rank > 1:
            data_format(args.data_format)
        require_rank(call.inputs, rank + 2, layer)
        return call.inputs

    return rule
