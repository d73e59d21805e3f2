"""Max/Average pooling and global pooling (``keras/src/layers/pooling/``)."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError
from kerasparam_lint.libraries.keras.shape_rules import (
    as_tuple,
    assemble,
    check_positive,
    data_format,
    padding_mode,
    pool_output_length,
    require_rank,
    spatial,
)


def pooling_shape(rank: int, layer: str) -> Any:
    """``compute_pooling_output_shape``; Keras passes ``padding`` through without lowercasing."""

    def rule(args: Args, call: Call) -> Any:
        shape = call.inputs
        pool = as_tuple(args.pool_size, rank, "pool_size")
        strides = as_tuple(
            args.pool_size if args.strides is None else args.strides,
            rank,
            "strides",
            allow_zero=True,
        )
        if 0 in strides:
            raise ShapeError(f"`strides` must be positive, got {args.strides!r}", "KPL304")
        fmt = data_format(args.data_format)
        require_rank(shape, rank + 2, layer)
        padding = padding_mode(args.padding, lower=False)
        dims, channels = spatial(shape, fmt, rank)
        out = tuple(
            pool_output_length(n, p, padding, s)
            for n, p, s in zip(dims, pool, strides, strict=True)
        )
        check_positive(out, shape, layer)
        return assemble(shape[0], out, channels, fmt)

    return rule


def global_pooling_shape(rank: int, layer: str) -> Any:
    """``BaseGlobalPooling``: channels_first keeps axis 1 (for 1D too, which pools axis 2)."""

    def rule(args: Args, call: Call) -> Any:
        shape = call.inputs
        fmt = data_format(args.data_format)
        require_rank(shape, rank + 2, layer)
        _, channels = spatial(shape, fmt, rank)
        if args.keepdims:
            return assemble(shape[0], (1,) * rank, channels, fmt)
        return (shape[0], channels)

    return rule
