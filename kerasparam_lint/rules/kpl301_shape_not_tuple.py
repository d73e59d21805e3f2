"""KPL301: an input shape given as an int instead of a tuple."""

from __future__ import annotations

import ast
from typing import Any

from kerasparam_lint.lint.finding import Fix
from kerasparam_lint.rules.base import Context, Invalid, ProblemRule, Valid

# What keras.Input's positional arguments after the shape are; a call that also names
# one of them is not a shape split into arguments.
_INPUT_PARAMETERS = frozenset(
    ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "tensor")
)


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

    ## Fix
    Safe: the dims written as ints become the tuple (`Input(256, 256, 1)` ->
    `Input((256, 256, 1))`, `input_shape=(784)` -> `input_shape=(784,)`,
    `input_shape=28` -> `input_shape=(28,)`), the one shape they can mean.
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
            fixed="""
            import keras
            from keras import layers

            inputs = keras.Input((256, 256, 1))
            model = keras.Model(inputs, layers.Conv2D(4, 3)(inputs))
            """,
        ),
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input(shape=(784))  # <--
            model = keras.Model(inputs, layers.Dense(10)(inputs))
            """,
            fixed="""
            import keras
            from keras import layers

            inputs = keras.Input(shape=(784,))
            model = keras.Model(inputs, layers.Dense(10)(inputs))
            """,
        ),
        Invalid(
            """
            from keras.layers import Dense
            from keras.models import Sequential

            model = Sequential()
            model.add(Dense(64, activation="relu", input_shape=28))  # <--
            model.add(Dense(10, activation="softmax"))
            """,
            fixed="""
            from keras.layers import Dense
            from keras.models import Sequential

            model = Sequential()
            model.add(Dense(64, activation="relu", input_shape=(28,)))
            model.add(Dense(10, activation="softmax"))
            """,
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

    def fix(self, problem: Any, context: Context) -> Fix | None:
        call = context.call_at(problem.line, problem.col)
        if call is None:
            return None
        named = {keyword.arg: keyword for keyword in call.keywords}
        if len(call.args) >= 2:
            if not all(_is_int(arg) for arg in call.args) or _INPUT_PARAMETERS & set(named):
                return None
            first, last = call.args[0], call.args[-1]
            edits = (context.edits.before(first, "("), context.edits.after(last, ")"))
            return Fix("Pass the dims as one tuple", edits)
        keyword = named.get("shape") or named.get("input_shape")
        if keyword is not None:
            start = (keyword.lineno, keyword.col_offset + len(keyword.arg or ""))
            return _one_dim_tuple(context, keyword.value, start)
        if len(call.args) == 1 and not call.keywords:
            start = (call.func.end_lineno or 0, call.func.end_col_offset or 0)
            return _one_dim_tuple(context, call.args[0], start)
        return None


def _is_int(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int


def _one_dim_tuple(context: Context, value: ast.expr, after: tuple[int, int]) -> Fix | None:
    """``784`` -> ``(784,)``; ``(784)`` -> ``(784,)``: an int literal made a 1-tuple.

    ``after`` is where the text leading to the value starts (the end of ``shape`` in
    ``shape=(784)``, of ``Input`` in ``Input((784))``); a bracket there beyond the
    call's own means the int is already in parentheses.
    """
    if not _is_int(value) or after[0] != value.lineno or value.lineno != value.end_lineno:
        return None
    line = context.edits.lines[value.lineno - 1].encode("utf-8")
    lead = line[after[1] : value.col_offset].decode("utf-8", "replace")
    own = 0 if "=" in lead else 1  # a positional value follows the call's own "("
    if lead.count("(") > own:
        edit = context.edits.after(value, ",")
    else:
        edit = context.edits.replace(value, f"({context.edits.text(value)},)")
    return Fix("Write the shape as a 1-tuple", (edit,))
