"""KPL101: merge layers called on shapes Keras rejects."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.model import Node
from kerasparam_lint.libraries.keras.catalogue import MERGE_FUNCTIONS
from kerasparam_lint.libraries.keras.shape_rules import format_shape
from kerasparam_lint.rules.base import (
    Context,
    Invalid,
    ProblemRule,
    Valid,
    without_repeated_subject,
)
from kerasparam_lint.rules.downsampling import roundings
from kerasparam_lint.rules.kpl107_attention_inputs import about_attention
from kerasparam_lint.rules.subjects import all_layers
from kerasparam_lint.sizes.replay import replay_input_sizes
from kerasparam_lint.sizes.requirement import Requirement, combined, requirement

_MERGE_LAYERS = frozenset(MERGE_FUNCTIONS.values())


class MergeShapes(ProblemRule):
    """
    ## What it does
    Flags a merge layer (`Concatenate`/`concatenate`, `Add`, `Subtract`, `Multiply`,
    `Average`, `Maximum`, `Minimum`, `Dot`) whose inputs have shapes Keras rejects.

    ## Why is this bad?
    Keras raises while building the model. In encoder-decoder networks (U-Net) the
    usual cause is a pooling or strided layer that floored an odd size on the way
    down, so the upsampled tensor is one pixel smaller than its skip connection.

    ## Example
    ```python
    inputs = keras.Input((100, 100, 1))
    x = layers.Conv2D(8, 3, padding="same")(inputs)
    down = layers.MaxPooling2D(2)(layers.MaxPooling2D(2)(layers.MaxPooling2D(2)(x)))
    up = layers.UpSampling2D(8)(down)
    merged = layers.concatenate([x, up])
    ```

    ## Use instead
    Make the input size divisible by the total downsampling factor (here 8), or crop
    the skip connection to the upsampled size. The message names the sizes that work
    (`divisible by 8 (96 or 104)`): they come from replaying the model with the input
    size as a variable, so they are exact, and when no input size can work (a `valid`
    strided convolution that always drops a row) the message says so.
    """

    CODE = "KPL101"
    MESSAGE = "merge layer inputs have incompatible shapes"
    FIX = "make the shapes agree on every axis but the merge axis"
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((96, 96, 1))
            x = layers.Conv2D(8, 3, padding="same")(inputs)
            down = layers.MaxPooling2D(2)(layers.MaxPooling2D(2)(layers.MaxPooling2D(2)(x)))
            up = layers.UpSampling2D(8)(down)
            merged = layers.concatenate([x, up])
            model = keras.Model(inputs, merged)
            """
        ),
        Valid(
            """
            import keras
            from keras import layers

            a = keras.Input((16,))
            b = keras.Input((1,))
            model = keras.Model([a, b], layers.Add()([a, b]))
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            a = keras.Input((16,))
            b = keras.Input((8,))
            total = layers.Add()([a, b])  # <--
            model = keras.Model([a, b], total)
            """
        ),
        Invalid(
            """
            import os

            import keras
            from keras import layers

            steps = int(os.environ.get("STEPS", "50"))
            audio = keras.Input((steps, 64))
            text = keras.Input((steps, 32))
            total = layers.Add()([audio, text])  # <--
            model = keras.Model([audio, text], total)
            """,
            message="Add: inputs have incompatible shapes, (None, unknown, 64) vs "
            "(None, unknown, 32); make the shapes agree on every axis but the merge axis",
        ),
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((100, 100, 1))
            x = layers.Conv2D(8, 3, padding="same")(inputs)
            down = layers.MaxPooling2D(2)(layers.MaxPooling2D(2)(layers.MaxPooling2D(2)(x)))
            up = layers.UpSampling2D(8)(down)
            merged = layers.concatenate([x, up])  # <--
            model = keras.Model(inputs, merged)
            """,
            message="concatenate: spatial sizes differ, (None, 100, 100, 8) vs (None, 96, 96, 8); "
            "MaxPooling2D at line 6 floored 25 -> 12. "
            "Make the input size divisible by 8 (96 or 104) or crop the skip connection.",
        ),
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((50, 50, 3))
            skip = layers.Conv2D(8, 3, strides=2, padding="same")(inputs)
            down = layers.Conv2D(8, 3, strides=2, padding="same")(skip)
            merged = layers.Add()([skip, layers.UpSampling2D(2)(down)])  # <--
            model = keras.Model(inputs, merged)
            """,
            message="Add: spatial sizes differ, (None, 25, 25, 8) vs (None, 26, 26, 8); "
            "Conv2D at line 6 rounded up 25 -> 13. "
            "Make the input size divisible by 4 (48 or 52) or crop the skip connection.",
        ),
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((50, 50, 3))
            down = layers.Conv2D(8, 3, strides=2)(inputs)
            merged = layers.concatenate([inputs, layers.UpSampling2D(2)(down)])  # <--
            model = keras.Model(inputs, merged)
            """,
            message="concatenate: spatial sizes differ, (None, 50, 50, 3) vs (None, 48, 48, 8); "
            "Conv2D at line 5 floored 50 -> 24. "
            "No input size makes them agree: crop or pad the skip connection.",
        ),
    )

    def reports(self, problem: Any) -> bool:
        return problem.code == self.CODE and not about_attention(problem)

    def describe(self, problem: Any, context: Context) -> str:
        """Names the pooling or stride that rounded an odd size, when that is the cause."""
        plain = super().describe(problem, context)
        node = _merge_node(problem, context)
        if node is None:
            return plain
        shapes = [t.shape for t in node.inputs]
        axis = _differing_spatial_axis(shapes)
        if axis is None:
            return plain
        found, _ = roundings(node.inputs, axis)
        advice = _input_size_advice(node, axis)
        if not found or advice is None:
            return plain
        subject = without_repeated_subject(problem.message).partition(": ")[0]
        listed = " vs ".join(format_shape(shape) for shape in shapes)
        causes = ", ".join(rounding.describe() for rounding in found)
        return f"{subject}: spatial sizes differ, {listed}; {causes}. {advice}"


def _input_size_advice(node: Node, axis: int) -> str | None:
    """``Make the input size divisible by 8 (96 or 104) or crop the skip connection.``

    Worked out by replaying the model with the input's size as a variable: the
    merge's sizes agree exactly for the sizes named, not for a guessed factor.
    """
    replay = replay_input_sizes(node.inputs, axis)
    shapes = [replay.shape(t) for t in node.inputs]
    if not all(isinstance(shape, tuple) for shape in shapes):
        return None
    first, *others = [shape[1 + axis] for shape in shapes]
    found = [requirement(first, other) for other in others]
    needs = [need for need in found if need is not None and not need.always]
    if len(needs) != len(found) or not needs or len({n.variable for n in needs}) != 1:
        return None
    need = combined(needs)
    if not need.residues:
        return "No input size makes them agree: crop or pad the skip connection."
    tensor, index = replay.variables[need.variable]
    divisor = need.divisor()
    if divisor is not None:
        need = Requirement(need.variable, divisor, (0,))
        condition = f"divisible by {divisor}"
    else:
        listed = " or ".join(str(r) for r in need.residues)
        condition = f"{listed} more than a multiple of {need.modulus}"
    nearest = " or ".join(str(n) for n in need.nearest(tensor.shape[index]))
    return f"Make the input size {condition} ({nearest}) or crop the skip connection."


def _merge_node(problem: Any, context: Context) -> Node | None:
    nodes = [
        node
        for layer in all_layers(context.analysis.models)
        if layer.class_name in _MERGE_LAYERS
        for node in layer.inbound_nodes
        if node.line == problem.line
    ]
    return nodes[0] if len(nodes) == 1 else None


def _differing_spatial_axis(shapes: list[Any]) -> int | None:
    """The first spatial axis (channels last) along which known input sizes differ."""
    if len(shapes) < 2 or not all(isinstance(s, tuple) for s in shapes):
        return None
    ranks = {len(s) for s in shapes}
    if len(ranks) != 1 or ranks.pop() < 3:
        return None
    for axis in range(len(shapes[0]) - 2):
        sizes = {s[1 + axis] for s in shapes}
        if len(sizes) > 1 and all(isinstance(d, int) for d in sizes):
            return axis
    return None
