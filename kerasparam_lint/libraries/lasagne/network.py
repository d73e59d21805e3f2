"""Lasagne networks as models: a network is named by its output layer(s).

In Lasagne, constructing a layer connects it, and the layer object stands for
its output. A network is every layer reachable from its outputs, in the order of
``lasagne.layers.get_all_layers`` (each layer after its incoming layers, depth
first). Lasagne's default layer name is ``None``; the summary uses the name the
file binds the layer to, else nolearn's default (``conv2d1``: the class name
without "layer", then the layer's index).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kerasparam_lint.graph.model import Layer, Model, Tensor


@dataclass(eq=False)
class LasagneLayer(Layer):
    """A Lasagne layer; ``named`` when the file gave it a ``name``."""

    named: bool = False
    KERNEL_LAYOUT: ClassVar[str] = "out_in_window"

    @property
    def output(self) -> Tensor:
        return self.inbound_nodes[0].outputs

    @property
    def incoming(self) -> list[Layer]:
        return [t.node.layer for t in self.inbound_nodes[0].inputs if t.node is not None]


def nolearn_name(class_name: str, index: int) -> str:
    """``NeuralNet._layer_name``: ``Conv2DLayer`` at index 1 is ``conv2d1``."""
    return f"{class_name.lower().replace('layer', '')}{index}"


def all_layers(outputs: list[LasagneLayer]) -> list[Layer]:
    """``lasagne.layers.get_all_layers``: depth first, incoming layers in their order."""
    queue: list[Layer] = list(outputs)
    seen: set[int] = set()
    done: set[int] = set()
    result: list[Layer] = []
    while queue:
        layer = queue[0]
        if id(layer) not in seen:
            seen.add(id(layer))
            if isinstance(layer, LasagneLayer):
                queue[:0] = layer.incoming
        else:
            queue.pop(0)
            if id(layer) not in done:
                done.add(id(layer))
                result.append(layer)
    return result


def network(
    class_name: str, name: str, outputs: list[LasagneLayer], names: Mapping[int, str]
) -> Model:
    """The model whose layers are everything ``outputs`` depend on; unnamed layers get names."""
    layers = all_layers(outputs)
    for index, layer in enumerate(layers):
        if not layer.name:
            layer.name = names.get(id(layer)) or nolearn_name(layer.class_name, index)
    last = outputs[-1]
    model = Model(class_name, name, last.line, last.col, weights=[])
    model.layers = layers
    model.inputs = [la.output for la in layers if isinstance(la, LasagneLayer) and not la.incoming]
    model.outputs = [out.output for out in outputs]
    mark_not_a_layer(model)
    return model


def mark_not_a_layer(model: Model) -> None:
    """A network (or nolearn net) is no layer call of its own: rules never take it for one."""
    model.is_layer = False  # type: ignore[attr-defined]


def binding_names(values: Mapping[str, Any]) -> dict[int, str]:
    """Each layer's first name in ``values`` (a module's globals, or a ``net`` dict)."""
    names: dict[int, str] = {}
    for key, value in values.items():
        if isinstance(value, LasagneLayer) and isinstance(key, str):
            names.setdefault(id(value), key)
    return names
