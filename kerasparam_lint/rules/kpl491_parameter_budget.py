"""KPL491: a model over the configured parameter budget (off by default)."""

from __future__ import annotations

from collections.abc import Iterator

from kerasparam_lint.lint.finding import Finding, Severity
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid

_BUDGET = {"max_params": 10_000}


class ParameterBudget(Rule):
    """
    ## What it does
    Flags a model whose total parameter count exceeds `max-params`
    (`[tool.kerasparam-lint] max-params = ...`, `--max-params`, or flake8's
    `kpl-max-params`). Off by default; it reports nothing without a budget.

    ## Why is this bad?
    A model that outgrows the memory or latency budget of its target device is
    cheaper to catch in review than after training.

    ## Example
    ```python
    model = keras.Sequential([keras.Input((100,)), layers.Dense(100)])  # 10,100 params
    ```

    ## Use instead
    Shrink the model (fewer units or filters, global pooling instead of `Flatten`), or
    raise the budget.
    """

    CODE = "KPL491"
    MESSAGE = "model exceeds the parameter budget"
    SEVERITY = Severity.WARNING
    DEFAULT_ENABLED = False
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            model = keras.Sequential([keras.Input((99,)), layers.Dense(100)])
            """,
            options=_BUDGET,
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            model = keras.Sequential([keras.Input((100,)), layers.Dense(100)])  # <--
            """,
            options=_BUDGET,
            message="model 'sequential' has 10,100 parameters, over the budget of 10,000 "
            "(max-params)",
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        budget = context.options.max_params
        if budget is None:
            return
        for model in context.analysis.models:
            total = model.counts()[0]
            if isinstance(total, int) and total > budget:
                yield self.finding(
                    model.line,
                    model.col,
                    f"model '{model.name}' has {total:,} parameters, "
                    f"over the budget of {budget:,} (max-params)",
                )
