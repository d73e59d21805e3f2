"""KPL305: a Keras 1 positional call whose meaning changed."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.lint.finding import Fix, Severity
from kerasparam_lint.rules.base import Context, Invalid, ProblemRule, Valid


class Keras1Positional(ProblemRule):
    """
    ## What it does
    Flags `Conv2D(32, 3, 3)`: Keras 1's `Convolution2D(nb_filter, nb_row, nb_col)`
    spelling of a 3x3 convolution.

    ## Why is this bad?
    Keras 2 and 3 read the third positional argument as `strides`, so the layer is a
    3x3 convolution with stride 3: the output is a third of the size the author
    expects, and every later shape and `Flatten` size changes with it. Keras accepts
    it silently.

    ## Example
    ```python
    x = layers.Conv2D(32, 3, 3)(inputs)
    ```

    ## Use instead
    ```python
    x = layers.Conv2D(32, (3, 3))(inputs)
    ```

    ## Fix
    Unsafe (`--unsafe-fixes`): writes the kernel as Keras 1 read it,
    `Conv2D(32, (3, 3))`. That changes the model Keras 3 builds (stride 1, not 3), which
    is what the author meant but not what the code did.
    """

    CODE = "KPL305"
    MESSAGE = "Keras 1 positional arguments read differently by Keras 3"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(32, (3, 3))(inputs)
            x = layers.Conv2D(32, 3, 2, padding="same")(x)
            model = keras.Model(inputs, x)
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(32, 3, 3)(inputs)  # <--
            model = keras.Model(inputs, x)
            """,
            message="Conv2D(32, 3, 3): Keras 3 reads the third argument as strides=3 "
            "(Keras 1 read a 3x3 kernel); write Conv2D(32, (3, 3)) or strides=3 explicitly",
            fixed="""
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(32, (3, 3))(inputs)
            model = keras.Model(inputs, x)
            """,
        ),
        Invalid(
            """
            from keras.layers import Convolution2D, Dense, Flatten, Input
            from keras.models import Sequential

            model = Sequential()
            model.add(Input((28, 28, 1)))
            model.add(Convolution2D(32, 3, 3, activation="relu"))  # <--
            model.add(Flatten())
            model.add(Dense(10))
            """,
            fixed="""
            from keras.layers import Convolution2D, Dense, Flatten, Input
            from keras.models import Sequential

            model = Sequential()
            model.add(Input((28, 28, 1)))
            model.add(Convolution2D(32, (3, 3), activation="relu"))
            model.add(Flatten())
            model.add(Dense(10))
            """,
        ),
    )

    def fix(self, problem: Any, context: Context) -> Fix | None:
        """``(32, 3, 3)`` -> ``(32, (3, 3))``, for the 2D layers (Keras 1 wrote a 3D
        kernel with three ints, which Keras 3 reads another way again)."""
        call = context.call_at(problem.line, problem.col)
        if call is None or len(call.args) != 3 or "3D" in problem.message.split("(")[0]:
            return None
        rows, cols = call.args[1], call.args[2]
        edits = (context.edits.before(rows, "("), context.edits.after(cols, ")"))
        return Fix("Write the kernel as Keras 1 read it", edits, safe=False)
