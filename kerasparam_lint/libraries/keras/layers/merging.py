"""Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot
(``keras/src/layers/merging/``)."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError
from kerasparam_lint.libraries.keras.shape_rules import certain_shape
from kerasparam_lint.libraries.keras.shape_steps import report


def _listed(shapes: list[tuple]) -> str:
    """The inputs of a merge that fails whatever their unknown dims are (known ranks,
    batch sizes or dims differ): every message here is made only then."""
    return " vs ".join(certain_shape(s) for s in shapes)


def _input_list(call: Call, layer: str, exactly: int | None = None) -> list[tuple]:
    """A merge layer takes a list of at least one tensor (Dot and Subtract exactly two)."""
    shapes = call.inputs
    if not isinstance(shapes, list) or not shapes:
        raise ShapeError(f"{layer} must be called on a list of inputs", "KPL101")
    if exactly is not None and len(shapes) != exactly:
        raise ShapeError(
            f"{layer} must be called on exactly {exactly} inputs, got {len(shapes)}", "KPL101"
        )
    if any(shape is UNKNOWN for shape in shapes):
        raise CannotKnow("merge input")
    if any(not isinstance(shape, tuple) for shape in shapes):
        raise ShapeError(f"{layer} must be called on a flat list of tensors", "KPL101")
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
        raise ShapeError(f"{layer}: inputs have incompatible shapes, {_listed(shapes)}", "KPL101")
    return a


def _broadcast(first: tuple, second: tuple, shapes: list[tuple], layer: str) -> tuple:
    """``Merge._compute_elemwise_op_output_shape``: align on the right, 1 stretches."""
    if len(first) < len(second):
        first, second = second, first
    if not second:
        return first
    head = first[: len(first) - len(second)]
    tail = first[len(first) - len(second) :]
    return head + tuple(
        _broadcast_dim(a, b, shapes, layer) for a, b in zip(tail, second, strict=True)
    )


def elementwise_shape(layer: str, exactly: int | None = None) -> Any:
    """``Merge.build`` and ``compute_output_shape``: one batch size; other dims broadcast."""

    def rule(args: Args, call: Call) -> Any:
        shapes = _input_list(call, layer, exactly)
        batches = {s[0] for s in shapes if s} - {None}
        if UNKNOWN in batches:
            raise CannotKnow("batch size")
        if len(batches) > 1:
            raise ShapeError(f"{layer}: inputs have different batch sizes, {_listed(shapes)}")
        out: tuple = tuple(shapes[0][1:])
        for shape in shapes[1:]:
            out = _broadcast(out, tuple(shape[1:]), shapes, layer)
        batch = batches.pop() if batches else None
        return (batch, *out)

    return rule


def _axis_index(shape: tuple, axis: Any) -> int:
    if not isinstance(axis, int):
        raise CannotKnow("axis")
    if not -len(shape) <= axis < len(shape):
        raise ShapeError(f"axis {axis} is out of range for {certain_shape(shape)}", "KPL304")
    return axis


def concatenate_shape(args: Args, call: Call) -> Any:
    """``Concatenate.build`` (equal ranks; known dims off the axis agree, batch included)
    then ``compute_output_shape`` (the first input's dims, the axis summed or None)."""
    shapes = _input_list(call, "Concatenate")
    axis = args.axis
    reduced = []
    for shape in shapes:
        dims = list(shape)
        if not isinstance(axis, int):
            raise CannotKnow("axis")
        if len(dims) > axis:
            del dims[_axis_index(shape, axis)]
        reduced.append(dims)
    if len({len(dims) for dims in reduced}) != 1:
        raise ShapeError(f"concatenate: inputs have different ranks, {_listed(shapes)}", "KPL101")
    for column in zip(*reduced, strict=True):
        if len({d for d in column if isinstance(d, int)}) > 1:
            raise ShapeError(
                f"concatenate: dimensions other than axis {axis} differ, {_listed(shapes)}",
                "KPL101",
            )
    out = list(shapes[0])
    index = _axis_index(shapes[0], axis)
    parts = [shape[_axis_index(shape, axis)] for shape in shapes]
    out[index] = None if None in parts else sum(parts)
    report(
        lambda: f"concatenate, axis {axis}: {' + '.join(str(p) for p in parts)}",
        out[index],
        tuple(parts),
        per_dim=False,
    )
    return tuple(out)


def _dot_axes(axes: Any, shape1: tuple, shape2: tuple) -> tuple[int, int]:
    if axes is UNKNOWN:
        raise CannotKnow("axes")
    if isinstance(axes, int) and not isinstance(axes, bool):
        if axes < 0:
            return axes % len(shape1), axes % len(shape2)
        return axes, axes
    if not isinstance(axes, (list, tuple)):
        raise ShapeError(f"Dot `axes` must be an int or a pair of ints, got {axes!r}", "KPL304")
    if len(axes) != 2 or not all(isinstance(a, int) for a in axes):
        raise ShapeError(f"Dot `axes` must be an int or a pair of ints, got {axes!r}", "KPL304")
    return axes[0], axes[1]


def dot_shape(args: Args, call: Call) -> Any:
    """``Dot.build`` (the two axes' dims are equal, None only matching None) and
    ``compute_output_shape`` (both shapes without their axis, the second without batch)."""
    shape1, shape2 = _input_list(call, "Dot", exactly=2)
    axis1, axis2 = _dot_axes(args.axes, shape1, shape2)
    first, second = list(shape1), list(shape2)
    dim1, dim2 = first[_axis_index(shape1, axis1)], second[_axis_index(shape2, axis2)]
    if dim1 is UNKNOWN or dim2 is UNKNOWN:
        raise CannotKnow("dot axis")
    if dim1 != dim2:
        raise ShapeError(
            f"dot: axis {axis1} of {certain_shape(shape1)} and axis {axis2} of "
            f"{certain_shape(shape2)} differ",
            "KPL101",
        )
    first.pop(axis1)
    second.pop(axis2)
    second.pop(0)
    out = first + second
    if len(out) == 1:
        out.append(1)
    return tuple(out)
