"""KPL308: ``fit_generator`` and its siblings, removed in Keras 3."""

from __future__ import annotations

import ast
from typing import Any

from kerasparam_lint.libraries.keras.removed_api import GENERATOR_METHODS
from kerasparam_lint.lint.finding import Fix
from kerasparam_lint.rules.base import Context, Invalid, ProblemRule, Valid

# The keywords each *_generator method shares with its Keras 3 method, meaning the same;
# a call passing another (`workers=`, `max_queue_size=`) has no one right rewrite.
_SHARED_KEYWORDS = {
    "fit": frozenset(
        (
            "steps_per_epoch",
            "epochs",
            "verbose",
            "callbacks",
            "validation_data",
            "validation_steps",
            "validation_freq",
            "class_weight",
            "shuffle",
            "initial_epoch",
        )
    ),
    "evaluate": frozenset(("steps", "callbacks", "verbose")),
    "predict": frozenset(("steps", "callbacks", "verbose")),
}


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

    ## Fix
    Unsafe (`--unsafe-fixes`): renames the method when the call passes the data alone
    and keywords that mean the same to the Keras 3 method. The `*_generator` methods
    took any iterator; Keras 3's take a generator or a `keras.utils.PyDataset` (not,
    say, `iter(batches)`), and `evaluate_generator` and `predict_generator` were
    silent where `evaluate` and `predict` print a progress bar.
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
            model.evaluate_generator((batch for batch in batches), steps=3)  # <--
            """,
            message="evaluate_generator() was removed in Keras 3; evaluate() takes the "
            "generator or keras.utils.PyDataset: write model.evaluate(...)",
            fixed="""
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])
            model.compile(loss="mse")
            batches = [(np.zeros((4, 8)), np.zeros((4, 1)))] * 3
            model.evaluate((batch for batch in batches), steps=3)
            """,
        ),
        Invalid(
            """
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])
            model.compile(loss="mse")
            batches = [(np.zeros((4, 8)), np.zeros((4, 1)))] * 4
            model.fit_generator(iter(batches), steps_per_epoch=2, epochs=2, verbose=0)  # <--
            model.fit_generator(iter(batches), 2, workers=4)  # <--
            """,
            fixed="""
            import keras
            import numpy as np
            from keras import layers

            model = keras.Sequential([keras.Input((8,)), layers.Dense(1)])
            model.compile(loss="mse")
            batches = [(np.zeros((4, 8)), np.zeros((4, 1)))] * 4
            model.fit(iter(batches), steps_per_epoch=2, epochs=2, verbose=0)
            model.fit_generator(iter(batches), 2, workers=4)
            """,
        ),
    )

    def fix(self, problem: Any, context: Context) -> Fix | None:
        call = context.call_at(problem.line, problem.col)
        method = problem.message.partition("(")[0]
        new = GENERATOR_METHODS.get(method)
        if call is None or new is None or not isinstance(call.func, ast.Attribute):
            return None
        keywords = {keyword.arg for keyword in call.keywords}
        if call.func.attr != method or len(call.args) > 1:
            return None
        if None in keywords or not keywords <= _SHARED_KEYWORDS[new]:
            return None
        func = call.func
        line, end = func.end_lineno or func.lineno, func.end_col_offset or 0
        edit = context.edits.span(line, end - len(method), line, end, new)
        return Fix(f"Call {new}() instead", (edit,), safe=False)
