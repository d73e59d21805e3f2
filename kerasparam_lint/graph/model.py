"""The model graph: layers, the calls that connect them, and the tensors they make.

This is the evaluator's output and everything downstream's input (rules,
reports). It mirrors the few Keras structures that decide what
``model.summary()`` prints: a layer's weights (made once, on its first call),
its inbound nodes (one per call), and a model's operation order
(``keras/src/ops/function.py``'s ``map_graph``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, ClassVar

from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow

Shape = tuple[Any, ...]


@dataclass(eq=False)
class Weight:
    """One variable: its shape and whether the optimizer trains it.

    As in Keras, ``trainable`` is the variable's own, changing flag: it starts as
    made, is cleared when a frozen layer tracks the variable, and follows later
    assignments of ``layer.trainable`` only if the variable was made trainable."""

    name: str
    shape: Shape
    created_trainable: bool
    trainable: bool = field(init=False)

    def __post_init__(self) -> None:
        self.trainable = self.created_trainable

    @property
    def size(self) -> Any:
        try:
            return math.prod(self.shape)
        except (CannotKnow, TypeError):
            return UNKNOWN


@dataclass(eq=False)
class Tensor:
    """A symbolic tensor: its shape (dims are int, None or UNKNOWN) and producer.

    ``size_names`` names the axes of an input whose size the source writes as a name it
    does not define (``Input((time_steps, 100))``): the summary prints the name.
    """

    shape: Any
    node: Node | None = None
    index: int = 0
    # Made after a layer Keras 3 reads otherwise than its Keras 1 author meant (KPL305):
    # its shape is not the one intended, so a fault after it is that layer's.
    misread: bool = False
    size_names: dict[int, str] = field(default_factory=dict)


@dataclass(eq=False)
class Node:
    """One call of a layer: which tensors went in, which came out, and where."""

    layer: Layer
    inputs: list[Tensor]
    outputs: Any
    line: int
    is_input: bool = False

    @property
    def flat_outputs(self) -> list[Tensor]:
        return flatten_tensors(self.outputs)

    @property
    def parents(self) -> list[Node]:
        return [t.node for t in self.inputs if t.node is not None]


@dataclass(eq=False)
class Layer:
    """A layer object as Keras holds it after the module ran."""

    class_name: str
    name: str
    line: int
    col: int = 0
    config: dict[str, Any] = field(default_factory=dict)
    # The layer's own flag (Keras' ``_trainable``); assign it with ``set_trainable``.
    trainable: bool = True
    # None until built; UNKNOWN when built from a shape the analyzer does not know.
    weights: list[Weight] | Any = None
    # Variables made before the layer is built (``add_weight`` in ``__init__``).
    early_weights: list[Weight] = field(default_factory=list)
    # The flag of the layers Keras makes in this one's constructor (ConvLSTM's cell):
    # assigning ``trainable`` reaches them, the constructor's ``trainable=`` does not.
    inner_trainable: bool = True
    inbound_nodes: list[Node] = field(default_factory=list)
    sublayers: list[Layer] = field(default_factory=list)
    # For an instance of a Layer subclass the analyzed file defines: the evaluator's state.
    user_state: Any = None
    # Keras 3 reads its positional arguments otherwise than Keras 1 did (KPL305).
    misread: bool = False

    # How the first weight lays out a convolution kernel: Keras' (*window, in, out);
    # other frameworks' layer classes override it (Lasagne: (out, in, *window)).
    KERNEL_LAYOUT: ClassVar[str] = "window_in_out"

    def kernel_window(self) -> tuple[Any, ...] | None:
        """The spatial window of a convolution's kernel (``(3, 3)``); None for other layers."""
        weights = self.weights
        if not isinstance(weights, list) or not weights:
            return None
        if not isinstance(self.config, dict) or "kernel_size" not in self.config:
            return None
        shape = weights[0].shape
        if len(shape) < 3:
            return None
        return tuple(shape[:-2] if self.KERNEL_LAYOUT == "window_in_out" else shape[2:])

    @property
    def built(self) -> bool:
        return self.weights is not None

    def all_weights(self) -> list[Weight] | Any:
        """Own weights then those of sublayers, de-duplicated as Keras' ``weights``."""
        if self.weights is UNKNOWN:
            return UNKNOWN
        seen: dict[int, Weight] = {}
        for weight in self.weights or []:
            seen.setdefault(id(weight), weight)
        for sub in self.sublayers:
            sub_weights = sub.all_weights()
            if sub_weights is UNKNOWN:
                return UNKNOWN
            for weight in sub_weights:
                seen.setdefault(id(weight), weight)
        return list(seen.values())

    def children(self) -> list[Layer]:
        """The layers Keras tracks in this one (its ``_layers``)."""
        return self.sublayers

    @staticmethod
    def track(weights: list[Weight] | Any, owner_trainable: bool) -> list[Weight] | Any:
        """Keras' ``_track_variable``: variables made while the layer making them is
        frozen are not trainable."""
        if isinstance(weights, list) and not owner_trainable:
            for weight in weights:
                weight.trainable = False
        return weights

    def add_weight(self, name: str, shape: Shape, trainable: bool) -> Weight:
        """``add_weight``: a variable of this layer, kept aside until the layer is built."""
        weight = self.track([Weight(name, shape, trainable)], self.trainable)[0]
        if self.weights is None:
            self.early_weights.append(weight)
        elif isinstance(self.weights, list):
            self.weights.append(weight)
        return weight

    def set_trainable(self, value: bool) -> None:
        """Keras' ``trainable`` setter: the flag, the layer's variables made trainable,
        then every tracked layer, recursively."""
        self.trainable = self.inner_trainable = value
        own = self.early_weights + (self.weights if isinstance(self.weights, list) else [])
        for weight in own:
            if weight.created_trainable:
                weight.trainable = value
        for child in self.children():
            child.set_trainable(value)

    def trainable_weights(self) -> list[Weight] | Any:
        """Keras' ``trainable_weights``: none when the layer is frozen, else every
        weight (sublayers' too) whose own flag is set."""
        if not self.trainable:
            return []
        everything = self.all_weights()
        if everything is UNKNOWN:
            return UNKNOWN
        return [w for w in everything if w.trainable]

    def counts(self) -> tuple[Any, Any, Any]:
        """(params, trainable, non-trainable), each an int, or None when unbuilt."""
        everything = self.all_weights()
        if everything is UNKNOWN:
            return UNKNOWN, UNKNOWN, UNKNOWN
        if not self.built:
            return None, None, None
        trainable = self.trainable_weights()
        total = _size(everything)
        if trainable is UNKNOWN:
            return total, UNKNOWN, UNKNOWN
        trained = _size(trainable)
        return total, trained, total - trained

    @property
    def output_shape(self) -> Any:
        """What ``model.summary()`` prints: the outputs of the layer's last call."""
        if not self.inbound_nodes:
            return None
        outputs = self.inbound_nodes[-1].outputs
        flat = flatten_tensors(outputs)
        if len(flat) == 1:
            return flat[0].shape
        return _map_structure(lambda t: t.shape, outputs)


@dataclass(eq=False)
class Model(Layer):
    """A Sequential or Functional model; as a layer, its weights are its layers'."""

    inputs: Any = None
    outputs: Any = None
    layers: list[Layer] | Any = field(default_factory=list)
    complete: bool = True
    entry: str = "module"
    # The command-line reading that builds it (``args.model == 'cnn'``), when the
    # script's ``__main__`` block builds another model for another reading.
    condition: str | None = None
    # Why the analysis left it unfinished, when a limit did (``analysis stopped: ...``).
    stopped: str | None = None

    def all_weights(self) -> list[Weight] | Any:
        if self.layers is UNKNOWN:
            return UNKNOWN
        self.sublayers = list(self.layers)
        return super().all_weights()

    def children(self) -> list[Layer]:
        return list(self.layers) if isinstance(self.layers, list) else []

    @property
    def built(self) -> bool:
        return True


def _size(weights: list[Weight]) -> Any:
    total: Any = 0
    for weight in weights:
        total = total + weight.size
    return total


def flatten_tensors(structure: Any) -> list[Tensor]:
    if isinstance(structure, Tensor):
        return [structure]
    if isinstance(structure, (list, tuple)):
        return [t for item in structure for t in flatten_tensors(item)]
    if isinstance(structure, dict):
        return [t for item in structure.values() for t in flatten_tensors(item)]
    return []


def _map_structure(fn: Any, structure: Any) -> Any:
    if isinstance(structure, (list, tuple)):
        return [_map_structure(fn, item) for item in structure]
    if isinstance(structure, dict):
        return [_map_structure(fn, item) for item in structure.values()]
    return fn(structure)


def ancestor_nodes(tensors: list[Tensor]) -> list[Node]:
    """Every node the tensors depend on, parents before children."""
    ordered: list[Node] = []
    done: set[int] = set()
    stack: list[tuple[Node, bool]] = [(t.node, False) for t in tensors if t.node is not None]
    while stack:
        node, expanded = stack.pop()
        if id(node) in done:
            continue
        if expanded:
            done.add(id(node))
            ordered.append(node)
            continue
        stack.append((node, True))
        stack.extend((parent, False) for parent in node.parents if id(parent) not in done)
    return ordered


class GraphError(Exception):
    """The graph cannot be built: Keras would raise (e.g. disconnected outputs)."""


def ordered_layers(inputs: list[Tensor], outputs: list[Tensor]) -> list[Layer]:
    """A functional model's ``layers``, in Keras' order (``map_graph``)."""
    finished: set[int] = set()
    in_progress: set[int] = set()
    nodes_in_decreasing_depth: list[Node] = []
    operation_indices: dict[int, int] = {}
    input_ids = {id(t) for t in inputs}

    def enter(tensor: Tensor) -> Node | None:
        """Start visiting ``tensor``'s node; the node when its inputs must be visited."""
        node = tensor.node
        if node is None or id(node) in finished:
            return None
        if not node.is_input and id(tensor) in input_ids:
            finished.add(id(node))
            return None
        if id(node) in in_progress:
            raise GraphError(f"tensor from layer '{node.layer.name}' is part of a cycle")
        operation_indices.setdefault(id(node.layer), len(operation_indices))
        in_progress.add(id(node))
        return node

    # Depth-first as Keras' recursive helper, with an explicit stack: deep models
    # (thousands of chained layers) must not hit Python's recursion limit.
    for output in outputs:
        start = enter(output)
        stack = [] if start is None else [(start, iter(() if start.is_input else start.inputs))]
        while stack:
            node, pending = stack[-1]
            parent = next(pending, None)
            if parent is not None:
                child = enter(parent)
                if child is not None:
                    stack.append((child, iter(() if child.is_input else child.inputs)))
                continue
            stack.pop()
            finished.add(id(node))
            in_progress.discard(id(node))
            nodes_in_decreasing_depth.append(node)

    in_graph = {id(n) for n in nodes_in_decreasing_depth}
    node_depths: dict[int, int] = {}
    layer_depths: dict[int, int] = {}
    layers_by_id: dict[int, Layer] = {}
    for node in reversed(nodes_in_decreasing_depth):
        depth = node_depths.setdefault(id(node), 0)
        depth = max(depth, layer_depths.get(id(node.layer), 0))
        layer_depths[id(node.layer)] = depth
        layers_by_id[id(node.layer)] = node.layer
        node_depths[id(node)] = depth
        for parent in node.parents:
            if id(parent) in in_graph:
                node_depths[id(parent)] = max(depth + 1, node_depths.get(id(parent), 0))

    for tensor in inputs:
        node = tensor.node
        if node is not None and id(node.layer) not in layer_depths and node.is_input:
            layer_depths[id(node.layer)] = 0
            operation_indices[id(node.layer)] = -1
            layers_by_id[id(node.layer)] = node.layer

    _check_connected(inputs, nodes_in_decreasing_depth, node_depths)

    by_depth: defaultdict[int, list[Layer]] = defaultdict(list)
    for layer_id, depth in layer_depths.items():
        by_depth[depth].append(layers_by_id[layer_id])
    ordered: list[Layer] = []
    for depth in sorted(by_depth, reverse=True):
        ordered.extend(sorted(by_depth[depth], key=lambda la: operation_indices[id(la)]))
    return ordered


def _check_connected(inputs: list[Tensor], nodes: list[Node], node_depths: dict[int, int]) -> None:
    computable = {id(t) for t in inputs}
    by_depth: defaultdict[int, list[Node]] = defaultdict(list)
    for node in nodes:
        by_depth[node_depths[id(node)]].append(node)
    for depth in sorted(by_depth, reverse=True):
        for node in by_depth[depth]:
            for tensor in node.inputs:
                if id(tensor) not in computable:
                    raise GraphError(
                        f"graph disconnected: layer '{node.layer.name}' needs a tensor "
                        "that the model's inputs do not produce"
                    )
            for tensor in node.flat_outputs:
                computable.add(id(tensor))
