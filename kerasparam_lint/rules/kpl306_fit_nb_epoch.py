"""KPL306: ``fit(nb_epoch=...)``, the Keras 1 name of ``epochs``."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.lint.finding import Fix
from kerasparam_lint.rules.base import Context, Invalid, ProblemRule, Valid
from kerasparam_lint.rules.keyword_renames import renamed_keyword_fix


class FitNbEpoch(ProblemRule):
    """
    ## What it does
    Flags `model.fit(..., nb_epoch=10)` on a Keras model, the Keras 1 spelling of
    `epochs=`. A `fit` of another object (a scikit-learn style wrapper that takes
    `nb_epoch`) is left alone.

    ## Why is this bad?
    Keras 3's `fit` takes no `nb_epoch` argument and raises before training starts.

    ## Example
    ```python
    model.fit(x_train, y_train, nb_epoch=10)
    ```

    ## Use instead
    ```python
    model.fit(x_train, y_train, epochs=10)
    ```

    ## Fix
    Safe: renames the keyword to `epochs=`.
    """

    CODE = "KPL306"
    MESSAGE = "fit() keyword `nb_epoch` that Keras 3 rejects"
    VALID = (
        Valid(
            """
            import numpy as np


            class Trainer:
                def fit(self, x, y, nb_epoch=1):
                    return nb_epoch


            Trainer().fit(np.zeros((4, 8)), np.zeros((4,)), nb_epoch=3)
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])
            model.compile(loss="mse")
            model.fit(np.zeros((4, 8)), np.zeros((4, 1)), nb_epoch=3)  # <--
            """,
            message="fit() has no argument `nb_epoch`; Keras 3 calls it `epochs`",
            fixed="""
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])
            model.compile(loss="mse")
            model.fit(np.zeros((4, 8)), np.zeros((4, 1)), epochs=3)
            """,
        ),
    )

    def fix(self, problem: Any, context: Context) -> Fix | None:
        return renamed_keyword_fix(problem, context)
