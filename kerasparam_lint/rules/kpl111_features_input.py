"""KPL111: data given to fit/evaluate/predict that does not fit the model's input."""

from __future__ import annotations

from kerasparam_lint.rules.base import Invalid, ProblemRule, Valid


class FeaturesInput(ProblemRule):
    """
    ## What it does
    Flags `fit`, `evaluate`, `predict`, `train_on_batch`... (and their `x=` and
    `validation_data=` forms) whose features, of a shape visible in the file
    (a `keras.datasets` loader, `np.zeros`, `reshape`, the columns a `pd.read_csv`
    table selects, `pad_sequences(maxlen=)`, the `target_size` and `color_mode` of
    `flow_from_directory`...), have a rank or size the model's input does not accept.
    A size the file does not count (the rows of a file, its column count) is never
    compared; several inputs are matched by position (a list) or name (a dict).

    Keras 3 is lenient in one respect, which this rule follows: it adds or drops a
    trailing axis of size 1, so `(60000, 28, 28)` images fit an input of shape
    `(28, 28, 1)` and are not flagged.

    ## Why is this bad?
    Keras raises only when the call runs, after the data has been loaded and
    prepared. The message gives both shapes and, when the sizes agree, the reshape
    that fixes it.

    ## Example
    ```python
    model = keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(10)])
    x = np.zeros((100, 784))
    model.predict(x)
    ```

    ## Use instead
    ```python
    model.predict(x.reshape(-1, 28, 28, 1))
    ```
    """

    CODE = "KPL111"
    MESSAGE = "features don't fit the model input"
    VALID = (
        Valid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(10)])
            x = np.zeros((4, 28, 28), dtype="uint8")
            model.predict(x.astype("float32") / 255.0, verbose=0)
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(10)])
            x = np.zeros((4, 784))
            model.predict(x, verbose=0)  # <--
            """,
            message="predict() features of shape (4, 784) don't fit the model input "
            "(None, 28, 28, 1); e.g. `x.reshape(-1, 28, 28, 1)`",
        ),
        Invalid(
            """
            import keras
            import numpy as np
            from keras import layers

            inputs = keras.Input((32, 32, 3))
            outputs = layers.Dense(1)(layers.GlobalAveragePooling2D()(inputs))
            model = keras.Model(inputs, outputs)
            model.compile(loss="mse")
            model.evaluate(np.ones((4, 28, 28, 3)), np.ones((4, 1)), verbose=0)  # <--
            """
        ),
    )
