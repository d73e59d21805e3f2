"""KPL307: ``Adam(lr=...)``, the Keras 2 name of ``learning_rate``."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.lint.finding import Fix
from kerasparam_lint.rules.base import Context, Invalid, ProblemRule, Valid
from kerasparam_lint.rules.keyword_renames import renamed_keyword_fix


class OptimizerLr(ProblemRule):
    """
    ## What it does
    Flags `lr=` given to a Keras optimizer (`Adam`, `SGD`, `RMSprop`, ...), the name
    Keras 2 deprecated for `learning_rate=`.

    ## Why is this bad?
    Keras 3 optimizers reject it (`Argument(s) not recognized: {'lr': 0.001}`) when
    the optimizer is created.

    ## Example
    ```python
    model.compile(optimizer=keras.optimizers.Adam(lr=0.001), loss="mse")
    ```

    ## Use instead
    ```python
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
    ```

    ## Fix
    Safe: renames the keyword to `learning_rate=`.
    """

    CODE = "KPL307"
    MESSAGE = "optimizer keyword `lr` that Keras 3 rejects"
    VALID = (
        Valid(
            """
            import keras
            from keras.optimizers import SGD

            optimizer = SGD(learning_rate=0.01, momentum=0.9)
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])
            model.compile(optimizer=keras.optimizers.Adam(lr=0.001), loss="mse")  # <--
            """,
            message="Adam() has no argument `lr`; Keras 3 calls it `learning_rate`",
            fixed="""
            import keras
            from keras import layers

            model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
            """,
        ),
        Invalid(
            """
            from keras.optimizers import SGD

            optimizer = SGD(lr=0.01, momentum=0.9)  # <--
            """,
            fixed="""
            from keras.optimizers import SGD

            optimizer = SGD(learning_rate=0.01, momentum=0.9)
            """,
        ),
    )

    def fix(self, problem: Any, context: Context) -> Fix | None:
        return renamed_keyword_fix(problem, context)
