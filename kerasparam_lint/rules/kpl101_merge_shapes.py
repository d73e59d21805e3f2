"""KPL101: merge layers called on shapes Keras rejects."""

from __future__ import annotations

from kerasparam_lint.rules.base import Invalid, ProblemRule, Valid


class MergeShapes(ProblemRule):
    """
    ## What it does
    Flags a merge layer (`Concatenate`/`concatenate`, `Add`, `Subtract`, `Multiply`,
    `Average`, `Maximum`, `Minimum`, `Dot`) whose inputs have shapes Keras rejects.

    ## Why is this bad?
    Keras raises while building the model. In encoder-decoder networks (U-Net) the
    usual cause is a pooling or strided layer that floored an odd size on the way
    down, so the upsampled tensor is one pixel smaller than its skip connection.

    ## Example
    ```python
    inputs = keras.Input((100, 100, 1))
    x = layers.Conv2D(8, 3, padding="same")(inputs)
    down = layers.MaxPooling2D(2)(layers.MaxPooling2D(2)(layers.MaxPooling2D(2)(x)))
    up = layers.UpSampling2D(8)(down)
    merged = layers.concatenate([x, up])
    ```

    ## Use instead
    Make the input size divisible by the total downsampling factor (here 8), or crop
    the skip connection to the upsampled size.
    """

    CODE = "KPL101"
    MESSAGE = "merge layer inputs have incompatible shapes"
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((96, 96, 1))
            x = layers.Conv2D(8, 3, padding="same")(inputs)
            down = layers.MaxPooling2D(2)(layers.MaxPooling2D(2)(layers.MaxPooling2D(2)(x)))
            up = layers.UpSampling2D(8)(down)
            merged = layers.concatenate([x, up])
            model = keras.Model(inputs, merged)
            """
        ),
        Valid(
            """
            import keras
            from keras import layers

            a = keras.Input((16,))
            b = keras.Input((1,))
            model = keras.Model([a, b], layers.Add()([a, b]))
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            a = keras.Input((16,))
            b = keras.Input((8,))
            total = layers.Add()([a, b])  # <--
            model = keras.Model([a, b], total)
            """
        ),
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((100, 100, 1))
            x = layers.Conv2D(8, 3, padding="same")(inputs)
            down = layers.MaxPooling2D(2)(layers.MaxPooling2D(2)(layers.MaxPooling2D(2)(x)))
            up = layers.UpSampling2D(8)(down)
            merged = layers.concatenate([x, up])  # <--
            model = keras.Model(inputs, merged)
            """
        ),
    )
