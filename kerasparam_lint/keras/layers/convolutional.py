"""Conv{1,2,3}D, their transposes, separable and depthwise convolutions
(``keras/src/layers/convolutional/``)."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.keras.shape_rules import (
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


def _geometry(args: Args, rank: int) -> tuple[tuple, tuple, tuple, str, str]:
    kernel = as_tuple(args.kernel_size, rank, "kernel_size")
    strides = as_tuple(args.strides, rank, "strides")
    dilation = as_tuple(args.dilation_rate, rank, "dilation_rate")
    allowed = ("valid", "same", "causal") if rank == 1 else ("valid", "same")
    return (
        kernel,
        strides,
        dilation,
        padding_mode(args.padding, allowed),
        data_format(args.data_format),
    )


def _conv_dims(args: Args, call: Call, rank: int, layer: str) -> tuple[Any, ...]:
    shape = call.inputs
    require_rank(shape, rank + 2, layer)
    kernel, strides, dilation, padding, fmt = _geometry(args, rank)
    dims, _ = spatial(shape, fmt, rank)
    out = tuple(
        conv_output_length(n, k, padding, s, d)
        for n, k, s, d in zip(dims, kernel, strides, dilation, strict=True)
    )
    check_positive(out, shape, layer)
    return out


def conv_shape(rank: int, layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        out = _conv_dims(args, call, rank, layer)
        return assemble(call.inputs[0], out, args.filters, data_format(args.data_format))

    return rule


def _channels(args: Args, call: Call, rank: int) -> Any:
    _, channels = spatial(call.inputs, data_format(args.data_format), rank)
    if channels is None:
        raise ShapeError("the channel dimension of the input must be known", "KPL103")
    return channels


def conv_weights(rank: int) -> Any:
    def rule(args: Args, call: Call) -> list[WeightRow]:
        kernel = as_tuple(args.kernel_size, rank, "kernel_size")
        channels = _channels(args, call, rank)
        groups = args.get("groups", 1)
        if channels % groups != 0:
            raise ShapeError(
                f"input channels ({channels}) must be divisible by groups ({groups})", "KPL103"
            )
        rows = [("kernel", (*kernel, channels // groups, args.filters), True)]
        if args.use_bias:
            rows.append(("bias", (args.filters,), True))
        return rows

    return rule


def conv_transpose_shape(rank: int, layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        shape = call.inputs
        require_rank(shape, rank + 2, layer)
        kernel, strides, dilation, padding, fmt = _geometry(args, rank)
        output_padding = args.output_padding
        paddings = (
            (None,) * rank
            if output_padding is None
            else as_tuple(output_padding, rank, "output_padding")
        )
        dims, _ = spatial(shape, fmt, rank)
        out = tuple(
            deconv_output_length(n, k, padding, p, s, d)
            for n, k, p, s, d in zip(dims, kernel, paddings, strides, dilation, strict=True)
        )
        return assemble(shape[0], out, args.filters, fmt)

    return rule


def conv_transpose_weights(rank: int) -> Any:
    def rule(args: Args, call: Call) -> list[WeightRow]:
        kernel = as_tuple(args.kernel_size, rank, "kernel_size")
        channels = _channels(args, call, rank)
        rows = [("kernel", (*kernel, args.filters, channels), True)]
        if args.use_bias:
            rows.append(("bias", (args.filters,), True))
        return rows

    return rule


def depthwise_shape(rank: int, layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        out = _conv_dims(args, call, rank, layer)
        channels = _channels(args, call, rank)
        fmt = data_format(args.data_format)
        return assemble(call.inputs[0], out, channels * args.depth_multiplier, fmt)

    return rule


def depthwise_weights(rank: int) -> Any:
    def rule(args: Args, call: Call) -> list[WeightRow]:
        kernel = as_tuple(args.kernel_size, rank, "kernel_size")
        channels = _channels(args, call, rank)
        rows = [("kernel", (*kernel, channels, args.depth_multiplier), True)]
        if args.use_bias:
            rows.append(("bias", (channels * args.depth_multiplier,), True))
        return rows

    return rule


def separable_weights(rank: int) -> Any:
    def rule(args: Args, call: Call) -> list[WeightRow]:
        kernel = as_tuple(args.kernel_size, rank, "kernel_size")
        channels = _channels(args, call, rank)
        depth = channels * args.depth_multiplier
        rows = [
            ("depthwise_kernel", (*kernel, channels, args.depth_multiplier), True),
            ("pointwise_kernel", (1,) * rank + (depth, args.filters), True),
        ]
        if args.use_bias:
            rows.append(("bias", (args.filters,), True))
        return rows

    return rule
