"""KPL305: a Keras 1 positional call whose meaning changed."""

from __future__ import annotations

from kerasparam_lint.lint.finding import Severity
from kerasparam_lint.rules.base import Invalid, ProblemRule, Valid


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
        ),
    )
