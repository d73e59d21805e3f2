"""KPL302: ``Model(input=..., output=...)``, keyword names Keras 3 rejects."""

from __future__ import annotations

from collections.abc import Iterator

from kerasparam_lint.lint.finding import Finding
from kerasparam_lint.rules.base import Context, Invalid, ProblemRule, Valid
from kerasparam_lint.rules.keyword_renames import rename_fix, renamed_keyword


class ModelLegacyKeywords(ProblemRule):
    """
    ## What it does
    Flags `Model(input=..., output=...)`, the Keras 1 keyword names.

    ## Why is this bad?
    Keras 3 only accepts `inputs=` and `outputs=`; the model is never created.

    ## Example
    ```python
    model = keras.Model(input=inputs, output=outputs)
    ```

    ## Use instead
    ```python
    model = keras.Model(inputs=inputs, outputs=outputs)
    ```

    ## Fix
    Safe: renames the keywords (the model is the same).
    """

    CODE = "KPL302"
    MESSAGE = "Model() keyword names that Keras 3 rejects"
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((8,))
            model = keras.Model(inputs=inputs, outputs=layers.Dense(2)(inputs))
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((8,))
            model = keras.Model(input=inputs, output=layers.Dense(2)(inputs))  # <--
            """,
            message="Model() has no arguments `input`, `output`; "
            "Keras 3 calls them `inputs`, `outputs`",
            fixed="""
            import keras
            from keras import layers

            inputs = keras.Input((8,))
            model = keras.Model(inputs=inputs, outputs=layers.Dense(2)(inputs))
            """,
        ),
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((8,))
            model = keras.Model(inputs, output=layers.Dense(2)(inputs))  # <--
            """,
            message="Model() has no argument `output`; Keras 3 calls it `outputs`",
            fixed="""
            import keras
            from keras import layers

            inputs = keras.Input((8,))
            model = keras.Model(inputs, outputs=layers.Dense(2)(inputs))
            """,
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        """One finding per ``Model(...)`` call, naming every legacy keyword it uses."""
        by_call: dict[tuple[int, int], list[tuple[str, str]]] = {}
        for problem in context.analysis.problems:
            renamed = renamed_keyword(problem.message) if problem.code == self.CODE else None
            if renamed is not None:
                by_call.setdefault((problem.line, problem.col), []).append(renamed)
        for (line, col), renames in by_call.items():
            old = ", ".join(f"`{o}`" for o, _ in renames)
            new = ", ".join(f"`{n}`" for _, n in renames)
            if len(renames) == 1:
                message = f"Model() has no argument {old}; Keras 3 calls it {new}"
            else:
                message = f"Model() has no arguments {old}; Keras 3 calls them {new}"
            yield self.finding(line, col, message, rename_fix(context, line, col, renames))
