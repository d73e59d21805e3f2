"""KPL103: a layer called on a tensor of the wrong rank."""

from __future__ import annotations

from kerasparam_lint.rules.base import Invalid, ProblemRule, Valid


class InputRank(ProblemRule):
    """
    ## What it does
    Flags a layer called on a tensor whose rank it does not accept: `Conv2D` on a
    rank-3 tensor, `Conv1D` on rank 4, `LSTM` on rank 2, `TimeDistributed` without a
    time axis.

    ## Why is this bad?
    Keras raises while building the model. The usual cause is a missing `Reshape`,
    a forgotten channel axis in `Input`, or a `Flatten` one layer too early.

    ## Example
    ```python
    inputs = keras.Input((28, 28))
    x = layers.Conv2D(8, 3)(inputs)
    ```

    ## Use instead
    ```python
    inputs = keras.Input((28, 28, 1))
    x = layers.Conv2D(8, 3)(inputs)
    ```
    """

    CODE = "KPL103"
    MESSAGE = "layer called on a tensor of the wrong rank"
    FIX = "fix the Input shape or add the missing Reshape/Flatten"
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            model = keras.Model(inputs, layers.Conv2D(8, 3)(inputs))
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28))
            x = layers.Conv2D(8, 3)(inputs)  # <--
            model = keras.Model(inputs, x)
            """
        ),
        Invalid(
            """
            import os

            import keras
            from keras import layers

            steps = int(os.environ.get("STEPS", "50"))
            inputs = keras.Input((steps,))
            x = layers.LSTM(32)(inputs)  # <--
            model = keras.Model(inputs, x)
            """,
            message="LSTM expects input of rank 3, got rank 2 (None, unknown); "
            "fix the Input shape or add the missing Reshape/Flatten",
        ),
    )
