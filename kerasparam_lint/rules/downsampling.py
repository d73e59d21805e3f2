"""Where an odd size was rounded on the way down: the cause of U-Net-style size mismatches.

A pooling or strided layer whose input size along an axis is not a multiple of
its stride rounds (``valid`` floors, ``same`` rounds up). After upsampling, such
a branch no longer matches its skip connection. This module finds, among a
tensor's ancestors, the layers that rounded, and the total downsampling factor
the input size must be divisible by for nothing to round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kerasparam_lint.graph.model import Model, Node, Tensor, ancestor_nodes
from kerasparam_lint.rules.model_io import single_input_output
from kerasparam_lint.rules.subjects import as_dims, config_value, spatial_rank

_DOWNSAMPLING = re.compile(r"^(Max|Average)Pooling[123]D$|^(Separable|Depthwise)?Conv[123]D$")


@dataclass(frozen=True)
class Rounding:
    node: Node
    before: int
    after: int
    floored: bool

    def describe(self) -> str:
        verb = "floored" if self.floored else "rounded up"
        where = f"{self.node.layer.class_name} at line {self.node.line}"
        return f"{where} {verb} {self.before} -> {self.after}"


def _stride(node: Node, axis: int) -> tuple[int, str] | None:
    """(stride along spatial ``axis``, padding) of a downsampling call; None otherwise."""
    layer = node.layer
    if not _DOWNSAMPLING.match(layer.class_name):
        return None
    if config_value(layer, "data_format") not in (None, "channels_last"):
        return None
    rank = spatial_rank(layer)
    strides = config_value(layer, "strides")
    if strides is None and "Pooling" in layer.class_name:
        strides = config_value(layer, "pool_size")
    dims = as_dims(strides, rank)
    padding = config_value(layer, "padding")
    if dims is None or axis >= len(dims) or padding not in ("valid", "same"):
        return None
    return dims[axis], padding


def _spatial(tensor: Tensor, axis: int) -> Any:
    shape = tensor.shape
    if not isinstance(shape, tuple) or len(shape) < 3 or axis >= len(shape) - 2:
        return None
    dim = shape[1 + axis]
    return dim if isinstance(dim, int) and not isinstance(dim, bool) else None


def roundings(tensors: list[Tensor], axis: int) -> tuple[list[Rounding], int]:
    """The calls that rounded an odd size along ``axis``, and the deepest downsampling factor."""
    found: list[Rounding] = []
    factor: dict[int, int] = {}
    for node in ancestor_nodes(tensors):
        inherited = max((factor.get(id(p), 1) for p in node.parents), default=1)
        stride = _stride(node, axis)
        factor[id(node)] = inherited * (stride[0] if stride else 1)
        if stride is None or len(node.inputs) != 1 or not isinstance(node.outputs, Tensor):
            continue
        before, after = _spatial(node.inputs[0], axis), _spatial(node.outputs, axis)
        step, padding = stride
        if before is None or after is None or step <= 1:
            continue
        if padding == "same" and before % step:
            found.append(Rounding(node, before, after, floored=False))
        elif padding == "valid" and _valid_floor(node, axis, before, step):
            found.append(Rounding(node, before, after, floored=True))
    deepest = max((factor[id(t.node)] for t in tensors if t.node is not None), default=1)
    return found, deepest


def _valid_floor(node: Node, axis: int, before: int, step: int) -> bool:
    """A ``valid`` window drops trailing rows: ``(before - window) % step != 0``."""
    layer = node.layer
    key = "pool_size" if "Pooling" in layer.class_name else "kernel_size"
    window = as_dims(config_value(layer, key), spatial_rank(layer))
    return window is not None and axis < len(window) and (before - window[axis]) % step != 0


_UPSAMPLING = re.compile(r"^UpSampling[123]D$|^Conv[123]DTranspose$")


def _up_factor(node: Node, axis: int) -> int | None:
    layer = node.layer
    if not _UPSAMPLING.match(layer.class_name):
        return None
    key = "size" if layer.class_name.startswith("UpSampling") else "strides"
    dims = as_dims(config_value(layer, key), spatial_rank(layer))
    return dims[axis] if dims is not None and axis < len(dims) else None


def scale_factors(output: Tensor, axis: int) -> tuple[int, int] | None:
    """(downsampling, upsampling) factor along ``axis`` on the way to ``output``.

    None unless every layer on the way keeps the size, divides it by its stride
    (rounding either way) or multiplies it by its upsampling factor, so that the
    output would have the input's size had nothing been rounded.
    """
    factors: dict[int, tuple[int, int]] = {}
    for node in ancestor_nodes([output]):
        if node.is_input:
            factors[id(node)] = (1, 1)
            continue
        sizes = [_spatial(t, axis) for t in node.inputs]
        after = _spatial(node.outputs, axis) if isinstance(node.outputs, Tensor) else None
        if not sizes or after is None or any(size is None for size in sizes):
            return None
        parents = [factors.get(id(p), (1, 1)) for p in node.parents]
        down = max((f[0] for f in parents), default=1)
        up = max((f[1] for f in parents), default=1)
        if all(size == after for size in sizes):
            factors[id(node)] = (down, up)
            continue
        if len(sizes) != 1:
            return None
        before = sizes[0]
        stride = _stride(node, axis)
        grow = _up_factor(node, axis)
        if stride is not None and after in (before // stride[0], -(-before // stride[0])):
            factors[id(node)] = (down * stride[0], up)
        elif grow is not None and after == before * grow:
            factors[id(node)] = (down, up * grow)
        else:
            return None
    return factors.get(id(output.node)) if output.node is not None else None


def rounded_output(model: Model) -> tuple[Tensor, Tensor, list[Rounding], int] | None:
    """An encoder-decoder (it upsamples by as much as it downsamples) whose output size
    differs from its input's because a layer rounded: (input, output, the roundings,
    the factor the input size must be divisible by); None otherwise."""
    ends = single_input_output(model)
    if ends is None:
        return None
    source, output = ends
    rank = len(source.shape)
    if rank < 3 or len(output.shape) != rank:
        return None
    axes = [
        axis
        for axis in range(rank - 2)
        if isinstance(source.shape[1 + axis], int)
        and isinstance(output.shape[1 + axis], int)
        and source.shape[1 + axis] != output.shape[1 + axis]
    ]
    if not axes:
        return None
    scale = scale_factors(output, axes[0])
    if scale is None or scale[0] != scale[1]:
        return None
    found, factor = roundings([output], axes[0])
    if not found or factor <= 1:
        return None
    return source, output, found, factor


def valid_shrinks(output: Tensor, axis: int) -> list[str]:
    """The stride-1 ``valid`` windows on the way to ``output`` that trimmed the size along
    ``axis`` (``Conv2D at line 8 trimmed 14 -> 12``): what keeps an encoder-decoder from
    ending at its input's size when nothing rounded."""
    found = []
    for node in ancestor_nodes([output]):
        stride = _stride(node, axis)
        if stride is None or stride != (1, "valid") or len(node.inputs) != 1:
            continue
        before = _spatial(node.inputs[0], axis)
        after = _spatial(node.outputs, axis) if isinstance(node.outputs, Tensor) else None
        if before is not None and after is not None and after < before:
            where = f"{node.layer.class_name} at line {node.line}"
            found.append(f"{where} trimmed {before} -> {after} ('valid' padding)")
    return found
