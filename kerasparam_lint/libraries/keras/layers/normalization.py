"""Batch, Layer, Group and Unit normalization (``keras/src/layers/normalization/``)."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.libraries.keras.shape_rules import format_shape, require_min_rank


def _axes(axis: Any) -> list[int]:
    if axis is UNKNOWN:
        raise CannotKnow("axis")
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    if not all(isinstance(ax, int) for ax in axes):
        raise CannotKnow("axis")
    return axes


def _check_axes(axis: Any, shape: Any, layer: str) -> list[int]:
    """The ``compute_output_shape`` check all four layers share: every axis is in range."""
    require_min_rank(shape, 0, layer)
    axes = _axes(axis)
    for ax in axes:
        if not -len(shape) <= ax < len(shape):
            raise ShapeError(
                f"{layer}: axis {ax} is out of range for input {format_shape(shape)}", "KPL103"
            )
    return axes


def axis_checked_shape(layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        _check_axes(args.axis, call.inputs, layer)
        return call.inputs

    return rule


def _known(dim: Any, layer: str, shape: tuple) -> Any:
    if dim is None:
        raise ShapeError(
            f"{layer}: the normalized axis of {format_shape(shape)} must be known", "KPL103"
        )
    return dim


def batch_norm_weights(args: Args, call: Call) -> list[WeightRow]:
    (axis,) = _check_axes(args.axis, call.inputs, "BatchNormalization")
    dim = (_known(call.inputs[axis], "BatchNormalization", call.inputs),)
    rows: list[WeightRow] = []
    if args.scale:
        rows.append(("gamma", dim, True))
    if args.center:
        rows.append(("beta", dim, True))
    rows.append(("moving_mean", dim, False))
    rows.append(("moving_variance", dim, False))
    if args.renorm:
        rows.extend(
            (name, dim, False) for name in ("moving_stddev", "renorm_mean", "renorm_stddev")
        )
    return rows


def layer_norm_weights(args: Args, call: Call) -> list[WeightRow]:
    """gamma and beta shaped like the normalized axes, in sorted axis order;
    the deprecated ``rms_scaling=True`` keeps gamma and drops beta."""
    axes = _check_axes(args.axis, call.inputs, "LayerNormalization")
    if isinstance(args.axis, (list, tuple)):
        axes = sorted(axes)
    shape = tuple(_known(call.inputs[ax], "LayerNormalization", call.inputs) for ax in axes)
    rms_scaling = args.get("rms_scaling", False)
    rows: list[WeightRow] = []
    if args.scale or rms_scaling:
        rows.append(("gamma", shape, True))
    if args.center and not rms_scaling:
        rows.append(("beta", shape, True))
    return rows


def group_norm_weights(args: Args, call: Call) -> list[WeightRow]:
    """The channel count must be known and a multiple of ``groups`` (-1: one per channel)."""
    groups = args.groups
    if groups is UNKNOWN:
        raise CannotKnow("groups")
    if not isinstance(groups, int) or isinstance(groups, bool) or (groups <= 0 and groups != -1):
        raise ShapeError(f"`groups` must be a positive integer or -1, got {groups!r}", "KPL304")
    (axis,) = _check_axes(args.axis, call.inputs, "GroupNormalization")
    dim = _known(call.inputs[axis], "GroupNormalization", call.inputs)
    if groups == -1:
        groups = dim
    if dim < groups or dim % groups != 0:
        raise ShapeError(
            f"GroupNormalization: {dim} channels cannot be split into {groups} groups", "KPL103"
        )
    rows: list[WeightRow] = []
    if args.scale:
        rows.append(("gamma", (dim,), True))
    if args.center:
        rows.append(("beta", (dim,), True))
    return rows
