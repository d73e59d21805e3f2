"""KPL309: ``predict_classes`` and ``predict_proba``, removed in Keras 3."""

from __future__ import annotations

from kerasparam_lint.rules.base import Invalid, ProblemRule, Valid


class PredictClasses(ProblemRule):
    """
    ## What it does
    Flags `model.predict_classes(x)` and `model.predict_proba(x)` on a Keras model,
    naming what to write instead: an argmax over a softmax output, a threshold on a
    single sigmoid unit, or `predict` itself for the probabilities.

    ## Why is this bad?
    Keras 2.6 removed both methods from `Sequential`; Keras 3 raises
    `AttributeError` when they are called.

    ## Example
    ```python
    labels = model.predict_classes(x_test)
    ```

    ## Use instead
    ```python
    labels = np.argmax(model.predict(x_test), axis=-1)
    ```
    """

    CODE = "KPL309"
    MESSAGE = "predict_classes() or predict_proba() that Keras 3 removed"
    VALID = (
        Valid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((8,)), layers.Dense(10, activation="softmax")])
            labels = np.argmax(model.predict(np.zeros((4, 8)), verbose=0), axis=-1)
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((8,)), layers.Dense(10, activation="softmax")])
            labels = model.predict_classes(np.zeros((4, 8)))  # <--
            """,
            message="predict_classes() was removed in Keras 3; "
            "write np.argmax(model.predict(x), axis=-1)",
        ),
        Invalid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="sigmoid")])
            labels = model.predict_classes(np.zeros((4, 8)))  # <--
            """,
            message="predict_classes() was removed in Keras 3; "
            'write (model.predict(x) > 0.5).astype("int32")',
        ),
    )
