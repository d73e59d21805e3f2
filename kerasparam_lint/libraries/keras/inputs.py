"""``keras.Input`` and ``keras.layers.InputLayer``."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.evaluator.values import (
    CallSite,
)
from kerasparam_lint.graph.model import (
    Layer,
    Node,
    Tensor,
)
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.libraries.keras.structures import (
    is_dim,
)


class Inputs:
    """``keras.Input`` and ``InputLayer``: where a model's tensors start."""

    def make_input(self, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        names = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name")
        bound = dict(zip(names, args, strict=False))
        bound.update(kwargs)
        layer = self._input_layer(bound, site)
        return layer.inbound_nodes[0].outputs

    def make_input_layer(self, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        names = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape")
        bound = dict(zip(names, args, strict=False))
        bound.update(kwargs)
        return self._input_layer(bound, site)

    def _input_layer(self, bound: dict[str, Any], site: CallSite, name: Any = None) -> Layer:
        shape = bound.get("shape")
        batch_shape = bound.get("batch_shape")
        if "input_shape" in bound and shape is None:
            shape = bound["input_shape"]
        full: Any
        if batch_shape is not None:
            full = tuple(batch_shape) if isinstance(batch_shape, (tuple, list)) else UNKNOWN
        elif isinstance(shape, (tuple, list)):
            full = (bound.get("batch_size"), *shape)
        else:
            if shape is not None and shape is not UNKNOWN:
                self.shared.problem(
                    "KPL301",
                    f"Input shape must be a tuple, got {shape!r}; write shape=({shape},)",
                    site,
                )
            full = UNKNOWN
        given = bound.get("name", name)
        layer_name = given if isinstance(given, str) else self.shared.names.auto_name("InputLayer")
        layer = Layer("InputLayer", layer_name, site.line, site.col, weights=[])
        output = Tensor(
            full if not isinstance(full, tuple) or all(is_dim(d) for d in full) else UNKNOWN
        )
        node = Node(layer, [], output, site.line, is_input=True)
        output.node = node
        layer.inbound_nodes.append(node)
        return layer
