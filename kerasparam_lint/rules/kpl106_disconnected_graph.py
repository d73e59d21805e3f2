"""KPL106: a model whose outputs are not computed from its inputs."""

from __future__ import annotations

from collections.abc import Iterator

from kerasparam_lint.graph.model import Layer, Model, Tensor, flatten_tensors
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.lint.finding import Finding
from kerasparam_lint.rules.base import Context, Invalid, ProblemRule, Valid


class DisconnectedGraph(ProblemRule):
    """
    ## What it does
    Flags a functional `Model(inputs, outputs)` whose outputs depend on a tensor that
    its inputs do not produce (another `Input`, or a branch of another model).

    ## Why is this bad?
    Keras raises `ValueError: ... graph disconnected` when the model is created.

    ## Example
    ```python
    a = keras.Input((8,))
    b = keras.Input((8,))
    model = keras.Model(a, layers.Add()([a, b]))
    ```

    ## Use instead
    ```python
    model = keras.Model([a, b], layers.Add()([a, b]))
    ```
    """

    CODE = "KPL106"
    MESSAGE = "model outputs are not connected to its inputs"
    FIX = "pass every Input the outputs depend on in `inputs`"
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            a = keras.Input((8,))
            b = keras.Input((8,))
            model = keras.Model([a, b], layers.Add()([a, b]))
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            a = keras.Input((8,))
            b = keras.Input((8,))
            model = keras.Model(a, layers.Add()([a, b]))  # <--
            """
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        reported = set()
        for finding in super().check(context):
            reported.add((finding.line, finding.col))
            yield finding
        for model in context.analysis.models:
            if (model.line, model.col) in reported or model.class_name != "Functional":
                continue
            stray = _stray_input(model)
            if stray is not None:
                yield self.finding(
                    model.line,
                    model.col,
                    f"graph disconnected: the outputs need Input '{stray.name}' "
                    f"(line {stray.line}), which is not among the model's inputs; "
                    "pass it in `inputs`",
                )


def _stray_input(model: Model) -> Layer | None:
    """An ``Input`` the outputs depend on that the model's inputs do not include.

    Keras seeds only the model's inputs when it runs through the graph
    (``Function._run_through_graph``), so such an output is never computed.
    """
    if model.layers is UNKNOWN:
        return None
    seeds = {id(t) for t in flatten_tensors(model.inputs)}
    stack: list[Tensor] = list(flatten_tensors(model.outputs))
    seen: set[int] = set()
    while stack:
        tensor = stack.pop()
        if id(tensor) in seeds or id(tensor) in seen:
            continue
        seen.add(id(tensor))
        node = tensor.node
        if node is None:
            return None
        if node.is_input:
            return node.layer
        stack.extend(node.inputs)
    return None
