"""KPL001: a file that Python cannot parse."""

from __future__ import annotations

from collections.abc import Iterator

from kerasparam_lint.lint.finding import Finding
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid


class SyntaxErrorInFile(Rule):
    """
    ## What it does
    Flags a file that mentions Keras, TensorFlow or Lasagne but that Python's parser
    rejects, once, where the parser stopped and with its message. (The flake8 plugin
    leaves this to flake8's own `E999`.) Where only notebook lines (`%matplotlib
    inline`, `!pip install keras`), Python 2 `print x` statements or lines of prose
    fail, those are read as blank and the rest of the file is analyzed and checked;
    otherwise no other rule runs on the file.

    ## Why is this bad?
    Python raises `SyntaxError` before any of the file runs, so no model is built;
    nor can the analyzer read the file, so none of its other checks apply to it.
    Old Keras examples written for Python 2 are a common source.

    ## Example
    ```python
    model.fit(x_train, y_train, batch_size=128, epochs=12)
    print model.summary()
    ```

    ## Use instead
    ```python
    model.fit(x_train, y_train, batch_size=128, epochs=12)
    model.summary()
    ```
    """

    CODE = "KPL001"
    MESSAGE = "file is not valid Python"
    NEEDS_PARSE = False
    QUOTES_TEXT = True
    VALID = (
        Valid(
            """
            import keras

            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
            model.summary()
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras

            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
            print model.summary()  # <--
            """,
            message="syntax error: Missing parentheses in call to 'print'. "
            "Did you mean print(...)?",
        ),
        Invalid(
            """
            import keras

            inputs = keras.Input((28, 28, 1)  # <--
            model = keras.Model(inputs, keras.layers.Flatten()(inputs))
            """,
            message="syntax error: '(' was never closed",
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        error = context.analysis.syntax_error or context.analysis.blanked_error
        if error is not None:
            line, col, message = error
            yield self.finding(line, col, f"syntax error: {message}")
