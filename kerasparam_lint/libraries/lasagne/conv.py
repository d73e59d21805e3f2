"""Convolution, pooling and upscaling layers (``lasagne/layers/conv.py``, ``pool.py``).

Lasagne is channels-first: ``(batch, channels, *spatial)``. Its output lengths
agree with Keras' ``valid``/``same`` arithmetic once an explicit ``pad`` is
added to the input, so the shared formulas of :mod:`kerasparam_lint.libraries.keras.shape_rules`
are reused; ``full`` padding, transposed convolutions and ``ignore_border=False``
pooling follow Lasagne's own formulas.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.libraries.keras.shape_rules import (
    as_tuple,
    check_positive,
    conv_output_length,
    pool_output_length,
    require_min_rank,
    require_rank,
)
from kerasparam_lint.libraries.lasagne.core import given


def _pads(pad: Any, filters: tuple[Any, ...], n: int) -> tuple[Any, ...]:
    """Per-axis padding: an int, or the mode ``'same'``; ``'valid'``/``'full'`` become ints."""
    if pad is UNKNOWN:
        raise CannotKnow("pad")
    if pad == "valid":
        return (0,) * n
    if pad == "full":
        return tuple(f - 1 for f in filters)
    if pad == "same":
        if any(f is not UNKNOWN and f % 2 == 0 for f in filters):
            raise ShapeError("`same` padding requires odd filter size", "KPL304")
        return ("same",) * n
    return as_tuple(pad, n, "pad", allow_zero=True)


def _conv_length(length: Any, filter_size: Any, stride: Any, pad: Any) -> Any:
    """``lasagne.layers.conv.conv_output_length``: ``ceil((n + 2p - f + 1) / s)``."""
    if length is None:
        return None
    if pad == "same":
        return conv_output_length(length, filter_size, "same", stride)
    return conv_output_length(length + 2 * pad, filter_size, "valid", stride)


def _channels(shape: tuple[Any, ...], layer: str) -> Any:
    if shape[1] is None:
        raise ShapeError(f"{layer} needs a known number of input channels", "KPL103")
    return shape[1]


def _bias(args: Args, out_shape: tuple[Any, ...], units: Any) -> list[WeightRow]:
    """``b``: one per filter, or one per filter and output position when untied."""
    if not given(args.b):
        return []
    if args.untie_biases:
        return [("b", (units, *out_shape[2:]), True)]
    return [("b", (units,), True)]


def conv(n: int, layer: str) -> tuple[Any, Any]:
    """``BaseConvLayer`` with ``n`` spatial dims: (shape rule, weight rule)."""

    def shape_rule(args: Args, call: Call) -> Any:
        shape = call.inputs
        require_rank(shape, n + 2, layer)
        filters = as_tuple(args.filter_size, n, "filter_size")
        strides = as_tuple(args.stride, n, "stride")
        pads = _pads(args.pad, filters, n)
        dims = tuple(
            _conv_length(d, f, s, p)
            for d, f, s, p in zip(shape[2:], filters, strides, pads, strict=True)
        )
        check_positive(dims, shape, layer)
        return (shape[0], args.num_filters, *dims)

    def weight_rule(args: Args, call: Call) -> list[WeightRow]:
        filters = as_tuple(args.filter_size, n, "filter_size")
        channels = _channels(call.inputs, layer)
        rows = [("W", (args.num_filters, channels, *filters), True)]
        return rows + _bias(args, shape_rule(args, call), args.num_filters)

    return shape_rule, weight_rule


def _transposed_length(length: Any, filter_size: Any, stride: Any, crop: Any) -> Any:
    """``conv_input_length``: ``(n - 1)*s - 2*crop + f``."""
    if length is None:
        return None
    if crop == "same":
        crop = filter_size // 2
    return (length - 1) * stride - 2 * crop + filter_size


def transposed_conv_shape(args: Args, call: Call) -> Any:
    shape = call.inputs
    require_rank(shape, 4, "TransposedConv2DLayer")
    if args.output_size is not None:
        return (shape[0], args.num_filters, *as_tuple(args.output_size, 2, "output_size"))
    filters = as_tuple(args.filter_size, 2, "filter_size")
    strides = as_tuple(args.stride, 2, "stride")
    crops = _pads(args.crop, filters, 2)
    dims = tuple(
        _transposed_length(d, f, s, c)
        for d, f, s, c in zip(shape[2:], filters, strides, crops, strict=True)
    )
    check_positive(dims, shape, "TransposedConv2DLayer")
    return (shape[0], args.num_filters, *dims)


def swapped_conv_weights(shape_rule: Any, layer: str) -> Any:
    """Transposed and dilated convolutions store ``W`` as (in channels, filters, rows, cols)."""

    def rule(args: Args, call: Call) -> list[WeightRow]:
        filters = as_tuple(args.filter_size, 2, "filter_size")
        channels = _channels(call.inputs, layer)
        rows = [("W", (channels, args.num_filters, *filters), True)]
        return rows + _bias(args, shape_rule(args, call), args.num_filters)

    return rule


def dilated_conv_shape(args: Args, call: Call) -> Any:
    shape = call.inputs
    require_rank(shape, 4, "DilatedConv2DLayer")
    filters = as_tuple(args.filter_size, 2, "filter_size")
    dilation = as_tuple(args.dilation, 2, "dilation")
    if _pads(args.pad, filters, 2) != (0, 0):
        raise ShapeError("DilatedConv2DLayer requires pad=0 / (0, 0) / 'valid'", "KPL304")
    if args.flip_filters:
        raise ShapeError("DilatedConv2DLayer requires flip_filters=False", "KPL304")
    dims = tuple(
        conv_output_length(d, f, "valid", 1, r)
        for d, f, r in zip(shape[2:], filters, dilation, strict=True)
    )
    check_positive(dims, shape, "DilatedConv2DLayer")
    return (shape[0], args.num_filters, *dims)


def _pool_length(length: Any, pool: Any, stride: Any, pad: Any, ignore_border: Any) -> Any:
    """``lasagne.layers.pool.pool_output_length``."""
    if length is None:
        return None
    if ignore_border is UNKNOWN:
        raise CannotKnow("ignore_border")
    if ignore_border:
        return pool_output_length(length + 2 * pad, pool, "valid", stride)
    if pad != 0:
        raise ShapeError("pooling with pad != 0 requires ignore_border=True", "KPL304")
    if stride >= pool:
        return pool_output_length(length, pool, "same", stride)
    return max(0, (length - pool + stride - 1) // stride) + 1


def pool_shape(n: int, layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        shape = call.inputs
        require_rank(shape, n + 2, layer)
        pools = as_tuple(args.pool_size, n, "pool_size")
        strides = pools if args.stride is None else as_tuple(args.stride, n, "stride")
        pads = as_tuple(args.pad, n, "pad", allow_zero=True)
        dims = tuple(
            _pool_length(d, p, s, q, args.ignore_border)
            for d, p, s, q in zip(shape[2:], pools, strides, pads, strict=True)
        )
        check_positive(dims, shape, layer)
        return (*shape[:2], *dims)

    return rule


def upscale2d_shape(args: Args, call: Call) -> Any:
    shape = call.inputs
    require_rank(shape, 4, "Upscale2DLayer")
    factors = as_tuple(args.scale_factor, 2, "scale_factor")
    dims = tuple(None if d is None else d * f for d, f in zip(shape[2:], factors, strict=True))
    return (*shape[:2], *dims)


def global_pool_shape(args: Args, call: Call) -> Any:
    shape = call.inputs
    require_min_rank(shape, 3, "GlobalPoolLayer")
    return tuple(shape[:2])
