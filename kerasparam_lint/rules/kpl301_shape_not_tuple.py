"""KPL301: an input shape given as an int instead of a tuple."""

from __future__ import annotations

from kerasparam_lint.rules.base import Invalid, ProblemRule, Valid


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
            """
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
