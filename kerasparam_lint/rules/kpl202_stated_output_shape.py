"""KPL202: a comment states an output shape the layer does not produce."""

from __future__ import annotations

from collections.abc import Iterator

from kerasparam_lint.libraries.keras.shape_rules import format_shape
from kerasparam_lint.lint.finding import Finding, Fix, Severity
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid
from kerasparam_lint.rules.claims import shape_claim
from kerasparam_lint.rules.comment_fixes import comment_fix, with_dims
from kerasparam_lint.rules.subjects import config_value, final_sites, output_shape
from kerasparam_lint.source.comments import Comment


class StatedOutputShape(Rule):
    """
    ## What it does
    Flags a comment that states a layer's output shape (`# -> (None, 32, 32, 512)`,
    `# 32x32x512`, `# out: 16x16`) which differs from the shape Keras computes. The
    statement's result is the layer meant: for `x = Conv2D(...)(UpSampling2D()(x))`,
    the `Conv2D`. `16x16` is compared with the spatial axes, `32x32x512` with all
    axes but the batch.

    ## Why is this bad?
    Shape comments are what readers trust when they wire the next layer or size a
    `Dense` after `Flatten`; a stale one sends them the wrong way.

    ## Example
    ```python
    x = layers.Conv2D(32, 3)(inputs)  # -> (None, 28, 28, 32)
    ```

    ## Use instead
    ```python
    x = layers.Conv2D(32, 3)(inputs)  # -> (None, 26, 26, 32)
    ```

    ## Fix
    Unsafe (`--unsafe-fixes`): writes the code's shape in the comment, in the form it
    was written, which hides the bug when the code is what is wrong.
    """

    CODE = "KPL202"
    MESSAGE = "comment states a different output shape"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))  # input 28x28x1
            x = layers.Conv2D(32, 3)(inputs)  # -> (None, 26, 26, 32)
            x = layers.MaxPooling2D()(x)  # out: 13x13
            # 13x13x32
            x = layers.Conv2D(32, 1)(x)
            x = layers.Conv2D(8, 3, padding="same")(layers.Conv2D(8, 1)(x))  # 13x13x8
            x = layers.Conv2D(8, 3, padding="same")(x)  # kernel shape: 3x3, input shape: 13x13x8
            model = keras.Model(inputs, layers.Flatten()(x))  # output (None, 1352)
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(32, 3)(inputs)  # -> (None, 28, 28, 32)  # <--
            x = layers.MaxPooling2D()(x)  # out: 14x14  # <--
            x = layers.Flatten()(x)  # 13x13x32
            model = keras.Model(inputs, x)
            """,
            message="comment says the output is (None, 28, 28, 32), but Conv2D outputs "
            "(None, 26, 26, 32). Fix the comment.",
            fixed="""
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(32, 3)(inputs)  # -> (None, 26, 26, 32)
            x = layers.MaxPooling2D()(x)  # out: 13x13
            x = layers.Flatten()(x)  # 13x13x32
            model = keras.Model(inputs, x)
            """,
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for comment in context.comments.comments:
            claim = shape_claim(comment.text)
            if claim is None:
                continue
            finals = final_sites(context.sites_on(context.comments.subject_lines(comment)))
            if len(finals) != 1:
                continue
            site = finals[0]
            shape = site.common(output_shape)
            channels_first = site.common(lambda la: config_value(la, "data_format"))
            if shape is None:
                continue
            part = claim.compare_with(shape, channels_first == "channels_first")
            if part is None or tuple(part) == claim.dims:
                continue
            yield self.finding(
                comment.line,
                comment.col,
                f"comment says the output is {claim.text}, but {site.class_name} outputs "
                f"{format_shape(shape)}. Fix the comment.",
                _fix(context, comment, claim.text, tuple(part)),
            )


def _fix(context: Context, comment: Comment, written: str, part: tuple) -> Fix | None:
    """The stated shape as the code's, in the form it was written: a tuple as a tuple,
    ``14x14`` as dims (where every dim is known)."""
    if written.startswith("("):
        true = "(" + ", ".join("None" if d is None else str(d) for d in part) + ")"
    elif all(isinstance(d, int) for d in part):
        true = with_dims(written, part)
    else:
        return None
    return comment_fix(context, comment, written, true)
