"""KPL205: a layer table in a docstring or comment block with a row the code contradicts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kerasparam_lint.graph.model import Layer, Model
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.libraries.keras.shape_rules import format_shape
from kerasparam_lint.lint.finding import Finding, Severity
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid
from kerasparam_lint.rules.subjects import as_dims, config_value, output_shape, spatial_rank
from kerasparam_lint.rules.tables import (
    ListedRow,
    Table,
    listed_tables,
    may_hold_tables,
    tables,
)

_TOTAL_INDEX = {"Total": 0, "Trainable": 1, "Non-trainable": 2}


class StatedTable(Rule):
    """
    ## What it does
    Flags a row of a layer table kept in a docstring or comment block whose output
    shape, parameter count, kernel, depth or output size differs from what the code
    gives, and a `Total params:` line that differs from the model's total. Two forms:
    a pasted `model.summary()` (`conv2d (Conv2D)  (None, 26, 26, 32)  320`), compared
    when its rows name exactly the layers of one model with their classes; and a
    hand-written table with a `name, depth, kernel, out-size, params` header (seed
    002), compared when its rows follow one model's layers in order, each name
    telling the layer's kind (`conv2d_11`, `pool2d_1`, `upsample_1`, `concat_1`).

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
        Invalid(
            '''
            """Hand-computed:

            name,      depth, kernel, out-size, params
            input,     1,     ,       64
            conv2d_1,  8,     3,      64,       80
            pool2d_1,  8,     ,       32,       0
            upsample_1,8,     ,       64,       0
            conv2d_2,  4,     3,      64,       292  # <--
            """

            import keras
            from keras import layers

            inputs = keras.Input((64, 64, 1))
            x = layers.Conv2D(8, 3, padding="same")(inputs)
            x = layers.UpSampling2D()(layers.MaxPooling2D()(x))
            model = keras.Model(inputs, layers.Conv2D(4, 2, padding="same")(x))
            ''',
            message="table row conv2d_2 says kernel 3, 292 params; the code (Conv2D at line 17) "
            "gives kernel 2, 132 params. Update the table.",
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        if not may_hold_tables(context.analysis.source):
            return
        for rows in listed_tables(context.lexemes):
            yield from _listed_findings(self, rows, context.analysis.models)
        for table in tables(context.lexemes):
            model = _described_model(table, context.analysis.models)
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


def _listed_findings(rule: Rule, rows: list[ListedRow], models: list[Model]) -> Iterator[Finding]:
    layers = _listed_model_layers(rows, models)
    if layers is None:
        return
    for row, layer in zip([r for r in rows if r.family != "InputLayer"], layers, strict=True):
        wrong = [
            (f"{_said(column, stated)}", _said(column, actual))
            for column, stated in row.values.items()
            if (actual := _listed_value(layer, column, stated)) is not None and actual != stated
        ]
        if wrong:
            yield rule.finding(
                row.line,
                row.col,
                f"table row {row.name} says {', '.join(said for said, _ in wrong)}; the code "
                f"({layer.class_name} at line {layer.line}) gives "
                f"{', '.join(real for _, real in wrong)}. Update the table.",
            )


def _listed_model_layers(rows: list[ListedRow], models: list[Model]) -> list[Layer] | None:
    """The layers, in model order, of the one model whose layers the rows list in order."""
    listed = [row for row in rows if row.family != "InputLayer"]
    tied = []
    for model in models:
        if not isinstance(model.layers, list):
            continue
        layers = [layer for layer in model.layers if layer.class_name != "InputLayer"]
        if len(layers) == len(listed) and all(
            row.family in layer.class_name for row, layer in zip(listed, layers, strict=True)
        ):
            tied.append(layers)
    return tied[0] if len(tied) == 1 else None


def _listed_value(layer: Layer, column: str, stated: tuple[int, ...]) -> tuple[int, ...] | None:
    """The layer's value for a hand-written column, shaped like what the table states."""
    if column == "params":
        params = _params(layer)
        return None if params is None else (params,)
    if column == "kernel":
        kernel = as_dims(config_value(layer, "kernel_size"), spatial_rank(layer))
        if kernel is None:
            return None
        return kernel[:1] if len(stated) == 1 and len(set(kernel)) == 1 else kernel
    shape = output_shape(layer)
    if shape is None or len(shape) < 3 or config_value(layer, "data_format") == "channels_first":
        return None
    if column == "depth":
        return (shape[-1],)
    spatial = tuple(shape[1:-1])
    return spatial[:1] if len(stated) == 1 and len(set(spatial)) == 1 else spatial


def _said(column: str, value: tuple[int, ...]) -> str:
    number = "x".join(str(v) for v in value)
    if column == "params":
        return f"{value[0]:,} params"
    return f"{'out-size' if column == 'size' else column} {number}"


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
