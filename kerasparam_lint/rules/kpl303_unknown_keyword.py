"""KPL303: a keyword argument the layer does not accept."""

from __future__ import annotations

from kerasparam_lint.rules.base import Invalid, ProblemRule, Valid


class UnknownKeyword(ProblemRule):
    """
    ## What it does
    Flags a keyword argument that the layer's constructor does not accept, naming the
    closest valid one: a typo (`kernal_size=3`, `activaton="relu"`) or a Keras 1/2
    spelling (`border_mode=`, `nb_filter=`, `output_dim=`).

    ## Why is this bad?
    Keras 3 raises when the layer is created.

    ## Example
    ```python
    x = layers.Conv2D(32, kernal_size=3)(inputs)
    ```

    ## Use instead
    ```python
    x = layers.Conv2D(32, kernel_size=3)(inputs)
    ```
    """

    CODE = "KPL303"
    MESSAGE = "unknown keyword argument"
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            model = keras.Model(inputs, layers.Conv2D(32, kernel_size=3)(inputs))
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(32, kernal_size=3)(inputs)  # <--
            model = keras.Model(inputs, x)
            """,
            message="Conv2D has no argument `kernal_size`; did you mean `kernel_size`?",
        ),
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((8,))
            x = layers.Dense(4, activaton="relu")(inputs)  # <--
            model = keras.Model(inputs, x)
            """
        ),
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(32, 3, border_mode="same")(inputs)  # <--
            model = keras.Model(inputs, x)
            """,
            message="Conv2D has no argument `border_mode`; Keras 3 calls it `padding`",
        ),
    )
