"""Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot
(``keras/src/layers/merging/``)."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.keras.layer_spec import Args, Call, ShapeError
from kerasparam_lint.keras.shape_rules import format_shape
from kerasparam_lint.unknown import UNKNOWN, CannotKnow


def _input_list(call: Call, layer: str, exactly: int | None = None) -> list[tuple]:
    shapes = call.inputs
    if not isinstance(shapes, list) or len(shapes) < 2:
        raise ShapeError(f"{layer} must be called on a list of at least 2 inputs", "KPL101")
    if exactly is not None and len(shapes) != exactly:
        raise ShapeError(f"{layer} must be called on exactly {exactly} inputs", "KPL101")
    if any(shape is UNKNOWN for shape in shapes):
        raise CannotKnow("merge input")
    return shapes


def _broadcast_dim(a: Any, b: Any, shapes: list[tuple], layer: str) -> Any:
    if a is None or b is None:
        return None
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if a == 1:
        return b
    if b == 1:
        return a
    if a != b:
        listed = " vs ".join(format_shape(s) for s in shapes)
        raise ShapeError(f"{layer}: inputs have incompatible shapes, {listed}", "KPL101")
    return a


def elementwise_shape(layer: str, exactly: int | None = None) -> Any:
    """``_Merge.compute_output_shape``: batch-free dims broadcast pairwise."""

    def rule(args: Args, call: Call) -> Any:
        shapes = _input_list(call, layer, exactly)
        out: tuple = tuple(shapes[0][1:])
        for shape in shapes[1:]:
            other = tuple(shape[1:])
            if len(other) > len(out):
                out, other = other, out
            if not other:
                continue
            head = out[: len(out) - len(other)]
            tail = tuple(
                _broadcast_dim(a, b, shapes, layer)
                for a, b in zip(out[len(out) - len(other) :], other, strict=True)
            )
            out = head + tail
        batches = {s[0] for s in shapes if s[0] is not UNKNOWN}
        batch = None if len(batches) != 1 else batches.pop()
        return (batch, *out)

    return rule


def concatenate_shape(args: Args, call: Call) -> Any:
    shapes = _input_list(call, "Concatenate")
    rank = len(shapes[0])
    if any(len(shape) != rank for shape in shapes):
        listed = " vs ".join(format_shape(s) for s in shapes)
        raise ShapeError(f"concatenate: inputs have different ranks, {listed}", "KPL101")
    axis = args.axis % rank
    out = list(shapes[0])
    for shape in shapes[1:]:
        for i, dim in enumerate(shape):
            if i == axis:
                out[i] = None if out[i] is None or dim is None else out[i] + dim
            elif out[i] is None:
                out[i] = dim
            elif dim is not None and dim is not UNKNOWN and out[i] is not UNKNOWN and dim != out[i]:
                listed = " vs ".join(format_shape(s) for s in shapes)
                raise ShapeError(
                    f"concatenate: dimensions other than axis {args.axis} differ, {listed}",
                    "KPL101",
                )
    return tuple(out)
