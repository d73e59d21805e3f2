"""What one forward pass of one sample costs, per layer call: activations and MACs.

One convention, stated here and in the README:

* **Activations** are the elements of every tensor a layer outputs (the batch
  dimension excluded), each layer counted once per call, identity layers such as
  Dropout included; an input layer's output is the input itself. A nested model
  counts the outputs of its own layers (and their MACs).
* **MACs** (multiply-accumulates) count the products of a layer's kernels (its
  weights of rank >= 2) with its input: a kernel slides over every output position
  (Dense, convolutions, depthwise and separable convolutions) or, for transposed
  convolutions, every input position. Bias additions, activations, pooling,
  normalization (folded into the previous layer at inference), merges and
  reshapes cost no MACs. **FLOPs = 2 x MACs.**

A value the analyzer cannot know (a ``None`` spatial dim, an unknown layer) is
``None``: it is never guessed.
"""

from __future__ import annotations

import math
from typing import Any

from kerasparam_lint.graph.model import Layer, Model, Node, Tensor
from kerasparam_lint.graph.unknown import UNKNOWN

KERNEL_AT_OUTPUT = frozenset(
    {
        "Dense",
        "Conv1D",
        "Conv2D",
        "Conv3D",
        "DepthwiseConv1D",
        "DepthwiseConv2D",
        "SeparableConv1D",
        "SeparableConv2D",
    }
)
KERNEL_AT_INPUT = frozenset({"Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"})
NO_MACS = frozenset(
    {
        "BatchNormalization",
        "LayerNormalization",
        "GroupNormalization",
        "UnitNormalization",
        "Embedding",
    }
)


def _elements(shape: Any) -> int | None:
    """Elements of one sample of a (batch, ...) shape; None unless every dim is known."""
    if not isinstance(shape, tuple) or not all(
        isinstance(d, int) and not isinstance(d, bool) for d in shape[1:]
    ):
        return None
    return math.prod(shape[1:])


def activations(nodes: list[Node]) -> int | None:
    """Output elements of these calls, summed."""
    total = 0
    for node in nodes:
        for tensor in node.flat_outputs:
            count = _elements(tensor.shape)
            if count is None:
                return None
            total += count
    return total


def _positions(tensor: Tensor, layer: Layer) -> int | None:
    """Positions a kernel visits in one sample: the elements over the channel count."""
    count = _elements(tensor.shape)
    if count is None:
        return None
    channels_first = isinstance(layer.config, dict) and (
        layer.config.get("data_format") == "channels_first"
    )
    channels = tensor.shape[1 if channels_first else -1]
    return count // channels if channels else None


def macs(layer: Layer, nodes: list[Node]) -> int | None:
    """Multiply-accumulates of these calls of ``layer``, per sample."""
    weights = layer.all_weights()
    if weights is UNKNOWN or weights is None or isinstance(layer, Model):
        return None
    if not weights or layer.class_name in NO_MACS:
        return 0
    at_output = layer.class_name in KERNEL_AT_OUTPUT
    if not at_output and layer.class_name not in KERNEL_AT_INPUT:
        return None
    kernels = sum(w.size for w in weights if len(w.shape) >= 2)
    if not isinstance(kernels, int):
        return None
    total = 0
    for node in nodes:
        tensors = node.flat_outputs if at_output else node.inputs
        if len(tensors) != 1:
            return None
        positions = _positions(tensors[0], layer)
        if positions is None:
            return None
        total += positions * kernels
    return total


def kernel_window(layer: Layer) -> tuple[int, ...] | None:
    """The spatial window of a layer's kernel (``(3, 3)``); None when it has none."""
    if isinstance(layer, Model):
        return None
    return layer.kernel_window()
