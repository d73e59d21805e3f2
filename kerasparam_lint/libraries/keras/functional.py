"""Functional models: ``keras.Model(inputs, outputs)`` and calls of a model on tensors
or arrays."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.evaluator.library import Problem
from kerasparam_lint.evaluator.values import CallSite
from kerasparam_lint.graph.model import (
    GraphError,
    Layer,
    Model,
    Tensor,
    flatten_tensors,
    ordered_layers,
)
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.libraries.keras import data_fit
from kerasparam_lint.libraries.keras.removed_api import MODEL_KEYWORDS
from kerasparam_lint.libraries.keras.structures import (
    known_layer,
    map_tensors,
    only_tensors,
    same_shape,
)


class FunctionalModels:
    """``keras.Model(inputs, outputs)``: the graph between them, and calling a model."""

    def make_functional(self, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        inputs = args[0] if args else kwargs.get("inputs", kwargs.get("input", UNKNOWN))
        outputs = args[1] if len(args) > 1 else kwargs.get("outputs", kwargs.get("output", UNKNOWN))
        self._removed_keywords("KPL302", "Model()", MODEL_KEYWORDS, kwargs, site)
        name = kwargs.get("name") if len(args) < 3 else args[2]
        model = self._new_model("Functional", name, kwargs.get("trainable", True), site)
        model.inputs, model.outputs = inputs, outputs
        self._wire_functional(model, inputs, outputs)
        return model

    def _new_model(self, class_name: str, name: Any, trainable: Any, site: CallSite) -> Model:
        """A Sequential or Functional as ``Layer.__init__`` makes it: named (a default name
        takes the class's counter) and with its ``trainable`` flag set before any layer is
        tracked, so the flag alone changes."""
        model = Model(
            class_name,
            name if isinstance(name, str) else self.shared.names.auto_name(class_name),
            site.line,
            site.col,
            weights=[],
        )
        if isinstance(trainable, bool):
            model.trainable = trainable
        elif trainable is not None:
            self._taint(model)
        self.shared.models.append(model)
        return model

    def _wire_functional(self, model: Model, inputs: Any, outputs: Any) -> None:
        if not (only_tensors(inputs) and only_tensors(outputs)):
            model.layers, model.complete = UNKNOWN, False
            return
        flat_outputs = flatten_tensors(outputs)
        try:
            layers = ordered_layers(flatten_tensors(inputs), flat_outputs)
        except GraphError as error:
            line = model.line
            self.shared.problems.append(Problem("KPL106", str(error), line, model.col))
            model.layers, model.complete = UNKNOWN, False
            return
        model.layers = [layer for layer in layers if getattr(layer, "is_layer", True)]
        model.complete = all(known_layer(layer) for layer in layers)
        if model.complete and _masks_may_reorder(model.layers):
            self.evaluation.note(f"{model.name}: Keras' mask ops may reorder model.layers")
            model.complete = False

    def call_model(
        self, model: Model, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        inputs = args[0] if args else kwargs.get("inputs", UNKNOWN)
        if isinstance(inputs, ArrayValue):
            return self._call_model_eagerly(model, inputs, site)
        if not only_tensors(inputs):
            return UNKNOWN
        if model.class_name == "Sequential" and model.inputs is None:
            self._sequential_build_on_call(model, inputs, site)
        given = flatten_tensors(inputs)
        outputs = _outputs_for(model, given)
        self._record_call(model, given, outputs, site)
        return outputs

    def _call_model_eagerly(self, model: Model, array: ArrayValue, site: CallSite) -> Any:
        """``model(x)`` on a NumPy array runs the model on it: an unbuilt Sequential is
        built for the whole array (batch axis included, as its summary then shows), and
        the result is an array of the output's shape. Keras records no node for it."""
        shape = data_fit.call_shape(array)
        if shape is None:
            return UNKNOWN
        if model.class_name == "Sequential" and model.inputs is None:
            self._sequential_build_on_call(model, Tensor(shape), site)
        outputs = _outputs_for(model, [Tensor(shape)])
        if isinstance(outputs, Tensor) and isinstance(outputs.shape, tuple):
            return ArrayValue(outputs.shape)
        return UNKNOWN


def _outputs_for(model: Model, given: list[Tensor]) -> Any:
    """What calling ``model`` on ``given`` gives: its outputs with the caller's batch,
    or an unknown tensor when the inputs do not fit the model."""
    model_inputs = flatten_tensors(model.inputs)
    same = len(given) == len(model_inputs) and all(
        same_shape(a.shape, b.shape) for a, b in zip(given, model_inputs, strict=True)
    )
    if not (same and only_tensors(model.outputs)):
        return Tensor(UNKNOWN)
    batch = _call_batch(given, model_inputs)
    misread = any(t.misread for t in (*given, *flatten_tensors(model.outputs)))
    return map_tensors(
        model.outputs, lambda t: Tensor(_with_batch(t.shape, batch), misread=misread)
    )


def _call_batch(given: list[Tensor], model_inputs: list[Tensor]) -> Any:
    """The batch size a call gives a model built for any batch (None when it does not)."""
    if any(t.shape[0] is not None for t in model_inputs):
        return None
    batches = {t.shape[0] for t in given}
    return batches.pop() if len(batches) == 1 else None


def _with_batch(shape: Any, batch: Any) -> Any:
    """Keras carries the batch dim through every layer: an output built with batch None
    gets the caller's batch."""
    if batch is None or not isinstance(shape, tuple) or not shape or shape[0] is not None:
        return shape
    return (batch, *shape[1:])


def _masks_may_reorder(layers: list[Layer]) -> bool:
    """Keras threads masks (``Embedding(mask_zero=True)``, ``Masking``) through ops of
    their own, which change the traversal that orders a branching model's layers; the
    analyzer does not model those ops, so such an order is not known."""
    masked = any(
        layer.class_name == "Masking"
        or (isinstance(layer.config, dict) and layer.config.get("mask_zero", False) is not False)
        for layer in layers
    )
    if not masked:
        return False
    consumers: dict[int, int] = {}
    for layer in layers:
        for node in layer.inbound_nodes:
            if len(node.inputs) > 1:
                return True
            for tensor in node.inputs:
                consumers[id(tensor)] = consumers.get(id(tensor), 0) + 1
    return any(count > 1 for count in consumers.values())
