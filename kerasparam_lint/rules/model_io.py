"""A model's single input and single output, and what produced the output."""

from __future__ import annotations

from kerasparam_lint.graph.data_calls import DataCall
from kerasparam_lint.graph.model import Layer, Model, Node, Tensor, flatten_tensors
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.libraries.keras.shape_rules import format_shape
from kerasparam_lint.rules.subjects import config_value

_RECURRENT = ("LSTM", "GRU", "SimpleRNN", "Bidirectional")
# Layers that hand their input's shape on unchanged.
_PASS_THROUGH = frozenset({"Activation", "Dropout", "Softmax", "ReLU", "LeakyReLU"})


def single_input_output(model: Model) -> tuple[Tensor, Tensor] | None:
    """The model's one input and one output, both of known shape, when it has exactly one."""
    if model.layers is UNKNOWN or not model.complete:
        return None
    inputs, outputs = flatten_tensors(model.inputs), flatten_tensors(model.outputs)
    if len(inputs) != 1 or len(outputs) != 1:
        return None
    if not all(_known(t) for t in (inputs[0], outputs[0])) or outputs[0].misread:
        return None  # a misread Keras 1 layer (KPL305) made shapes no one meant
    return inputs[0], outputs[0]


def producer(tensor: Tensor) -> tuple[Node | None, list[Node]]:
    """The node that made ``tensor`` looking through activations and dropout, and those."""
    node = tensor.node
    passed: list[Node] = []
    while node is not None and node.layer.class_name in _PASS_THROUGH and len(node.inputs) == 1:
        passed.append(node)
        node = node.inputs[0].node
    return node, passed


def _known(tensor: Tensor) -> bool:
    shape = tensor.shape
    return isinstance(shape, tuple) and all(d is None or isinstance(d, int) for d in shape)


def per_position_message(call: DataCall, single: str = "row") -> str | None:
    """Labels of one row per sample (one ``single`` when they hold one number per sample,
    ``(n,)`` or ``(n, 1)``) against a model that predicts per position, naming the layer
    that kept the positions; None unless the call's model does that (KPL112, KPL404)."""
    labels, ends = call.labels, single_input_output(call.model)
    if labels is None or ends is None or len(labels) > 2 or len(ends[1].shape) < 3:
        return None
    output = ends[1]
    cause = _kept_positions(output)
    if cause is None:
        return None
    return (
        f"{call.method}() labels of shape {format_shape(labels)} hold one "
        f"{single if labels[1:] in ((), (1,)) else 'row'} per sample, but the model "
        f"predicts per position, {format_shape(output.shape)}: {cause}"
    )


def _kept_positions(output: Tensor) -> str | None:
    """What fed the final Dense its positions, and the fix; None unless a Dense is last."""
    node, _ = producer(output)
    if node is None or node.layer.class_name != "Dense" or len(node.inputs) != 1:
        return None
    before = node.inputs[0].node
    if before is None or before.is_input:
        return None
    layer, where = before.layer, f"{before.layer.class_name} at line {before.line}"
    if layer.class_name in _RECURRENT and _returns_sequences(layer):
        return (
            f"{where} returns every step (return_sequences=True). "
            "Drop return_sequences=True, or pool or Flatten before the Dense."
        )
    shape = node.inputs[0].shape
    pooling = f"GlobalAveragePooling{len(shape) - 2}D" if isinstance(shape, tuple) else "pooling"
    return (
        f"{where} keeps the positions and the Dense is applied to each. "
        f"Pool ({pooling}) or Flatten before the Dense."
    )


def _returns_sequences(layer: Layer) -> bool:
    if layer.class_name == "Bidirectional":
        inner = config_value(layer, "layer")
        return isinstance(inner, Layer) and config_value(inner, "return_sequences") is True
    return config_value(layer, "return_sequences") is True
