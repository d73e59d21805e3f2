"""KPL311: ``K.set_image_dim_ordering("th")``, the Keras 1 image layout switch."""

from __future__ import annotations

from kerasparam_lint.rules.base import Invalid, ProblemRule, Valid


class ImageDimOrdering(ProblemRule):
    """
    ## What it does
    Flags `keras.backend.set_image_dim_ordering(...)` and `image_dim_ordering()`,
    Keras 1's names for the image layout, naming the Keras 3 call: `"th"` is
    `set_image_data_format("channels_first")`, `"tf"` is `"channels_last"`.

    ## Why is this bad?
    Keras 3's backend module has neither name: the script stops with
    `AttributeError` before any model is built.

    ## Example
    ```python
    from keras import backend as K
    K.set_image_dim_ordering("th")
    ```

    ## Use instead
    ```python
    from keras import backend as K
    K.set_image_data_format("channels_first")
    ```
    """

    CODE = "KPL311"
    MESSAGE = "Keras 1 image dim ordering that Keras 3 removed"
    VALID = (
        Valid(
            """
            from keras import backend as K

            layout = K.image_data_format()
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            from keras import backend as K

            K.set_image_dim_ordering("th")  # <--
            """,
            message="keras.backend.set_image_dim_ordering() was removed in Keras 3; write "
            "keras.backend.set_image_data_format('channels_first')",
        ),
        Invalid(
            """
            import keras

            channels_first = keras.backend.image_dim_ordering() == "th"  # <--
            """
        ),
    )
