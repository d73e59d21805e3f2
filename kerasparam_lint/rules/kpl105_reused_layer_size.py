"""KPL105: a layer object called again on an input of another size than it was built for."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kerasparam_lint.graph.model import Layer, Node
from kerasparam_lint.libraries.keras.shape_rules import format_shape
from kerasparam_lint.lint.finding import Finding
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid
from kerasparam_lint.rules.subjects import all_layers, config_value

# Layers whose ``build`` pins the input's feature axis in their ``input_spec``.
_PINNED = re.compile(r"^Dense$|^(Separable|Depthwise)?Conv[123]D(Transpose)?$")


class ReusedLayerSize(Rule):
    """
    ## What it does
    Flags a call of an already-built `Dense` or convolution layer on an input whose
    feature (channel) axis differs from the one its weights were built for.

    ## Why is this bad?
    A layer object owns one set of weights, made for the size of its first input.
    Keras raises on the second call (`Input 0 of layer "dense" is incompatible`).
    Sharing a layer between branches needs branches of the same width.

    ## Example
    ```python
    shared = layers.Dense(8)
    a = shared(wide)    # (None, 64): kernel (64, 8)
    b = shared(narrow)  # (None, 32)
    ```

    ## Use instead
    Use two layers, or project both branches to the same width first.
    """

    CODE = "KPL105"
    MESSAGE = "reused layer called on an input of another size"
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            left = keras.Input((64,))
            right = keras.Input((64,))
            shared = layers.Dense(8)
            model = keras.Model([left, right], [shared(left), shared(right)])
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            wide = keras.Input((64,))
            narrow = keras.Input((32,))
            shared = layers.Dense(8)
            a = shared(wide)
            b = shared(narrow)  # <--
            model = keras.Model([wide, narrow], [a, b])
            """,
            message="Dense was built for inputs with 64 features (line 7) "
            "and is called on (None, 32); use a separate layer or match the sizes",
        ),
        Invalid(
            """
            import keras
            from keras import layers

            rgb = keras.Input((32, 32, 3))
            gray = keras.Input((32, 32, 1))
            conv = layers.Conv2D(8, 3)
            model = keras.Model([rgb, gray], [conv(rgb), conv(gray)])  # <--
            """
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        lines = context.analysis.source.splitlines()
        for layer in all_layers(context.analysis.models):
            if _PINNED.match(layer.class_name) and len(layer.inbound_nodes) > 1:
                clash = _first_clash(layer)
                if clash is not None:
                    node, built = clash
                    text = lines[node.line - 1] if node.line <= len(lines) else ""
                    yield self.finding(
                        node.line,
                        len(text) - len(text.lstrip()),
                        f"{layer.class_name} was built for inputs with {built} features "
                        f"(line {layer.inbound_nodes[0].line}) and is called on "
                        f"{format_shape(node.inputs[0].shape)}; "
                        "use a separate layer or match the sizes",
                    )


def _first_clash(layer: Layer) -> tuple[Node, int] | None:
    """The first call whose feature axis differs from the first call's, and that size."""
    axis = 1 if config_value(layer, "data_format") == "channels_first" else -1
    sizes = []
    for node in layer.inbound_nodes:
        if len(node.inputs) != 1 or not isinstance(node.inputs[0].shape, tuple):
            return None
        shape = node.inputs[0].shape
        size = shape[axis] if len(shape) > abs(axis) else None
        if not isinstance(size, int) or isinstance(size, bool):
            return None
        sizes.append((node, size))
    built = sizes[0][1]
    for node, size in sizes[1:]:
        if size != built:
            return node, built
    return None
