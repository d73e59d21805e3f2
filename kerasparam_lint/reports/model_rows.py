"""The per-layer facts every report prints, computed once from the model graph.

Costs per sample (activations, MACs) follow the convention of
:mod:`~kerasparam_lint.reports.cost`; statistics scale them to a batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kerasparam_lint.graph.model import Layer, Model, Node, flatten_tensors
from kerasparam_lint.graph.unknown import UNKNOWN, contains_unknown
from kerasparam_lint.reports import cost
from kerasparam_lint.reports.explain import explain_layer
from kerasparam_lint.sizes.model_sizes import model_sizes


@dataclass(frozen=True)
class LayerRow:
    name: str
    class_name: str
    line: int
    output_shape: Any  # list of dims, list of such lists, or None when unknown
    params: int | None
    trainable: int | None
    non_trainable: int | None
    connected_to: list[str]
    is_input: bool = False
    activations: int | None = None  # output elements per sample
    macs: int | None = None  # per sample; 0 when the layer has no kernel
    kernel_window: tuple[int, ...] | None = None
    trainable_status: str | None = None  # "yes", "no", "partial"; None without params
    # Keras' show_trainable: the layer's own ``trainable`` flag, None when it has no weights.
    layer_trainable: bool | None = None
    explanation: tuple[str, ...] = ()
    # The output shape with open sizes as formulas of the input (``H/16``), if any.
    formula_shape: Any = None


@dataclass(frozen=True)
class ModelRows:
    name: str
    class_name: str
    entry: str
    line: int
    complete: bool
    branching: bool
    stopped: str | None
    layers: list[LayerRow]
    total: int | None
    trainable: int | None
    non_trainable: int | None
    input_elements: int | None = None  # per sample, all model inputs
    # What open input sizes must satisfy for the merges to agree (``H must be ...``).
    input_needs: tuple[str, ...] = ()
    # The command-line reading the script builds it for (``args.model == 'cnn'``).
    condition: str | None = None

    @property
    def entry_name(self) -> str:
        """The entry with its reading, as reports name it: ``__main__ [args.model == 'cnn']``."""
        return f"{self.entry} [{self.condition}]" if self.condition else self.entry


def _count(value: Any) -> int | None:
    return None if value is UNKNOWN or value is None else int(value)


def _shape(value: Any) -> Any:
    if value is None or contains_unknown(value):
        return None
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return list(value)


def _connections(layer: Layer, in_model: set[int]) -> list[str]:
    names = []
    for node in layer.inbound_nodes:
        if id(node) not in in_model:
            continue
        for tensor in node.inputs:
            parent = tensor.node
            if parent is None:
                continue
            node_index = parent.layer.inbound_nodes.index(parent)
            names.append(f"{parent.layer.name}[{node_index}][{tensor.index}]")
    return names


def model_nodes(model: Model) -> list[Node]:
    nodes: list[Node] = []
    seen: set[int] = set()
    stack = flatten_tensors(model.outputs)
    while stack:
        node = stack.pop().node
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        nodes.append(node)
        stack.extend(node.inputs)
    return nodes


def _trainable_status(params: int | None, trainable: int | None) -> str | None:
    if not params or trainable is None:
        return None
    return "yes" if trainable == params else "no" if trainable == 0 else "partial"


def _input_elements(model: Model) -> int | None:
    """Elements of one sample of every model input (the input size)."""
    tensors = flatten_tensors(model.inputs)
    nodes = [t.node for t in tensors if t.node is not None]
    return cost.activations(nodes) if tensors and len(nodes) == len(tensors) else None


def _sum(values: list[int | None]) -> int | None:
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def _costs(layer: Layer, calls: list[Node]) -> tuple[int | None, int | None]:
    """(activations, MACs) of these calls; a nested model costs what its own layers cost."""
    if not calls:
        return None, None
    if not isinstance(layer, Model):
        return cost.activations(calls), cost.macs(layer, calls)
    if cost.activations(calls) is None:  # called on shapes other than its own inputs
        return None, None
    inner = [row for row in model_rows(layer).layers if not row.is_input]
    activations, macs = _sum([r.activations for r in inner]), _sum([r.macs for r in inner])
    return (
        None if activations is None else activations * len(calls),
        None if macs is None else macs * len(calls),
    )


def model_rows(model: Model, explain: bool = False) -> ModelRows:
    """The model's table rows; ``explain`` adds each layer's arithmetic (``--explain``,
    hovers), which reruns every layer's shape rule and so is made only when asked."""
    layers: list[Layer] = [] if model.layers is UNKNOWN else list(model.layers)
    # A Sequential model re-calls its layers on every ``add``: its nodes are the last chain.
    all_nodes = model_nodes(model)
    all_ids = {id(n) for n in all_nodes}
    nodes = all_nodes if model.class_name == "Functional" else []
    node_ids = {id(n) for n in nodes}
    consumers: dict[int, int] = {}
    for node in nodes:
        for tensor in node.inputs:
            consumers[id(tensor)] = consumers.get(id(tensor), 0) + 1
    branching = model.class_name == "Functional" and (
        any(len(node.inputs) > 1 for node in nodes) or any(c > 1 for c in consumers.values())
    )
    sizes = model_sizes(model)
    rows = []
    for layer in layers:
        params, trainable, frozen = layer.counts()
        calls = [n for n in layer.inbound_nodes if id(n) in all_ids]
        activations, macs = _costs(layer, calls)
        rows.append(
            LayerRow(
                name=layer.name,
                class_name=layer.class_name,
                line=layer.line,
                output_shape=_shape(layer.output_shape),
                params=_count(params),
                trainable=_count(trainable),
                non_trainable=_count(frozen),
                connected_to=_connections(layer, node_ids),
                is_input=layer.class_name == "InputLayer",
                activations=activations,
                macs=macs,
                kernel_window=cost.kernel_window(layer),
                trainable_status=_trainable_status(_count(params), _count(trainable)),
                layer_trainable=layer.trainable if _count(params) else None,
                explanation=(
                    tuple(explain_layer(layer)) + tuple(sizes.merge_lines(layer) if sizes else ())
                    if explain
                    else ()
                ),
                formula_shape=sizes.shape(layer) if sizes else None,
            )
        )
    total, trainable, frozen = model.counts()
    # A layer never called in the model's graph (those of a subclassed model) has no
    # output shape in Keras either.
    complete = (
        model.complete
        and model.layers is not UNKNOWN
        and all(
            r.params is not None and (r.output_shape is not None or not layer.inbound_nodes)
            for layer, r in zip(layers, rows, strict=True)
        )
    )
    return ModelRows(
        name=model.name,
        class_name=model.class_name,
        entry=model.entry,
        line=model.line,
        complete=complete and _count(total) is not None,
        branching=branching,
        stopped=model.stopped,
        layers=rows,
        total=_count(total),
        trainable=_count(trainable),
        non_trainable=_count(frozen),
        input_elements=_input_elements(model),
        input_needs=tuple(str(need) for need in sizes.needs) if sizes else (),
        condition=model.condition,
    )
