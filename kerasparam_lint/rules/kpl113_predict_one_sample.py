"""KPL113: ``predict`` on one sample that lacks its batch axis."""

from __future__ import annotations

from kerasparam_lint.rules.base import Invalid, ProblemRule, Valid


class PredictOneSample(ProblemRule):
    """
    ## What it does
    Flags `predict` (and `predict_on_batch`) called on a single sample, such as
    `x_test[0]`, whose shape is the model's input shape without the batch axis,
    where Keras rejects it.

    ## Why is this bad?
    Keras reads the first axis as the batch: a `(28, 28)` image becomes 28 samples
    of 28 values, which the model does not accept. The sample needs a batch axis
    of size 1.

    ## Example
    ```python
    model.predict(x_test[0])
    ```

    ## Use instead
    ```python
    model.predict(np.expand_dims(x_test[0], 0))  # or x_test[:1]
    ```
    """

    CODE = "KPL113"
    MESSAGE = "predict on a sample without its batch axis"
    VALID = (
        Valid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])
            x_test = np.zeros((10, 784))
            model.predict(x_test[:1], verbose=0)
            model.predict(np.expand_dims(x_test[0], 0), verbose=0)
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])
            x_test = np.zeros((10, 784))
            model.predict(x_test[0], verbose=0)  # <--
            """,
            message="predict() on one sample of shape (784,) without its batch axis; "
            "the model input is (None, 784): write `np.expand_dims(x, 0)`",
        ),
        Invalid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential(
                [keras.Input((28, 28, 1)), layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(10)]
            )
            x_test = np.zeros((10, 28, 28, 1))
            model.predict(x_test[0], verbose=0)  # <--
            """
        ),
    )
