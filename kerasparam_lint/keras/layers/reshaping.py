"""UpSampling, ZeroPadding, Cropping, Reshape, Permute, RepeatVector
(``keras/src/layers/reshaping/``)."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.keras.layer_spec import Args, Call
from kerasparam_lint.keras.shape_rules import as_tuple, assemble, data_format, require_rank, spatial


def upsampling_shape(rank: int, layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        shape = call.inputs
        require_rank(shape, rank + 2, layer)
        size = as_tuple(args.size, rank, "size")
        fmt = data_format(args.data_format) if rank > 1 else "channels_last"
        dims, channels = spatial(shape, fmt, rank)
        out = tuple(None if n is None else n * s for n, s in zip(dims, size, strict=True))
        return assemble(shape[0], out, channels, fmt)

    return rule
