"""KPL301: an input shape given as an int instead of a tuple."""

from __future__ import annotations

import ast
from typing import Any

from kerasparam_lint.rules.base import Context, Invalid, ProblemRule, Valid


class ShapeNotTuple(ProblemRule):
    """
    ## What it does
    Flags `Input(256, 256, 1)` (the dims passed as separate arguments) and
    `input_shape=(784)` (parentheses without a comma are not a tuple).

    ## Why is this bad?
    Keras 3 reads `Input(256, 256, 1)` as `shape=256, batch_size=256, dtype=1` and
    rejects it; `(784)` is the int 784, which Keras rejects as a shape.

    ## Example
    ```python
    inputs = keras.Input(256, 256, 1)
    ```

    ## Use instead
    ```python
    inputs = keras.Input((256, 256, 1))
    ```
    """

    CODE = "KPL301"
    MESSAGE = "input shape is not a tuple"
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((256, 256, 1))
            model = keras.Model(inputs, layers.Conv2D(4, 3)(inputs))
            """
        ),
        Valid(
            """
            import keras
            from keras import layers

            model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input(256, 256, 1)  # <--
            model = keras.Model(inputs, layers.Conv2D(4, 3)(inputs))
            """,
            message="keras.Input(256, 256, 1) passes the dims as separate arguments "
            "(Keras 3 reads shape=256, batch_size=256); write keras.Input((256, 256, 1))",
        ),
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input(shape=(784))  # <--
            model = keras.Model(inputs, layers.Dense(10)(inputs))
            """
        ),
    )

    def describe(self, problem: Any, context: Context) -> str:
        call = context.call_at(problem.line, problem.col)
        source = context.analysis.source
        if call is None or len(call.args) < 2 or call.keywords:
            return super().describe(problem, context)
        if not all(isinstance(a, ast.Constant) and type(a.value) is int for a in call.args):
            return super().describe(problem, context)
        callee = ast.get_source_segment(source, call.func)
        dims = ", ".join(str(a.value) for a in call.args)  # type: ignore[attr-defined]
        first, second = call.args[0].value, call.args[1].value  # type: ignore[attr-defined]
        return (
            f"{callee}({dims}) passes the dims as separate arguments "
            f"(Keras 3 reads shape={first}, batch_size={second}); write {callee}(({dims}))"
        )
