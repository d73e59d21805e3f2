"""KPL303: a keyword argument the layer does not accept."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from kerasparam_lint.lint.finding import Finding, Fix
from kerasparam_lint.rules.base import Context, Invalid, ProblemRule, Valid
from kerasparam_lint.rules.keyword_renames import renamed_keyword_fix

_KERNEL_SIZE = "Keras 3 calls them `kernel_size`"
_NB_ROW = "`nb_row`; Keras 3 calls it `kernel_size`"
_NB_COL = "`nb_col`; Keras 3 calls it `kernel_size`"


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
    (`border_mode=` -> `padding=`, `dim_ordering="th"` -> `data_format="channels_first"`,
    `nb_row=3, nb_col=3` -> `kernel_size=(3, 3)`);
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
            from keras.layers import Convolution2D, Dense, Flatten, Input, MaxPooling2D, Reshape
            from keras.models import Sequential

            model = Sequential()
            model.add(Input((28, 28, 1)))
            model.add(Convolution2D(nb_filter=8, kernel_size=3))  # <--
            model.add(MaxPooling2D(dim_ordering='tf'))  # <--
            model.add(Flatten())
            model.add(Dense(output_dim=10))  # <--
            model.add(Reshape((10, 1, 1)))
            model.add(Convolution2D(2, nb_row=1, nb_col=1))  # <--
            """,
            fixed="""
            from keras.layers import Convolution2D, Dense, Flatten, Input, MaxPooling2D, Reshape
            from keras.models import Sequential

            model = Sequential()
            model.add(Input((28, 28, 1)))
            model.add(Convolution2D(filters=8, kernel_size=3))
            model.add(MaxPooling2D(data_format='channels_last'))
            model.add(Flatten())
            model.add(Dense(units=10))
            model.add(Reshape((10, 1, 1)))
            model.add(Convolution2D(2, kernel_size=(1, 1)))
            """,
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        """As the evaluator reports them, but Keras 1's ``nb_row=``/``nb_col=`` pair is one
        finding: one cause, one rewrite (``kernel_size=(rows, cols)``)."""
        findings = list(super().check(context))
        rows = {(f.line, f.col) for f in findings if f.message.endswith(_NB_ROW)}
        for finding in findings:
            position = (finding.line, finding.col)
            if finding.message.endswith(_NB_COL) and position in rows:
                continue
            if finding.message.endswith(_NB_ROW):
                subject = finding.message.split(" has no ")[0]
                message = f"{subject} has no arguments `nb_row`, `nb_col`; {_KERNEL_SIZE}"
                finding = replace(finding, message=message)
            yield finding

    def fix(self, problem: Any, context: Context) -> Fix | None:
        return renamed_keyword_fix(problem, context)
