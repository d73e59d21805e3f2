"""Dense, NIN, embedding, shape and merge layers
(``lasagne/layers/dense.py``, ``embedding.py``, ``shape.py``, ``merge.py``)."""

from __future__ import annotations

import math
from typing import Any

from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.libraries.keras.shape_rules import format_shape, product, require_min_rank


def given(value: Any) -> bool:
    """A parameter argument: ``None`` means no such parameter; unknown means cannot know."""
    if value is UNKNOWN:
        raise CannotKnow("parameter argument")
    return value is not None


def _leading(args: Args, shape: tuple[Any, ...]) -> int:
    axes = args.num_leading_axes
    require_min_rank(shape, 1, "DenseLayer")
    if not -len(shape) <= axes < len(shape):
        raise ShapeError(
            f"DenseLayer: num_leading_axes={axes} leaves no trailing axes of "
            f"{format_shape(shape)} for the dot product",
            "KPL103",
        )
    return axes


def dense_shape(args: Args, call: Call) -> Any:
    """Every axis after the leading ones is flattened into the dot product."""
    shape = call.inputs
    return (*shape[: _leading(args, shape)], args.num_units)


def dense_weights(args: Args, call: Call) -> list[WeightRow]:
    shape = call.inputs
    trailing = shape[_leading(args, shape) :]
    if any(d is None for d in trailing):
        raise ShapeError(
            "DenseLayer needs a fixed input shape after the leading axes, "
            f"got {format_shape(shape)}",
            "KPL103",
        )
    rows = [("W", (product(trailing), args.num_units), True)]
    if given(args.b):
        rows.append(("b", (args.num_units,), True))
    return rows


def nin_shape(args: Args, call: Call) -> Any:
    shape = call.inputs
    require_min_rank(shape, 2, "NINLayer")
    return (shape[0], args.num_units, *shape[2:])


def nin_weights(args: Args, call: Call) -> list[WeightRow]:
    channels = call.inputs[1]
    if channels is None:
        raise ShapeError("NINLayer needs a known number of input channels", "KPL103")
    rows = [("W", (channels, args.num_units), True)]
    if given(args.b):
        bias = (args.num_units, *call.inputs[2:]) if args.untie_biases else (args.num_units,)
        rows.append(("b", bias, True))
    return rows


def embedding_shape(args: Args, call: Call) -> Any:
    require_min_rank(call.inputs, 1, "EmbeddingLayer")
    return (*call.inputs, args.output_size)


def embedding_weights(args: Args, call: Call) -> list[WeightRow]:
    return [("W", (args.input_size, args.output_size), True)]


def _reference(spec: Any, shape: tuple[Any, ...]) -> int:
    """A ``[i]`` entry of a reshape spec: the index of an input dim."""
    if len(spec) != 1 or not isinstance(spec[0], int) or spec[0] < 0:
        raise ShapeError(
            "`shape` input references must be single-element lists of int >= 0", "KPL304"
        )
    if spec[0] >= len(shape):
        raise ShapeError(
            f"specification contains [{spec[0]}], but input shape has {len(shape)} dimensions only",
            "KPL304",
        )
    return spec[0]


def reshape_shape(args: Args, call: Call) -> Any:
    """``ReshapeLayer.get_output_shape_for``: ``[i]`` copies input dim i; one -1 is inferred."""
    shape = call.inputs
    require_min_rank(shape, 1, "ReshapeLayer")
    spec = list(args.shape) if isinstance(args.shape, (tuple, list)) else UNKNOWN
    if spec is UNKNOWN or any(s is UNKNOWN for s in spec):
        raise CannotKnow("reshape spec")
    if sum(1 for s in spec if s == -1) > 1:
        raise ShapeError("`shape` cannot contain multiple -1", "KPL304")
    out = list(spec)
    masked_in, masked_out = list(shape), list(spec)
    for dim, item in enumerate(spec):
        if isinstance(item, list):
            index = _reference(item, shape)
            out[dim] = masked_out[dim] = shape[index]
            if shape[index] is None and masked_in[index] is None:
                masked_in[index] = masked_out[dim] = 1
        elif not isinstance(item, int) or isinstance(item, bool) or item == 0 or item < -1:
            raise ShapeError("`shape` integers must be positive or -1", "KPL304")
    in_size = _size(masked_in)
    out_size = _size(masked_out)
    if -1 in out:
        dim = out.index(-1)
        if in_size is None or out_size is None:
            out[dim] = out_size = None
        else:
            out[dim] = in_size // -out_size
            out_size = -out_size * out[dim]
    if in_size is not None and out_size is not None and in_size != out_size:
        raise ShapeError(
            f"{format_shape(shape)} cannot be reshaped to {tuple(spec)}: the total size mismatches",
            "KPL104",
        )
    return tuple(out)


def _size(dims: list[Any]) -> Any:
    return None if any(d is None for d in dims) else math.prod(dims)


def flatten_shape(args: Args, call: Call) -> Any:
    shape = call.inputs
    outdim = args.outdim
    require_min_rank(shape, 1, "FlattenLayer")
    if outdim < 1:
        raise ShapeError(f"FlattenLayer: outdim must be > 0, was {outdim}", "KPL304")
    return (*shape[: outdim - 1], product(shape[outdim - 1 :]))


def dimshuffle_shape(args: Args, call: Call) -> Any:
    shape = call.inputs
    require_min_rank(shape, 1, "DimshuffleLayer")
    out = []
    used = [False] * len(shape)
    for axis in args.pattern:
        if axis == "x":
            out.append(1)
            continue
        if not isinstance(axis, int) or not 0 <= axis < len(shape) or used[axis]:
            raise ShapeError(f"DimshuffleLayer: bad pattern {args.pattern!r} for {shape}", "KPL304")
        used[axis] = True
        out.append(shape[axis])
    for axis, (dim, kept) in enumerate(zip(shape, used, strict=True)):
        if not kept and dim != 1 and dim is not None:
            raise ShapeError(
                f"DimshuffleLayer: pattern drops dimension {axis} of size {dim}", "KPL104"
            )
    return tuple(out)


def _cropped(shapes: list[tuple[Any, ...]], cropping: Any) -> list[tuple[Any, ...]]:
    """``autocrop_array_shapes``: cropped axes take the smallest size of all inputs."""
    if cropping is None:
        return shapes
    rank = len(shapes[0])
    if any(len(s) != rank for s in shapes):
        raise ShapeError("cropping needs inputs of the same rank", "KPL101")
    modes = list(cropping) + [None] * (rank - len(cropping))
    columns = []
    for sizes, mode in zip(zip(*shapes, strict=True), modes, strict=False):
        if mode is None:
            columns.append(sizes)
        elif mode in ("lower", "center", "upper"):
            smallest = None if any(s is None for s in sizes) else min(sizes)
            columns.append((smallest,) * len(sizes))
        else:
            raise ShapeError(f"unknown crop mode {mode!r}", "KPL304")
    return [tuple(s) for s in zip(*columns, strict=True)]


def _merge_inputs(call: Call, layer: str) -> list[tuple[Any, ...]]:
    shapes = call.inputs
    if not isinstance(shapes, list) or not shapes:
        raise ShapeError(f"{layer} takes a list of incoming layers", "KPL101")
    if any(not isinstance(s, tuple) for s in shapes):
        raise CannotKnow("merge input")
    return shapes


def _first_known(shapes: list[tuple[Any, ...]]) -> list[Any]:
    return [next((s for s in sizes if s is not None), None) for sizes in zip(*shapes, strict=False)]


def _mismatch(layer: str, shapes: list[tuple[Any, ...]], what: str) -> ShapeError:
    listed = " vs ".join(format_shape(s) for s in shapes)
    return ShapeError(f"{layer}: input shapes must be the same{what}, {listed}", "KPL101")


def concat_shape(args: Args, call: Call) -> Any:
    shapes = _cropped(_merge_inputs(call, "ConcatLayer"), args.cropping)
    out = _first_known(shapes)
    axis = args.axis if args.axis >= 0 else len(out) + args.axis
    for shape in shapes:
        if len(shape) != len(out) or any(
            i != axis and a is not None and b is not None and a != b
            for i, (a, b) in enumerate(zip(shape, out, strict=True))
        ):
            raise _mismatch("ConcatLayer", shapes, " except in the concatenation axis")
    sizes = [shape[args.axis] for shape in shapes]
    out[args.axis] = None if any(s is None for s in sizes) else sum(sizes)
    return tuple(out)


def elemwise_shape(args: Args, call: Call) -> Any:
    shapes = _cropped(_merge_inputs(call, "ElemwiseSumLayer"), args.cropping)
    out = _first_known(shapes)
    for shape in shapes:
        if len(shape) != len(out) or any(
            a is not None and b is not None and a != b for a, b in zip(shape, out, strict=True)
        ):
            raise _mismatch("ElemwiseSumLayer", shapes, "")
    return tuple(out)
