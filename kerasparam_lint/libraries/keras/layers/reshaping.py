"""UpSampling, ZeroPadding, Cropping, Flatten, Reshape, Permute, RepeatVector
(``keras/src/layers/reshaping/``)."""

from __future__ import annotations

import math
from typing import Any

from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError
from kerasparam_lint.libraries.keras.shape_rules import (
    as_tuple,
    assemble,
    data_format,
    format_shape,
    positive_int,
    product,
    require_min_rank,
    require_rank,
    spatial,
    upsampled_length,
)


def upsampling_shape(rank: int, layer: str) -> Any:
    """UpSampling1D repeats axis 1 (no data_format); 2D/3D scale the spatial axes."""

    def rule(args: Args, call: Call) -> Any:
        if rank == 1:
            size: tuple = (positive_int(args.size, "size"),)
            fmt = "channels_last"
        else:
            size = as_tuple(args.size, rank, "size")
            fmt = data_format(args.data_format)
        shape = call.inputs
        require_rank(shape, rank + 2, layer)
        dims, channels = spatial(shape, fmt, rank)
        out = tuple(upsampled_length(n, s) for n, s in zip(dims, size, strict=True))
        return assemble(shape[0], out, channels, fmt)

    return rule


def _pairs(value: Any, rank: int, name: str) -> tuple[tuple[Any, Any], ...]:
    """ZeroPadding/Cropping's ``padding``/``cropping``: per spatial axis a (before, after) pair.

    1D takes an int or a pair; 2D/3D take an int, or per axis an int or a pair.
    """
    if rank == 1:
        return (as_tuple(value, 2, name, allow_zero=True),)
    if value is UNKNOWN:
        raise CannotKnow(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return ((value, value),) * rank
    if not isinstance(value, (tuple, list)) or len(value) != rank:
        raise ShapeError(f"`{name}` must have {rank} entries, got {value!r}", "KPL304")
    return tuple(as_tuple(item, 2, name, allow_zero=True) for item in value)


def zero_padding_shape(rank: int, layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        fmt = data_format(args.data_format)
        pads = _pairs(args.padding, rank, "padding")
        shape = call.inputs
        require_rank(shape, rank + 2, layer)
        dims, channels = spatial(shape, fmt, rank)
        out = tuple(
            None if n is None else n + before + after
            for n, (before, after) in zip(dims, pads, strict=True)
        )
        return assemble(shape[0], out, channels, fmt)

    return rule


def cropping_shape(rank: int, layer: str) -> Any:
    """Cropping must leave every known spatial dim at least 1 (Cropping1D has no data_format)."""

    def rule(args: Args, call: Call) -> Any:
        if rank == 1:
            fmt = "channels_last"
        else:
            fmt = data_format(args.data_format)
            if isinstance(args.cropping, int) and args.cropping < 0:
                raise ShapeError(f"`cropping` cannot be negative, got {args.cropping}", "KPL304")
        crops = _pairs(args.cropping, rank, "cropping")
        shape = call.inputs
        require_rank(shape, rank + 2, layer)
        dims, channels = spatial(shape, fmt, rank)
        out = tuple(
            None if n is None else n - before - after
            for n, (before, after) in zip(dims, crops, strict=True)
        )
        for dim in out:
            if dim is not None and dim <= 0:
                raise ShapeError(
                    f"cropping {args.cropping!r} is not smaller than the input "
                    f"{format_shape(shape)}",
                    "KPL102",
                )
        return assemble(shape[0], out, channels, fmt)

    return rule


def flatten_shape(args: Args, call: Call) -> Any:
    """Flatten's output is (batch, product of the other dims) whatever the data_format."""
    data_format(args.data_format)
    require_min_rank(call.inputs, 1, "Flatten")
    return (call.inputs[0], product(call.inputs[1:]))


def _target_shape(args: Args) -> tuple[Any, ...]:
    """``validate_reshape_shape``: dims are >= 0 or a single -1."""
    target = args.target_shape
    if target is UNKNOWN:
        raise CannotKnow("target_shape")
    if isinstance(target, int) or not isinstance(target, (tuple, list)):
        raise ShapeError(f"`target_shape` must be a tuple, got {target!r}", "KPL304")
    target = tuple(target)
    ints = [d for d in target if isinstance(d, int) and not isinstance(d, bool)]
    if any(d < -1 for d in ints) or ints.count(-1) > 1:
        raise ShapeError(
            f"`target_shape` {target} may hold non-negative dims and at most one -1", "KPL304"
        )
    if not all(d is None or isinstance(d, int) for d in target):
        raise CannotKnow("target_shape")
    return target


def reshape_shape(args: Args, call: Call) -> Any:
    """``compute_reshape_output_shape`` on the non-batch dims."""
    target = _target_shape(args)
    shape = call.inputs
    require_min_rank(shape, 1, "Reshape")
    dims = shape[1:]
    if any(d is None for d in (*dims, *target)):
        return (shape[0], *(None if d == -1 else d for d in target))
    if any(d is UNKNOWN for d in dims):
        raise CannotKnow("input shape")
    size = math.prod(dims)
    if -1 not in target:
        if size != math.prod(target):
            raise ShapeError(
                f"cannot reshape {format_shape(shape)} ({size} values) to {target}", "KPL104"
            )
        return (shape[0], *target)
    known = math.prod(d for d in target if d != -1)
    if known == 0 or size % known != 0:
        raise ShapeError(
            f"cannot reshape {format_shape(shape)} ({size} values) to {target}", "KPL104"
        )
    return (shape[0], *(size // known if d == -1 else d for d in target))


def permute_shape(args: Args, call: Call) -> Any:
    dims = args.dims
    if dims is UNKNOWN or not isinstance(dims, (tuple, list)):
        raise CannotKnow("dims")
    if sorted(dims) != list(range(1, len(dims) + 1)):
        raise ShapeError(f"Permute `dims` must be a permutation of 1..n, got {dims!r}", "KPL304")
    shape = call.inputs
    require_rank(shape, len(dims) + 1, "Permute")
    return (shape[0], *(shape[d] for d in dims))


def repeat_vector_shape(args: Args, call: Call) -> Any:
    n = positive_int(args.n, "n")
    shape = call.inputs
    require_rank(shape, 2, "RepeatVector")
    return (shape[0], n, shape[1])
