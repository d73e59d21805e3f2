"""Max/Average pooling and global pooling (``keras/src/layers/pooling/``)."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.keras.layer_spec import Args, Call
from kerasparam_lint.keras.shape_rules import (
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
    def rule(args: Args, call: Call) -> Any:
        shape = call.inputs
        require_rank(shape, rank + 2, layer)
        pool = as_tuple(args.pool_size, rank, "pool_size")
        strides = pool if args.strides is None else as_tuple(args.strides, rank, "strides")
        padding = padding_mode(args.padding)
        fmt = data_format(args.data_format)
        dims, channels = spatial(shape, fmt, rank)
        out = tuple(
            pool_output_length(n, p, padding, s)
            for n, p, s in zip(dims, pool, strides, strict=True)
        )
        check_positive(out, shape, layer)
        return assemble(shape[0], out, channels, fmt)

    return rule


def global_pooling_shape(rank: int, layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        shape = call.inputs
        require_rank(shape, rank + 2, layer)
        fmt = data_format(args.data_format)
        _, channels = spatial(shape, fmt, rank)
        if args.keepdims:
            return assemble(shape[0], (1,) * rank, channels, fmt)
        return (shape[0], channels)

    return rule
