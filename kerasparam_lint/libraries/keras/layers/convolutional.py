"""Conv{1,2,3}D, their transposes, separable and depthwise convolutions
(``keras/src/layers/convolutional/``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.libraries.keras.shape_rules import (
    as_tuple,
    assemble,
    check_positive,
    conv_output_length,
    data_format,
    deconv_output_length,
    padding_mode,
    require_rank,
    spatial,
)


@dataclass(frozen=True)
class _Geometry:
    kernel: tuple
    strides: tuple
    dilation: tuple
    padding: str
    fmt: str


def _positive(value: Any, name: str) -> None:
    if isinstance(value, int) and value <= 0:
        raise ShapeError(f"`{name}` must be a positive integer, got {value}", "KPL304")


def _geometry(args: Args, rank: int, causal: bool = False, exclusive: bool = False) -> _Geometry:
    """What every convolution's constructor standardizes and validates.

    ``causal`` is Conv1D's extra padding mode; ``exclusive`` is BaseConv's and
    BaseConvTranspose's refusal of strides > 1 together with dilation > 1.
    """
    kernel = as_tuple(args.kernel_size, rank, "kernel_size")
    strides = as_tuple(args.strides, rank, "strides")
    dilation = as_tuple(args.dilation_rate, rank, "dilation_rate")
    allowed = ("valid", "same", "causal") if causal else ("valid", "same")
    geometry = _Geometry(
        kernel,
        strides,
        dilation,
        padding_mode(args.padding, allowed),
        data_format(args.data_format),
    )
    if exclusive and max(strides) > 1 and max(dilation) > 1:
        raise ShapeError(
            "`strides > 1` is not supported together with `dilation_rate > 1`", "KPL304"
        )
    return geometry


def _conv_dims(call: Call, rank: int, layer: str, geo: _Geometry) -> tuple[Any, ...]:
    """``compute_conv_output_shape``'s spatial dims (causal pads like same)."""
    shape = call.inputs
    require_rank(shape, rank + 2, layer)
    dims, _ = spatial(shape, geo.fmt, rank)
    out = tuple(
        conv_output_length(n, k, geo.padding, s, d)
        for n, k, s, d in zip(dims, geo.kernel, geo.strides, geo.dilation, strict=True)
    )
    check_positive(out, shape, layer)
    return out


def _channels(call: Call, fmt: str, rank: int) -> Any:
    _, channels = spatial(call.inputs, fmt, rank)
    if channels is None:
        raise ShapeError("the channel dimension of the input must be known", "KPL103")
    return channels


def _check_filters(args: Args) -> None:
    """BaseConv's constructor checks on ``filters`` and ``groups``."""
    _positive(args.filters, "filters")
    groups = args.get("groups", 1)
    _positive(groups, "groups")
    if args.filters % groups != 0:
        raise ShapeError(
            f"filters ({args.filters}) must be divisible by groups ({groups})", "KPL304"
        )


def conv_shape(rank: int, layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        _check_filters(args)
        geo = _geometry(args, rank, causal=rank == 1, exclusive=True)
        out = _conv_dims(call, rank, layer, geo)
        return assemble(call.inputs[0], out, args.filters, geo.fmt)

    return rule


def conv_weights(rank: int, layer: str) -> Any:
    validate = conv_shape(rank, layer)

    def rule(args: Args, call: Call) -> list[WeightRow]:
        validate(args, call)
        geo = _geometry(args, rank, causal=rank == 1, exclusive=True)
        channels = _channels(call, geo.fmt, rank)
        groups = args.get("groups", 1)
        if channels % groups != 0:
            raise ShapeError(
                f"input channels ({channels}) must be divisible by groups ({groups})", "KPL103"
            )
        rows = [("kernel", (*geo.kernel, channels // groups, args.filters), True)]
        if args.use_bias:
            rows.append(("bias", (args.filters,), True))
        return rows

    return rule


def _output_padding(args: Args, rank: int, strides: tuple) -> tuple[Any, ...]:
    if args.output_padding is None:
        return (None,) * rank
    paddings = as_tuple(args.output_padding, rank, "output_padding", allow_zero=True)
    for pad, stride in zip(paddings, strides, strict=True):
        if pad >= stride:
            raise ShapeError(
                f"`output_padding` {args.output_padding} must be less than `strides`", "KPL304"
            )
    return paddings


def conv_transpose_shape(rank: int, layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        _positive(args.filters, "filters")
        shape = call.inputs
        require_rank(shape, rank + 2, layer)
        geo = _geometry(args, rank, exclusive=True)
        paddings = _output_padding(args, rank, geo.strides)
        dims, _ = spatial(shape, geo.fmt, rank)
        out = tuple(
            deconv_output_length(n, k, geo.padding, p, s, d)
            for n, k, p, s, d in zip(
                dims, geo.kernel, paddings, geo.strides, geo.dilation, strict=True
            )
        )
        return assemble(shape[0], out, args.filters, geo.fmt)

    return rule


def conv_transpose_weights(rank: int, layer: str) -> Any:
    validate = conv_transpose_shape(rank, layer)

    def rule(args: Args, call: Call) -> list[WeightRow]:
        validate(args, call)
        geo = _geometry(args, rank, exclusive=True)
        channels = _channels(call, geo.fmt, rank)
        rows = [("kernel", (*geo.kernel, args.filters, channels), True)]
        if args.use_bias:
            rows.append(("bias", (args.filters,), True))
        return rows

    return rule


def depthwise_shape(rank: int, layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        _positive(args.depth_multiplier, "depth_multiplier")
        geo = _geometry(args, rank)
        out = _conv_dims(call, rank, layer, geo)
        channels = _channels(call, geo.fmt, rank)
        return assemble(call.inputs[0], out, channels * args.depth_multiplier, geo.fmt)

    return rule


def depthwise_weights(rank: int, layer: str) -> Any:
    validate = depthwise_shape(rank, layer)

    def rule(args: Args, call: Call) -> list[WeightRow]:
        validate(args, call)
        geo = _geometry(args, rank)
        channels = _channels(call, geo.fmt, rank)
        rows = [("kernel", (*geo.kernel, channels, args.depth_multiplier), True)]
        if args.use_bias:
            rows.append(("bias", (channels * args.depth_multiplier,), True))
        return rows

    return rule


def separable_shape(rank: int, layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        _positive(args.depth_multiplier, "depth_multiplier")
        _positive(args.filters, "filters")
        geo = _geometry(args, rank)
        out = _conv_dims(call, rank, layer, geo)
        return assemble(call.inputs[0], out, args.filters, geo.fmt)

    return rule


def separable_weights(rank: int, layer: str) -> Any:
    validate = separable_shape(rank, layer)

    def rule(args: Args, call: Call) -> list[WeightRow]:
        validate(args, call)
        geo = _geometry(args, rank)
        channels = _channels(call, geo.fmt, rank)
        depth = channels * args.depth_multiplier
        rows = [
            ("depthwise_kernel", (*geo.kernel, channels, args.depth_multiplier), True),
            ("pointwise_kernel", (1,) * rank + (depth, args.filters), True),
        ]
        if args.use_bias:
            rows.append(("bias", (args.filters,), True))
        return rows

    return rule
