"""The layers a comment can talk about: the layer-creating calls on given source lines.

A *site* is one ``Conv2D(...)``-style call in the source; a loop or a function
called several times makes several layer objects at one site. A claim about a
site holds only if it holds for all of them, so a site whose layers disagree
(a parameterized block) is never checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kerasparam_lint.graph.model import Layer, Model, Tensor, flatten_tensors
from kerasparam_lint.graph.unknown import UNKNOWN

_RANK = re.compile(r"([123])D")


@dataclass(frozen=True)
class Site:
    line: int
    col: int
    layers: tuple[Layer, ...]

    @property
    def class_name(self) -> str:
        return self.layers[0].class_name

    def common(self, read: Any) -> Any:
        """``read(layer)`` when every layer of the site gives the same known value, else None."""
        values = [read(layer) for layer in self.layers]
        first = values[0]
        if first is None or first is UNKNOWN or any(v != first for v in values[1:]):
            return None
        return first


def all_layers(models: Iterable[Model]) -> list[Layer]:
    """Every layer the file's models hold (nested models and the models themselves)."""
    seen: dict[int, Layer] = {}
    stack: list[Layer] = list(models)
    while stack:
        layer = stack.pop()
        if id(layer) in seen:
            continue
        seen[id(layer)] = layer
        if isinstance(layer, Model) and isinstance(layer.layers, list):
            stack.extend(layer.layers)
    return list(seen.values())


def sites_by_line(models: Iterable[Model]) -> dict[int, list[Site]]:
    grouped: dict[tuple[int, int], list[Layer]] = {}
    for layer in all_layers(models):
        if layer.class_name != "InputLayer" and getattr(layer, "is_layer", True):
            grouped.setdefault((layer.line, layer.col), []).append(layer)
    by_line: dict[int, list[Site]] = {}
    for (line, col), layers in sorted(grouped.items()):
        by_line.setdefault(line, []).append(Site(line, col, tuple(layers)))
    return by_line


def called_sites(models: Iterable[Model], lines: range) -> list[Site]:
    """Layers made elsewhere and called on ``lines`` (``x = backbone(inputs)``), one site
    per layer, for a comment on a line that makes no layer."""
    called: dict[int, Site] = {}
    for layer in all_layers(models):
        for node in layer.inbound_nodes:
            if node.line in lines and layer.line not in lines and not node.is_input:
                called.setdefault(id(layer), Site(node.line, layer.col, (layer,)))
    return list(called.values())


def config_value(layer: Layer, key: str) -> Any:
    config = layer.config
    if not isinstance(config, dict) or key not in config:
        return None
    return config[key]


def spatial_rank(layer: Layer) -> int | None:
    match = _RANK.search(layer.class_name)
    return int(match.group(1)) if match else None


def as_dims(value: Any, rank: int | None) -> tuple[int, ...] | None:
    """An int or tuple argument (``kernel_size=3``) as one int per spatial axis."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (value,) * rank if rank else None
    if isinstance(value, (tuple, list)) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        return tuple(value)
    return None


def output_shape(layer: Layer) -> tuple[Any, ...] | None:
    """The single output shape of every call of ``layer`` (None if they differ or are unknown)."""
    shapes = set()
    for node in layer.inbound_nodes:
        if not isinstance(node.outputs, Tensor) or not isinstance(node.outputs.shape, tuple):
            return None
        if any(d is UNKNOWN for d in node.outputs.shape):
            return None
        shapes.add(node.outputs.shape)
    return shapes.pop() if len(shapes) == 1 else None


def final_sites(sites: list[Site]) -> list[Site]:
    """The sites whose outputs no other site among ``sites`` consumes (the statement's result)."""
    consumed: set[int] = set()
    for site in sites:
        for layer in site.layers:
            for node in layer.inbound_nodes:
                consumed.update(id(t) for t in node.inputs)
    return [
        site
        for site in sites
        if not any(
            id(t) in consumed
            for layer in site.layers
            for node in layer.inbound_nodes
            for t in flatten_tensors(node.outputs)
        )
    ]
