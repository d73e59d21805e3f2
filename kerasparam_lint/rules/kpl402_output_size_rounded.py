"""KPL402: an encoder-decoder whose output size differs from its input's after rounding."""

from __future__ import annotations

from collections.abc import Iterator

from kerasparam_lint.libraries.keras.shape_rules import format_shape
from kerasparam_lint.lint.finding import Finding, Severity
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid
from kerasparam_lint.rules.downsampling import rounded_output


class OutputSizeRounded(Rule):
    """
    ## What it does
    Flags an autoencoder or segmentation model (it upsamples by as much as it
    downsamples) whose output's spatial size differs from its input's because a
    pooling or strided layer rounded an odd size on the way down.

    ## Why is this bad?
    Keras builds it, but the reconstruction or mask no longer lines up with the
    input: a 28x28 image comes back 24x24, and the loss against the input fails or,
    after resizing, compares shifted pixels.

    ## Example
    ```python
    inputs = keras.Input((28, 28, 1))  # 28 -> 14 -> 7 -> 3 -> 6 -> 12 -> 24
    ```

    ## Use instead
    Make the input size divisible by the total downsampling factor (32x32 here), or
    pad the input and crop the output.
    """

    CODE = "KPL402"
    MESSAGE = "output size differs from the input's after rounding"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((32, 32, 1))
            x = layers.Conv2D(8, 3, padding="same")(inputs)
            x = layers.MaxPooling2D()(layers.MaxPooling2D()(layers.MaxPooling2D()(x)))
            x = layers.UpSampling2D()(layers.UpSampling2D()(layers.UpSampling2D()(x)))
            model = keras.Model(inputs, layers.Conv2D(1, 3, padding="same")(x))
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(8, 3, padding="same")(inputs)
            x = layers.MaxPooling2D()(layers.MaxPooling2D()(layers.MaxPooling2D()(x)))  # <--
            x = layers.UpSampling2D()(layers.UpSampling2D()(layers.UpSampling2D()(x)))
            model = keras.Model(inputs, layers.Conv2D(1, 3, padding="same")(x))
            """,
            message="the output (None, 24, 24, 1) is smaller than the input (None, 28, 28, 1): "
            "MaxPooling2D at line 6 floored 7 -> 3. "
            "Make the input size divisible by 8, or pad the input and crop the output.",
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for model in context.analysis.models:
            mismatch = rounded_output(model)
            if mismatch is None:
                continue
            source, output, found, factor = mismatch
            shapes = zip(source.shape[1:-1], output.shape[1:-1], strict=True)
            axis = next(a for a, (size, out) in enumerate(shapes) if size != out)
            relation = "smaller" if output.shape[1 + axis] < source.shape[1 + axis] else "larger"
            causes = ", ".join(rounding.describe() for rounding in found)
            first = found[0].node  # the call that rounded: where the sizes part ways
            yield self.finding(
                first.line,
                first.layer.col if first.line == first.layer.line else 0,
                f"the output {format_shape(output.shape)} is {relation} than the input "
                f"{format_shape(source.shape)}: {causes}. Make the input size divisible by "
                f"{factor}, or pad the input and crop the output.",
            )
