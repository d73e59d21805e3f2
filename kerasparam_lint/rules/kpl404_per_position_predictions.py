"""KPL404: a prediction per time step or position, trained against one label per sample."""

from __future__ import annotations

from collections.abc import Iterator

from kerasparam_lint.lint.finding import Finding, Severity
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid
from kerasparam_lint.rules.model_io import per_position_message

_TRAINING = ("fit", "evaluate", "train_on_batch", "test_on_batch")
# Losses Keras computes position by position, broadcasting the labels (a crossentropy
# raises instead: KPL112).
_BROADCASTING = ("mean_squared_error", "mean_absolute_error")


class PerPositionPredictions(Rule):
    """
    ## What it does
    Flags `fit` / `evaluate` whose labels hold one value or one row per sample
    (`(n,)`, `(n, 1)`, `(n, k)`) while the model predicts per time step or position
    (`(None, 30, 1)`): an `LSTM(return_sequences=True)`, `Conv1D` or `Embedding`
    feeding the final `Dense` with no pooling, under a loss that broadcasts (`mse`,
    `mae`). The finding names the layer that kept the positions.

    ## Why is this bad?
    Keras broadcasts the labels against every step and trains without complaint: the
    model learns to predict the sample's target at each position, and its
    predictions have the wrong shape for everything that reads them.
    (Crossentropy losses raise instead; that is KPL112.)

    ## Example
    ```python
    model.add(layers.LSTM(16, return_sequences=True))
    model.add(layers.Dense(1))
    model.fit(windows, targets)  # targets: (n, 1)
    ```

    ## Use instead
    ```python
    model.add(layers.LSTM(16))
    model.add(layers.Dense(1))
    ```
    """

    CODE = "KPL404"
    MESSAGE = "per-position predictions against per-sample labels"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((30, 4)), layers.LSTM(16), layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            model.evaluate(np.zeros((64, 30, 4)), np.zeros((64, 1)), verbose=0)
            """
        ),
        Valid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((30, 4)), layers.LSTM(16, return_sequences=True)])
            model.add(layers.Dense(1))
            model.compile(optimizer="adam", loss="mse")
            model.evaluate(np.zeros((64, 30, 4)), np.zeros((64, 30, 1)), verbose=0)
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
            model.add(keras.Input((30, 4)))
            model.add(layers.LSTM(16, return_sequences=True))
            model.add(layers.Dense(1))
            model.compile(optimizer="adam", loss="mse")
            windows, targets = np.zeros((64, 30, 4)), np.zeros((64, 1))
            model.evaluate(windows, targets, verbose=0)  # <--
            """,
            message="evaluate() labels of shape (64, 1) hold one value per sample, but the "
            "model predicts per position, (None, 30, 1): LSTM at line 7 returns every step "
            "(return_sequences=True). Drop return_sequences=True, or pool or Flatten "
            "before the Dense.",
        ),
        Invalid(
            """
            import keras
            import numpy as np
            from keras import layers

            inputs = keras.Input((100,))
            x = layers.Embedding(5000, 16)(inputs)
            x = layers.Conv1D(32, 5, activation="relu")(x)
            outputs = layers.Dense(1)(x)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="mae")
            reviews, scores = np.zeros((64, 100), dtype="int32"), np.zeros((64,))
            model.evaluate(reviews, scores, verbose=0)  # <--
            """,
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for call in context.analysis.data_calls:
            if call.method not in _TRAINING or call.loss not in _BROADCASTING or call.reconstructs:
                continue
            message = per_position_message(call, single="value")
            if message is not None:
                yield self.finding(call.line, call.col, message)
