"""Shared arithmetic of Keras' shape rules, transcribed from ``keras/src/ops/operation_utils.py``.

A dimension is an int, ``None`` (unknown to Keras too) or UNKNOWN (unknown to
the analyzer); ``None`` stays ``None`` exactly where Keras keeps it ``None``.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import ShapeError
from kerasparam_lint.libraries.keras.shape_steps import report


def as_tuple(value: Any, n: int, name: str, allow_zero: bool = False) -> tuple[Any, ...]:
    """``standardize_tuple``: an int becomes ``(value,) * n``; a sequence must have n items,
    each positive (or non-negative with ``allow_zero``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        result: tuple[Any, ...] = (value,) * n
    elif value is UNKNOWN:
        return (UNKNOWN,) * n
    elif isinstance(value, (tuple, list)) and len(value) == n:
        result = tuple(value)
    else:
        raise ShapeError(f"`{name}` must be an int or a tuple of {n} ints, got {value!r}", "KPL304")
    lowest = 0 if allow_zero else 1
    if any(isinstance(v, int) and v < lowest for v in result):
        raise ShapeError(f"`{name}` values must be >= {lowest}, got {value!r}", "KPL304")
    return result


def positive_int(value: Any, name: str) -> Any:
    """An argument Keras takes as a plain positive int (``n``, ``output_dim``, ``size``)."""
    if value is UNKNOWN:
        raise CannotKnow(name)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ShapeError(f"`{name}` must be a positive integer, got {value!r}", "KPL304")
    return value


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


def padding_mode(
    value: Any, allowed: tuple[str, ...] = ("valid", "same"), lower: bool = True
) -> str:
    """``standardize_padding`` (case-insensitive); pooling layers take it as given."""
    if value is UNKNOWN:
        raise CannotKnow("padding")
    if not isinstance(value, str):
        raise ShapeError(f"padding must be one of {allowed}, got {value!r}", "KPL304")
    mode = value.lower() if lower else value
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
            f"{layer} expects input of rank {rank}, got rank {len(shape)} {certain_shape(shape)}",
            "KPL103",
        )


def require_min_rank(shape: Any, rank: int, layer: str) -> None:
    if shape is UNKNOWN:
        raise CannotKnow("input shape")
    if not isinstance(shape, tuple):
        raise ShapeError(f"{layer} expects one input tensor", "KPL103")
    if len(shape) < rank:
        raise ShapeError(
            f"{layer} expects input of rank >= {rank}, got {certain_shape(shape)}", "KPL103"
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
        out = (length - effective) // stride + 1
        report(
            lambda: f"({length} + 2*0 - {_window_text(kernel, dilation)}) // {stride} + 1",
            out,
            (length, kernel, stride, dilation),
            dropped=(length - effective) % stride,
        )
        return out
    out = (length - 1) // stride + 1
    report(lambda: f"{padding}: ceil({length} / {stride})", out, (length, stride))
    return out


def _window_text(kernel: int, dilation: int) -> str:
    """The window a kernel spans: itself, or ``d*(k - 1) + 1`` when dilated."""
    return str(kernel) if dilation == 1 else f"({dilation}*({kernel} - 1) + 1)"


def check_positive(dims: tuple[Any, ...], shape_in: tuple[Any, ...], layer: str) -> None:
    """Keras raises when a valid conv/pool or crop leaves a dimension below 1."""
    for dim in dims:
        if not isinstance(dim, int):  # None, UNKNOWN, or a formula of an open input size
            continue
        if dim <= 0:
            raise ShapeError(
                f"{layer} on {certain_shape(shape_in)} gives a non-positive dimension {dim}",
                "KPL102",
            )


def deconv_output_length(
    length: Any, kernel: Any, padding: str, output_padding: Any, stride: Any, dilation: Any
) -> Any:
    """``_get_output_shape_given_tf_padding`` (``compute_conv_transpose_output_shape``)."""
    if length is None:
        return None
    kernel = (kernel - 1) * dilation + 1
    if padding == "valid":
        if output_padding is None:
            output_padding = max(kernel, stride) - kernel
        out = (length - 1) * stride + kernel + output_padding
        report(
            lambda: f"transpose: ({length} - 1) * {stride} + {kernel} + {output_padding}",
            out,
            (length, stride, kernel, output_padding),
        )
        return out
    if output_padding is None:
        out = length * stride
        report(lambda: f"transpose, same: {length} * {stride}", out, (length, stride))
        return out
    out = (length - 1) * stride + kernel % 2 + output_padding
    report(
        lambda: f"transpose, same: ({length} - 1) * {stride} + {kernel} % 2 + {output_padding}",
        out,
        (length, stride, kernel, output_padding),
    )
    return out


def pool_output_length(length: Any, pool: Any, padding: str, stride: Any) -> Any:
    """``compute_pooling_output_shape`` for one dim."""
    if length is None:
        return None
    if padding == "valid":
        out = (length - pool) // stride + 1
        report(
            lambda: f"pool: {_pool_text(length, pool, stride)}",
            out,
            (length, pool, stride),
            dropped=(length - pool) % stride,
        )
        return out
    out = (length - 1) // stride + 1
    report(lambda: f"pool, same: ceil({length} / {stride})", out, (length, stride))
    return out


def upsampled_length(length: Any, size: Any) -> Any:
    """``UpSampling``: each row repeated ``size`` times."""
    if length is None:
        return None
    out = length * size
    report(lambda: f"up: {length} * {size}", out, (length, size))
    return out


def _pool_text(length: int, pool: int, stride: int) -> str:
    """``n // s`` when windows tile the input (pool == stride), else the full formula."""
    return f"{length} // {stride}" if pool == stride else f"({length} - {pool}) // {stride} + 1"


def format_shape(shape: Any, unknown: str = "?") -> str:
    """``(None, 28, 28, 1)``; a dim the analysis does not know reads ``unknown``."""
    if shape is UNKNOWN:
        return "?"
    if isinstance(shape, list):
        return "[" + ", ".join(format_shape(s, unknown) for s in shape) + "]"
    dims = ["None" if d is None else (unknown if d is UNKNOWN else str(d)) for d in shape]
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join(dims) + ")"


def certain_shape(shape: Any) -> str:
    """The shape in a message whose finding holds whatever its unknown dims are (a rank,
    or two known dims that differ): those read ``unknown``, as the ``?`` that marks a
    message resting on an unknown value would drop the finding (``lint/certainty.py``)."""
    return format_shape(shape, "unknown")


def product(dims: Any) -> Any:
    """Product of dims; None if any is None (Keras' Flatten rule)."""
    total: Any = 1
    for dim in dims:
        if dim is None:
            return None
        total = total * dim
    report(lambda: "*".join(str(d) for d in dims), total, tuple(dims), per_dim=False)
    return total


def broadcast_shapes(first: tuple[Any, ...], second: tuple[Any, ...]) -> tuple[Any, ...]:
    """``operation_utils.broadcast_shapes``: the shape of an elementwise op on two tensors."""
    if len(first) < len(second):
        first = (1,) * (len(second) - len(first)) + tuple(first)
    if len(second) < len(first):
        second = (1,) * (len(first) - len(second)) + tuple(second)
    out = []
    for a, b in zip(first, second, strict=True):
        if a is UNKNOWN or b is UNKNOWN:
            out.append(UNKNOWN)
        elif a == 1:
            out.append(b)
        elif a is None:
            out.append(None if b == 1 else b)
        elif b == 1 or b is None or b == a:
            out.append(a)
        else:
            raise ShapeError(
                f"cannot broadcast {certain_shape(first)} with {certain_shape(second)}", "KPL101"
            )
    return tuple(out)
