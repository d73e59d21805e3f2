"""KPL107: attention layers called on query/key/value shapes Keras rejects."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.rules.base import Context, Invalid, ProblemRule, Valid

ATTENTION_LAYERS = frozenset(
    {"MultiHeadAttention", "GroupedQueryAttention", "Attention", "AdditiveAttention"}
)


def about_attention(problem: Any) -> bool:
    """The evaluator words a layer's build error as ``"<class>: <reason>"``."""
    return problem.message.partition(":")[0] in ATTENTION_LAYERS


class AttentionInputs(ProblemRule):
    """
    ## What it does
    Flags `MultiHeadAttention` called without a value or with key and value whose
    dimensions (all but the last) differ, and `Attention` / `AdditiveAttention`
    called on anything but a list `[query, value]` or `[query, value, key]`.

    ## Why is this bad?
    Keras raises while building the model: each key must have its value, so their
    sequence axes must agree.

    ## Example
    ```python
    out = layers.MultiHeadAttention(2, 4)(query, value, key)  # value (7, 8), key (6, 8)
    ```

    ## Use instead
    Give key and value the same sequence length (the key usually *is* the value).
    """

    CODE = "KPL107"
    MESSAGE = "attention key and value shapes that Keras rejects"
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            query = keras.Input((5, 8))
            value = keras.Input((7, 8))
            key = keras.Input((7, 16))
            out = layers.MultiHeadAttention(2, 4)(query, value, key)
            model = keras.Model([query, value, key], out)
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            query = keras.Input((5, 8))
            value = keras.Input((7, 8))
            key = keras.Input((6, 8))
            out = layers.MultiHeadAttention(2, 4)(query, value, key)  # <--
            model = keras.Model([query, value, key], out)
            """,
            message="MultiHeadAttention: all dimensions of `value` and `key` but the last must "
            "be equal, got (None, 7, 8) and (None, 6, 8); give key and value the same "
            "sequence length",
        ),
        Invalid(
            """
            import keras
            from keras import layers

            query = keras.Input((5, 8))
            out = layers.Attention()(query)  # <--
            model = keras.Model(query, out)
            """
        ),
    )

    def reports(self, problem: Any) -> bool:
        """The evaluator records these as merge-style input errors (KPL101) of attention layers."""
        return problem.code in ("KPL101", self.CODE) and about_attention(problem)

    def describe(self, problem: Any, context: Context) -> str:
        message = super().describe(problem, context)
        if "`key`" in message:
            return f"{message}; give key and value the same sequence length"
        return message
