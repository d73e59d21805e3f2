"""KPL112: labels that do not fit the model's output under its compiled loss."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.rules.base import Context, Invalid, ProblemRule, Valid
from kerasparam_lint.rules.model_io import per_position_message


class LabelsOutput(ProblemRule):
    """
    ## What it does
    Flags `fit`, `evaluate`, `train_on_batch`... whose labels, of a shape visible in
    the file, do not fit the model's output under the loss given to `compile`:
    integer class ids with `categorical_crossentropy`, one-hot rows with
    `sparse_categorical_crossentropy`, rows of 10 against one sigmoid unit with
    `binary_crossentropy`, and one label per sample against a model that predicts at
    every position (its last `Dense` follows a convolution without `Flatten`, or an
    RNN with `return_sequences=True`: the message names that `Dense`). Labels may
    come from a table (`df["label"].values`), a generator (`class_mode=`,
    `label_mode=`) or a list or dict, one per output, each with its own loss; only
    axes the file counts are compared.

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

            model = keras.Sequential()
            model.add(keras.Input((80,)))
            model.add(layers.Embedding(5000, 16))
            model.add(layers.LSTM(8, return_sequences=True))
            model.add(layers.Dense(1, activation="sigmoid"))
            model.compile(loss="binary_crossentropy")
            reviews, labels = np.zeros((4, 80), dtype="int32"), np.zeros((4, 1))
            model.evaluate(reviews, labels, verbose=0)  # <--
            """,
            message="evaluate() labels of shape (4, 1) hold one row per sample, but the model "
            "predicts per position, (None, 80, 1): LSTM at line 8 returns every step "
            "(return_sequences=True). Drop return_sequences=True, or pool or Flatten "
            "before the Dense.",
        ),
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

    def describe(self, problem: Any, context: Context) -> str:
        """Labels with one row per sample against a prediction per position: the fault is
        the layer that kept the positions, which the message names."""
        for call in context.analysis.data_calls:
            if (call.line, call.col) == (problem.line, problem.col):
                message = per_position_message(call)
                if message is not None:
                    return message
        return super().describe(problem, context)
