"""KPL308: ``fit_generator`` and its siblings, removed in Keras 3."""

from __future__ import annotations

from kerasparam_lint.rules.base import Invalid, ProblemRule, Valid


class GeneratorMethods(ProblemRule):
    """
    ## What it does
    Flags `fit_generator`, `evaluate_generator` and `predict_generator` called on a
    Keras model. A model subclass that defines such a method itself is left alone.

    ## Why is this bad?
    Keras 2.1 made `fit`, `evaluate` and `predict` take generators and
    `keras.utils.PyDataset`s; Keras 3 removed the `*_generator` methods, so the call
    raises `AttributeError`.

    ## Example
    ```python
    model.fit_generator(train_batches, steps_per_epoch=100, epochs=5)
    ```

    ## Use instead
    ```python
    model.fit(train_batches, steps_per_epoch=100, epochs=5)
    ```
    """

    CODE = "KPL308"
    MESSAGE = "*_generator() method that Keras 3 removed"
    VALID = (
        Valid(
            """
            import keras
            from keras import layers


            class Trainer(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.dense = layers.Dense(1)

                def call(self, x):
                    return self.dense(x)

                def predict_generator(self, batches):
                    return [self.predict(batch, verbose=0) for batch in batches]


            model = Trainer()
            model.predict_generator([])
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
            batches = [(np.zeros((4, 8)), np.zeros((4, 1)))] * 3
            model.evaluate_generator(iter(batches), steps=3)  # <--
            """,
            message="evaluate_generator() was removed in Keras 3; evaluate() takes the "
            "generator or keras.utils.PyDataset: write model.evaluate(...)",
        ),
    )
