"""KPL401: a final Dense applied per position where one prediction per input looks meant."""

from __future__ import annotations

from collections.abc import Iterator

from kerasparam_lint.graph.model import Layer, Model
from kerasparam_lint.graph.unknown import contains_unknown
from kerasparam_lint.libraries.keras.shape_rules import format_shape
from kerasparam_lint.lint.finding import Finding, Severity
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid
from kerasparam_lint.rules.model_io import producer, single_input_output
from kerasparam_lint.rules.subjects import config_value

_CLASSIFYING = ("softmax", "sigmoid")


class DenseKeepsPositions(Rule):
    """
    ## What it does
    Flags a classifier (its output is a softmax or sigmoid) whose output comes from a
    `Dense` applied to a tensor of rank 3 or more, when the model's input has the same
    rank and the output's spatial or time axes differ from the input's: an image or
    sequence classifier missing its `Flatten` or global pooling.

    ## Why is this bad?
    Keras applies `Dense` to the last axis only, so the model predicts once per
    position, `(None, 26, 26, 10)` instead of `(None, 10)`. It builds, and fails
    only later, against labels of the wrong shape. A model whose output keeps the
    input's positions (segmentation, sequence tagging) is not flagged.

    ## Example
    ```python
    x = layers.Conv2D(32, 3)(inputs)
    outputs = layers.Dense(10, activation="softmax")(x)
    ```

    ## Use instead
    ```python
    x = layers.Conv2D(32, 3)(inputs)
    outputs = layers.Dense(10, activation="softmax")(layers.Flatten()(x))
    ```
    """

    CODE = "KPL401"
    MESSAGE = "final Dense keeps spatial or time axes"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Flatten()(layers.Conv2D(32, 3)(inputs))
            model = keras.Model(inputs, layers.Dense(10, activation="softmax")(x))
            """
        ),
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 3))
            x = layers.Conv2D(16, 3, padding="same")(inputs)
            model = keras.Model(inputs, layers.Dense(4, activation="softmax")(x))
            """
        ),
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((448, 448, 3))
            x = layers.Conv2D(16, 64, strides=64)(inputs)
            model = keras.Model(inputs, layers.Dense(30)(x))
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            model = keras.Sequential(
                [
                    keras.Input((28, 28, 1)),
                    layers.Conv2D(32, 3),
                    layers.Dense(10),  # <--
                    layers.Activation("softmax"),
                ]
            )
            """,
            message="the model's output (None, 26, 26, 10) comes from Dense applied to "
            "(None, 26, 26, 32): one prediction per position, not per input (None, 28, 28, 1). "
            "Add Flatten or global pooling before the Dense if one prediction is meant.",
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for model in context.analysis.models:
            ends = single_input_output(model)
            if ends is None or _labels_rejected(model, context):
                continue
            source, output = ends
            node, passed = producer(output)
            if node is None or node.layer.class_name != "Dense" or len(node.inputs) != 1:
                continue
            if not any(_classifies(n.layer) for n in (node, *passed)):
                continue
            before = node.inputs[0].shape
            shapes = (source.shape, output.shape, before)
            if not all(isinstance(s, tuple) for s in shapes) or contains_unknown(shapes):
                continue
            rank = len(source.shape)
            if rank < 3 or len(output.shape) != rank or output.shape[1:-1] == source.shape[1:-1]:
                continue
            dense = node.layer  # the line to change: where the Dense is made or added
            yield self.finding(
                dense.line,
                dense.col,
                f"the model's output {format_shape(output.shape)} comes from Dense applied to "
                f"{format_shape(before)}: one prediction per position, not per input "
                f"{format_shape(source.shape)}. "
                "Add Flatten or global pooling before the Dense if one prediction is meant.",
            )


def _classifies(layer: Layer) -> bool:
    """A softmax or sigmoid: ``Dense(..., activation="softmax")``, ``Activation``, ``Softmax``."""
    activation = config_value(layer, "activation")
    return layer.class_name == "Softmax" or (
        isinstance(activation, str) and activation in _CLASSIFYING
    )


def _labels_rejected(model: Model, context: Context) -> bool:
    """Keras rejects the labels given to this model (KPL112, which names the Dense at
    fault): the same missing Flatten, reported once, where Keras raises."""
    rejected = {(p.line, p.col) for p in context.analysis.problems if p.code == "KPL112"}
    return any(
        call.model is model and (call.line, call.col) in rejected
        for call in context.analysis.data_calls
    )
