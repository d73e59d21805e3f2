"""KPL002: the analyzer failed on part of a file (shown with ``--verbose``)."""

from __future__ import annotations

from collections.abc import Iterator

from kerasparam_lint.lint.finding import Finding, Severity
from kerasparam_lint.rules.base import Context, Rule, Valid


class InternalError(Rule):
    """
    ## What it does
    Reports that the analyzer itself failed while evaluating the module's code or one
    entry function: `could not analyze build_model(): KeyError: 'units'`, at the
    function's `def` (line 1 for the module's code). The models it was building are
    reported as incomplete; the rest of the file and of the run are analyzed as usual.
    Shown only with `--verbose` (or when selected by name); the flake8 plugin never
    reports it.

    ## Why is this bad?
    It is a fault of kerasparam-lint, not of your code: the numbers of the models
    concerned are unknown, so the checks that need them stay silent. No file can
    serve as an example here, since every such file is a bug to fix.

    ## Example
    ```
    $ kerasparam-lint check --verbose models.py
    models.py:12:1: KPL002 could not analyze build_model(): KeyError: 'units'
    ```

    ## Use instead
    Nothing to change in your code. Please report the file (or the smallest part
    of it that still fails) with the message, so the analyzer learns to read it.
    """

    CODE = "KPL002"
    QUOTES_TEXT = True
    MESSAGE = "the analyzer failed on this code"
    SEVERITY = Severity.WARNING
    DEFAULT_ENABLED = False
    VALID = (
        Valid(
            """
            import keras


            def build_model():
                inputs = keras.Input((4,))
                return keras.Model(inputs, keras.layers.Dense(3)(inputs))
            """
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for failure in context.analysis.failures:
            message = f"could not analyze {failure.subject}: {failure.reason}"
            yield self.finding(failure.line, failure.col, message)
