"""KPL104: a Reshape whose element count differs from its input's."""

from __future__ import annotations

from kerasparam_lint.rules.base import Invalid, ProblemRule, Valid


class ReshapeSize(ProblemRule):
    """
    ## What it does
    Flags a `Reshape` whose target shape holds a different number of elements than
    its input.

    ## Why is this bad?
    Keras raises while building the model: a reshape cannot add or drop values.

    ## Example
    ```python
    inputs = keras.Input((7, 7, 64))
    x = layers.Reshape((49, 32))(inputs)
    ```

    ## Use instead
    ```python
    x = layers.Reshape((49, 64))(inputs)
    ```
    """

    CODE = "KPL104"
    MESSAGE = "Reshape changes the number of elements"
    FIX = "the target shape must hold the same number of values (-1 infers one axis)"
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((7, 7, 64))
            model = keras.Model(inputs, layers.Reshape((49, 64))(inputs))
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((7, 7, 64))
            x = layers.Reshape((49, 32))(inputs)  # <--
            model = keras.Model(inputs, x)
            """
        ),
    )
