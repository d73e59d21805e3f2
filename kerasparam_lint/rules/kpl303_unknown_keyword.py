"""KPL303: a keyword argument the layer does not accept."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.lint.finding import Fix
from kerasparam_lint.rules.base import Context, Invalid, ProblemRule, Valid
from kerasparam_lint.rules.keyword_renames import renamed_keyword_fix


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

    ## Fix
    Safe, for a Keras 1/2 spelling whose Keras 3 name means the same
    (`border_mode=` -> `padding=`, `dim_ordering="th"` -> `data_format="channels_first"`);
    a typo is left to you, since the closest name is only a guess.
    """

    CODE = "KPL303"
    ONE_PER_STATEMENT = False  # each bad keyword is its own fault
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
            fixed="""
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(32, 3, padding="same")(inputs)
            model = keras.Model(inputs, x)
            """,
        ),
        Invalid(
            """
            from keras.layers import Convolution2D, Dense, Flatten, Input, MaxPooling2D
            from keras.models import Sequential

            model = Sequential()
            model.add(Input((28, 28, 1)))
            model.add(Convolution2D(nb_filter=8, kernel_size=3))  # <--
            model.add(MaxPooling2D(dim_ordering='tf'))  # <--
            model.add(Flatten())
            model.add(Dense(output_dim=10))  # <--
            """,
            fixed="""
            from keras.layers import Convolution2D, Dense, Flatten, Input, MaxPooling2D
            from keras.models import Sequential

            model = Sequential()
            model.add(Input((28, 28, 1)))
            model.add(Convolution2D(filters=8, kernel_size=3))
            model.add(MaxPooling2D(data_format='channels_last'))
            model.add(Flatten())
            model.add(Dense(units=10))
            """,
        ),
    )

    def fix(self, problem: Any, context: Context) -> Fix | None:
        return renamed_keyword_fix(problem, context)
