"""KPL205: a layer table in a docstring or comment block with a row the code contradicts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kerasparam_lint.findings import Finding, Severity
from kerasparam_lint.graph import Layer, Model
from kerasparam_lint.keras.shape_rules import format_shape
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid
from kerasparam_lint.rules.subjects import output_shape
from kerasparam_lint.rules.tables import Table, tables
from kerasparam_lint.unknown import UNKNOWN

_TOTAL_INDEX = {"Total": 0, "Trainable": 1, "Non-trainable": 2}


class StatedTable(Rule):
    """
    ## What it does
    Flags a row of a layer table kept in a docstring or comment block (typically a
    pasted `model.summary()`: `conv2d (Conv2D)  (None, 26, 26, 32)  320`) whose
    output shape or parameter count differs from what the code now gives, and a
    `Total params:` line that differs from the model's total. A table is compared
    only when its rows name exactly the layers of one model, with their classes.

    ## Why is this bad?
    Such tables are the documentation of the architecture; once the code changes,
    they describe a model that no longer exists.

    ## Example
    ```python
    \"\"\"
    conv2d (Conv2D)      (None, 28, 28, 32)    320
    \"\"\"
    ```
    for a `Conv2D(32, 3)` on a 28x28 input, which outputs `(None, 26, 26, 32)`.

    ## Use instead
    Paste the summary again, or generate it (`kerasparam-lint summary`).
    """

    CODE = "KPL205"
    MESSAGE = "layer table row disagrees with the code"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            '''
            """A small CNN.

            conv2d (Conv2D)                 │ (None, 26, 26, 32)     │           320 │
            flatten (Flatten)               │ (None, 21632)          │             0 │
            dense (Dense)                   │ (None, 10)             │       216,330 │
             Total params: 216,650 (846.29 KB)
            """

            import keras
            from keras import layers

            model = keras.Sequential(
                [keras.Input((28, 28, 1)), layers.Conv2D(32, 3), layers.Flatten(), layers.Dense(10)]
            )
            '''
        ),
        Valid(
            """
            import keras
            from keras import layers

            # conv2d_4 (Conv2D)       (None, 28, 28, 32)    320
            # dense_7 (Dense)         (None, 10)            7,850
            model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(32, 3)])
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            # Layer (type)           Output Shape          Param #
            # conv2d (Conv2D)        (None, 28, 28, 32)    320  # <--
            # flatten (Flatten)      (None, 25088)         0  # <--
            # dense (Dense)          (None, 10)            250,890  # <--
            # Total params: 251,210  # <--
            model = keras.Sequential(
                [keras.Input((28, 28, 1)), layers.Conv2D(32, 3), layers.Flatten(), layers.Dense(10)]
            )
            """,
            message="table says conv2d (Conv2D) outputs (None, 28, 28, 32); "
            "the code gives (None, 26, 26, 32). Update the table.",
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for table in tables(context.analysis.source):
            model = _described_model(table, context.models)
            if model is None:
                continue
            by_name = {layer.name: layer for layer in model.layers}
            for row in table.rows:
                layer = by_name[row.name]
                wrong = []
                shape = output_shape(layer)
                if shape is not None and shape != row.shape:
                    wrong.append(("outputs", format_shape(row.shape), format_shape(shape)))
                params = _params(layer)
                if params is not None and params != row.params:
                    wrong.append(("has", f"{row.params:,} params", f"{params:,} params"))
                if wrong:
                    stated = " and ".join(f"{verb} {said}" for verb, said, _ in wrong)
                    actual = " and ".join(real for _, _, real in wrong)
                    yield self.finding(
                        row.line,
                        row.col,
                        f"table says {row.name} ({row.class_name}) {stated}; "
                        f"the code gives {actual}. Update the table.",
                    )
            counts = model.counts()
            for total in table.totals:
                actual = counts[_TOTAL_INDEX[total.kind]]
                if isinstance(actual, int) and actual != total.params:
                    yield self.finding(
                        total.line,
                        total.col,
                        f"table says {total.kind} params: {total.params:,}; "
                        f"the code gives {actual:,}. Update the table.",
                    )


def _described_model(table: Table, models: list[Model]) -> Model | None:
    """The one model whose layers the table's rows name exactly, classes included."""
    rows = {(row.name, row.class_name) for row in table.rows}
    matching = [
        model
        for model in models
        if isinstance(model.layers, list)
        and len(model.layers) == len(table.rows) == len(rows)
        and rows == {(layer.name, layer.class_name) for layer in model.layers}
    ]
    return matching[0] if len(matching) == 1 else None


def _params(layer: Layer) -> Any:
    params = layer.counts()[0]
    return params if isinstance(params, int) and params is not UNKNOWN else None
