"""Nested structures of tensors (a tensor, lists/tuples/dicts of them) and their shapes."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.model import Layer, Model, Tensor
from kerasparam_lint.graph.unknown import UNKNOWN


def only_tensors(structure: Any) -> bool:
    if isinstance(structure, Tensor):
        return True
    if isinstance(structure, (list, tuple)):
        return bool(structure) and all(only_tensors(item) for item in structure)
    if isinstance(structure, dict):
        return bool(structure) and all(only_tensors(item) for item in structure.values())
    return False


def structure_shapes(structure: Any) -> Any:
    if isinstance(structure, Tensor):
        return structure.shape
    if isinstance(structure, (list, tuple)):
        return [structure_shapes(item) for item in structure]
    if isinstance(structure, dict):
        return [structure_shapes(item) for item in structure.values()]
    return structure


def map_tensors(structure: Any, fn: Any) -> Any:
    if isinstance(structure, Tensor):
        return fn(structure)
    if isinstance(structure, (list, tuple)):
        return [map_tensors(item, fn) for item in structure]
    if isinstance(structure, dict):
        return {k: map_tensors(v, fn) for k, v in structure.items()}
    return structure


def same_shape(a: Any, b: Any) -> bool:
    if not (isinstance(a, tuple) and isinstance(b, tuple)) or len(a) != len(b):
        return False
    return all(
        x is y or (x is not UNKNOWN and y is not UNKNOWN and x == y)
        for x, y in zip(a[1:], b[1:], strict=True)
    )


def is_size(value: Any) -> bool:
    """A positive int, as a dimension written out must be."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def is_dim(value: Any) -> bool:
    return (
        value is None
        or value is UNKNOWN
        or (isinstance(value, int) and not isinstance(value, bool))
    )


def known_layer(layer: Layer, latest_call_only: bool = False) -> bool:
    """Its weights and the outputs of its calls are known (of its last call only, for a
    Sequential rebuild, whose earlier calls belong to earlier builds)."""
    if isinstance(layer, Model):
        return layer.complete
    if not getattr(layer, "is_layer", True):
        return True
    nodes = layer.inbound_nodes[-1:] if latest_call_only else layer.inbound_nodes
    return layer.weights is not UNKNOWN and all(
        isinstance(node.outputs, Tensor)
        and node.outputs.shape is not UNKNOWN
        or isinstance(node.outputs, list)
        for node in nodes
    )
