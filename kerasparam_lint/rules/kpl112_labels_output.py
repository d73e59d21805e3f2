"""KPL112: labels that do not fit the model's output under its compiled loss."""

from __future__ import annotations

from kerasparam_lint.rules.base import Invalid, ProblemRule, Valid


class LabelsOutput(ProblemRule):
    """
    ## What it does
    Flags `fit`, `evaluate`, `train_on_batch`... whose labels, of a shape visible in
    the file, do not fit the model's output under the loss given to `compile`:
    integer class ids with `categorical_crossentropy`, one-hot rows with
    `sparse_categorical_crossentropy`, rows of 10 against one sigmoid unit with
    `binary_crossentropy`.

    Keras 3 squeezes or adds a trailing axis of size 1, so `(n,)` and `(n, 1)` labels
    are both accepted by `sparse_categorical_crossentropy`, and `(n,)` labels by
    `binary_crossentropy` on a `Dense(1)` output; those are not flagged.

    ## Why is this bad?
    Keras raises at the first training step, after the data has been prepared.

    ## Example
    ```python
    model.compile(loss="categorical_crossentropy")
    model.fit(x_train, y_train)  # y_train: (60000,) class ids
    ```

    ## Use instead
    ```python
    model.fit(x_train, keras.utils.to_categorical(y_train, 10))
    ```
    """

    CODE = "KPL112"
    MESSAGE = "labels don't fit the output and loss"
    VALID = (
        Valid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((8,)), layers.Dense(10, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")
            y = np.random.randint(0, 10, size=(4,))
            model.evaluate(np.zeros((4, 8)), y, verbose=0)
            model.evaluate(np.zeros((4, 8)), y.reshape(-1, 1), verbose=0)
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
            model.compile(loss="categorical_crossentropy")
            y = np.random.randint(0, 10, size=(4,))
            model.evaluate(np.zeros((4, 8)), y, verbose=0)  # <--
            """,
            message="evaluate() labels of shape (4,) don't fit the output (None, 10) with "
            "categorical_crossentropy; one-hot encode them with `to_categorical(y, 10)` "
            "or use sparse_categorical_crossentropy",
        ),
        Invalid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="sigmoid")])
            model.compile(loss=keras.losses.BinaryCrossentropy())
            y = keras.utils.to_categorical(np.random.randint(0, 10, size=(4,)), 10)
            model.evaluate(x=np.zeros((4, 8)), y=y, verbose=0)  # <--
            """
        ),
    )
