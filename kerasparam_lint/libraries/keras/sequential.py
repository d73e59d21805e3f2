"""``keras.Sequential``: its layer list, ``add``, and the build that wires it."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.evaluator.values import CallSite
from kerasparam_lint.graph.model import Layer, Model, Tensor
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.libraries.keras.signatures import SIGNATURES
from kerasparam_lint.libraries.keras.structures import known_layer


class SequentialModels:
    """``keras.Sequential``: layers added one by one, wired once an input shape is known."""

    def make_sequential(self, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        layers = args[0] if args else kwargs.get("layers")
        name = kwargs.get("name") if len(args) < 3 else args[2]
        trainable = kwargs.get("trainable", True) if len(args) < 2 else args[1]
        model = self._new_model("Sequential", name, trainable, site)
        model.sequence = []  # type: ignore[attr-defined]
        model.add_sites = {}  # type: ignore[attr-defined]  # id(layer) -> its `add` call
        model.layers = []
        if layers is not None:
            items = self.evaluation.sequence(layers)
            if items is UNKNOWN:
                model.layers, model.complete = UNKNOWN, False
                return model
            for layer in items:
                self._sequential_add(model, layer, site)
            self._sequential_rebuild(model, site)
        return model

    def _sequential_add(self, model: Model, layer: Any, site: CallSite) -> None:
        sequence: list[Any] = model.sequence  # type: ignore[attr-defined]
        if not sequence and isinstance(layer, Layer) and not isinstance(layer, Model):
            shape_arg = _input_shape_arg(layer)
            if shape_arg is not None:
                if isinstance(shape_arg, (tuple, list)):
                    sequence.append(self._input_layer({"shape": tuple(shape_arg)}, site))
                elif shape_arg is UNKNOWN:
                    sequence.append(UNKNOWN)
                else:
                    self.shared.problem(
                        "KPL301",
                        f"input_shape must be a tuple, got {shape_arg!r}; write ({shape_arg},)",
                        CallSite(layer.line, layer.col),
                    )
                    sequence.append(UNKNOWN)
        if isinstance(layer, Tensor) and layer.node is not None and layer.node.is_input:
            layer = layer.node.layer
        if not isinstance(layer, Layer):
            sequence.append(UNKNOWN)
            return
        sequence.append(layer)

    def _sequential_rebuild(self, model: Model, site: CallSite) -> None:
        sequence: list[Any] = model.sequence  # type: ignore[attr-defined]
        if len(sequence) > 1 and not _is_input_layer(sequence[0]):
            # Keras' _maybe_rebuild: a built model placed first gives its input shape
            # (a GAN's Sequential of generator and discriminator).
            shape = _built_input_shape(sequence[0])
            if shape is not None:
                sequence.insert(0, self._input_layer({"batch_shape": shape}, site))
        listed = sequence[1:] if sequence and _is_input_layer(sequence[0]) else list(sequence)
        if any(item is UNKNOWN for item in sequence):
            model.layers, model.complete = UNKNOWN, False
            return
        model.layers = listed
        if not sequence or not _is_input_layer(sequence[0]) or len(sequence) < 2:
            model.complete = bool(sequence) and _is_input_layer(sequence[0])
            return
        x: Any = sequence[0].inbound_nodes[0].outputs
        inputs = x
        added: dict[int, CallSite] = model.add_sites  # type: ignore[attr-defined]
        for layer in sequence[1:]:
            # Each layer is called where it was added (or made): a fault is reported once,
            # on the line to change, however often the model is rebuilt.
            own = added.get(id(layer), CallSite(layer.line, layer.col))
            x = self.call_layer(layer, [x], {}, own)
            if not isinstance(x, Tensor):
                break
        self.shared.names.auto_name("Functional")
        model.inputs, model.outputs = inputs, x
        model.complete = isinstance(x, Tensor) and all(known_layer(la, True) for la in listed)

    def _sequential_build_on_call(self, model: Model, inputs: Any, site: CallSite) -> None:
        """A Sequential with no input shape builds on its first call (``Sequential.build``):
        an InputLayer for the call's shape goes first, then the layers are wired."""
        sequence: list[Any] = model.sequence  # type: ignore[attr-defined]
        if not isinstance(inputs, Tensor) or not sequence or _is_input_layer(sequence[0]):
            return
        if not isinstance(inputs.shape, tuple):
            model.layers, model.complete = UNKNOWN, False
            return
        sequence.insert(0, self._input_layer({"batch_shape": inputs.shape}, site))
        self._sequential_rebuild(model, site)


def _built_input_shape(value: Any) -> tuple[Any, ...] | None:
    """The ``input_shape`` Keras reads off a model with one known input (None for a
    layer, an unbuilt Sequential, or several inputs, which Keras does not build from)."""
    if not isinstance(value, Model):
        return None
    inputs = value.inputs
    if isinstance(inputs, list) and len(inputs) == 1:
        inputs = inputs[0]
    if isinstance(inputs, Tensor) and isinstance(inputs.shape, tuple):
        return inputs.shape
    return None


def _is_input_layer(value: Any) -> bool:
    return isinstance(value, Layer) and value.class_name == "InputLayer"


def _input_shape_arg(layer: Layer) -> Any:
    """``input_shape=``/``input_dim=`` taken by ``Layer.__init__`` (not a layer's own
    parameter of that name, like Embedding's vocabulary size ``input_dim``)."""
    config = layer.config
    if not isinstance(config, dict):
        return None
    own = {param[0] for param in SIGNATURES.get(layer.class_name, ())}
    if "input_dim" not in own and config.get("input_dim") is not None:
        return (config["input_dim"],)
    return None if "input_shape" in own else config.get("input_shape")
