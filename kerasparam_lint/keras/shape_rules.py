"""Shared arithmetic of Keras' shape rules, transcribed from ``keras/src/ops/operation_utils.py``.

A dimension is an int, ``None`` (unknown to Keras too) or UNKNOWN (unknown to
the analyzer); ``None`` stays ``None`` exactly where Keras keeps it ``None``.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.keras.layer_spec import ShapeError
from kerasparam_lint.unknown import UNKNOWN, CannotKnow


def as_tuple(value: Any, n: int, name: str) -> tuple[Any, ...]:
    """``standardize_tuple``: an int becomes ``(value,) * n``; a sequence must have n items."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,) * n
    if value is UNKNOWN:
        return (UNKNOWN,) * n
    if isinstance(value, (tuple, list)) and len(value) == n:
        return tuple(value)
    raise ShapeError(f"`{name}` must be an int or a tuple of {n} ints, got {value!r}", "KPL304")


def data_format(value: Any) -> str:
    """``standardize_data_format``: None means Keras' default, channels_last."""
    if value is None:
        return "channels_last"
    if value is UNKNOWN:
        raise CannotKnow("data_format")
    fmt = str(value).lower()
    if fmt not in ("channels_first", "channels_last"):
        raise ShapeError(f"unknown data_format {value!r}", "KPL304")
    return fmt


def padding_mode(value: Any, allowed: tuple[str, ...] = ("valid", "same")) -> str:
    if value is UNKNOWN:
        raise CannotKnow("padding")
    mode = str(value).lower()
    if mode not in allowed:
        raise ShapeError(f"padding must be one of {allowed}, got {value!r}", "KPL304")
    return mode


def spatial(shape: tuple[Any, ...], fmt: str, rank: int) -> tuple[tuple[Any, ...], Any]:
    """Split a (batch, ..., channels) shape into its spatial dims and channel dim."""
    if fmt == "channels_last":
        return tuple(shape[1 : 1 + rank]), shape[-1]
    return tuple(shape[2 : 2 + rank]), shape[1]


def assemble(batch: Any, dims: tuple[Any, ...], channels: Any, fmt: str) -> tuple[Any, ...]:
    if fmt == "channels_last":
        return (batch, *dims, channels)
    return (batch, channels, *dims)


def require_rank(shape: Any, rank: int, layer: str) -> None:
    if shape is UNKNOWN:
        raise CannotKnow("input shape")
    if not isinstance(shape, tuple):
        raise ShapeError(f"{layer} expects one input tensor", "KPL103")
    if len(shape) != rank:
        raise ShapeError(
            f"{layer} expects input of rank {rank}, got rank {len(shape)} {format_shape(shape)}",
            "KPL103",
        )


def require_min_rank(shape: Any, rank: int, layer: str) -> None:
    if shape is UNKNOWN:
        raise CannotKnow("input shape")
    if not isinstance(shape, tuple):
        raise ShapeError(f"{layer} expects one input tensor", "KPL103")
    if len(shape) < rank:
        raise ShapeError(
            f"{layer} expects input of rank >= {rank}, got {format_shape(shape)}", "KPL103"
        )


def conv_output_length(
    length: Any, kernel: Any, padding: str, stride: Any, dilation: Any = 1
) -> Any:
    """``compute_conv_output_shape`` for one dim.

    valid: ``(n - d*(k-1) - 1)//s + 1``; same and causal: ``(n-1)//s + 1``.
    """
    if length is None:
        return None
    effective = dilation * (kernel - 1) + 1
    if padding == "valid":
        return (length - effective) // stride + 1
    return (length - 1) // stride + 1


def check_positive(dims: tuple[Any, ...], shape_in: tuple[Any, ...], layer: str) -> None:
    """Keras raises when a valid conv/pool or crop leaves a dimension below 1."""
    for dim in dims:
        if dim is None or dim is UNKNOWN:
            continue
        if dim <= 0:
            raise ShapeError(
                f"{layer} on {format_shape(shape_in)} gives a non-positive dimension {dim}",
                "KPL102",
            )


def deconv_output_length(
    length: Any, kernel: Any, padding: str, output_padding: Any, stride: Any, dilation: Any
) -> Any:
    """``compute_conv_transpose_output_shape`` / ``deconv_output_length`` for one dim."""
    if length is None:
        return None
    kernel = kernel + (kernel - 1) * (dilation - 1)
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(kernel - stride, 0)
        return length * stride
    pad = kernel // 2 if padding == "same" else 0
    return (length - 1) * stride + kernel - 2 * pad + output_padding


def pool_output_length(length: Any, pool: Any, padding: str, stride: Any) -> Any:
    """``compute_pooling_output_shape`` for one dim."""
    if length is None:
        return None
    if padding == "valid":
        return (length - pool) // stride + 1
    return (length - 1) // stride + 1


def format_shape(shape: Any) -> str:
    if shape is UNKNOWN:
        return "?"
    if isinstance(shape, list):
        return "[" + ", ".join(format_shape(s) for s in shape) + "]"
    dims = ["None" if d is None else ("?" if d is UNKNOWN else str(d)) for d in shape]
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join(dims) + ")"


def product(dims: Any) -> Any:
    """Product of dims; None if any is None (Keras' Flatten rule)."""
    total: Any = 1
    for dim in dims:
        if dim is None:
            return None
        total = total * dim
    return total
