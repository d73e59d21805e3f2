"""KPL102: a dimension that becomes zero or negative."""

from __future__ import annotations

from kerasparam_lint.rules.base import Invalid, ProblemRule, Valid


class EmptyDimension(ProblemRule):
    """
    ## What it does
    Flags a layer whose output would have a dimension of zero or less: a `valid`
    convolution or pooling window larger than its input, or cropping more than the
    input holds.

    ## Why is this bad?
    Keras raises while building the model: the layer has nothing to compute.

    ## Example
    ```python
    inputs = keras.Input((4, 4, 3))
    x = layers.Conv2D(8, 5)(inputs)
    ```

    ## Use instead
    Use `padding="same"`, a smaller window, or a larger input.
    """

    CODE = "KPL102"
    MESSAGE = "a dimension becomes zero or negative"
    FIX = 'use padding="same", a smaller window or cropping, or a larger input'
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((4, 4, 3))
            model = keras.Model(inputs, layers.Conv2D(8, 5, padding="same")(inputs))
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((4, 4, 3))
            x = layers.Conv2D(8, 5)(inputs)  # <--
            model = keras.Model(inputs, x)
            """,
            message="Conv2D on (None, 4, 4, 3) gives a non-positive dimension 0; "
            'use padding="same", a smaller window or cropping, or a larger input',
        ),
        Invalid(
            """
            import os

            import keras
            from keras import layers

            height = int(os.environ.get("HEIGHT", "64"))
            inputs = keras.Input((height, 3, 1))
            x = layers.Conv2D(8, 5)(inputs)  # <--
            model = keras.Model(inputs, x)
            """,
            message="Conv2D on (None, unknown, 3, 1) gives a non-positive dimension -1; "
            'use padding="same", a smaller window or cropping, or a larger input',
        ),
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((6, 6, 3))
            x = layers.Cropping2D(3)(inputs)  # <--
            model = keras.Model(inputs, x)
            """
        ),
    )
