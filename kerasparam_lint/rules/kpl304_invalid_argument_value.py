"""KPL304: an argument value the layer rejects."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from kerasparam_lint.libraries.keras.activation_names import ACTIVATION_ARGUMENTS, ACTIVATION_NAMES
from kerasparam_lint.lint.finding import Finding
from kerasparam_lint.rules.base import Context, Invalid, ProblemRule, Valid
from kerasparam_lint.rules.subjects import config_value


class InvalidArgumentValue(ProblemRule):
    """
    ## What it does
    Flags a layer argument whose value Keras rejects: an unknown `padding`
    (`"smae"`), a non-positive number of filters or units or kernel size, a rate
    outside [0, 1), an activation name Keras does not know (`"rleu"`).

    ## Why is this bad?
    Keras raises when the layer is created or built.

    ## Example
    ```python
    x = layers.Conv2D(32, 3, padding="smae", activation="rleu")(inputs)
    ```

    ## Use instead
    ```python
    x = layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
    ```
    """

    CODE = "KPL304"
    ONE_PER_STATEMENT = False  # each bad keyword is its own fault
    MESSAGE = "argument value that Keras rejects"
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(32, 3, padding="same", activation="swish")(inputs)
            x = layers.Dropout(0.5)(x)
            model = keras.Model(inputs, layers.Dense(10, activation=None)(x))
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(32, 3, padding="smae")(inputs)  # <--
            model = keras.Model(inputs, x)
            """
        ),
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(0, 3)(inputs)  # <--
            model = keras.Model(inputs, x)
            """
        ),
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((16,))
            x = layers.Dense(8, activation="rleu")(inputs)  # <--
            model = keras.Model(inputs, x)
            """,
            message="Dense: unknown activation 'rleu'; did you mean 'relu'?",
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        yield from super().check(context)
        for sites in context.sites.values():
            for site in sites:
                for argument in ACTIVATION_ARGUMENTS:
                    name = site.common(lambda la, key=argument: config_value(la, key))
                    if isinstance(name, str) and name not in ACTIVATION_NAMES:
                        yield self.finding(site.line, site.col, _unknown(site.class_name, name))


def _unknown(class_name: str, name: str) -> str:
    close = difflib.get_close_matches(name, sorted(ACTIVATION_NAMES), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"{class_name}: unknown activation '{name}'{hint}"
