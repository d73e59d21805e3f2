"""KPL201: a comment states a kernel size the layer does not have."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from kerasparam_lint.graph.model import Layer
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.lint.finding import Finding, Fix, Severity
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid
from kerasparam_lint.rules.claims import KernelClaim, kernel_claim
from kerasparam_lint.rules.comment_fixes import comment_fix, with_dims
from kerasparam_lint.rules.subjects import (
    Site,
    as_dims,
    config_value,
    output_shape,
    spatial_rank,
)
from kerasparam_lint.source.comments import Comment


class StatedKernelSize(Rule):
    """
    ## What it does
    Flags a comment that states a kernel size (`# 3x3 conv`, `# 3×3`, `# kernel 3`,
    `# k=3`) which differs from the `kernel_size` of the layer it describes: the layer
    created on the comment's line, or in the statement directly below a comment on its
    own line. A bare `# 3×3` is flagged only when it is neither the kernel nor the
    output's spatial size.

    ## Why is this bad?
    Whoever reads the comment computes the wrong parameter count and receptive field.
    This is how a U-Net's hand-made table came to say 4,719,104 parameters for a
    convolution Keras counts as 2,097,664: the code says `Conv2D(512, 2, ...)`.

    ## Example
    ```python
    up = layers.Conv2D(512, 2, padding="same")(layers.UpSampling2D(2)(x))  # 3x3 conv
    ```

    ## Use instead
    ```python
    up = layers.Conv2D(512, 2, padding="same")(layers.UpSampling2D(2)(x))  # 2x2 conv
    ```
    or `Conv2D(512, 3, ...)` if the comment is what was meant.

    ## Fix
    Unsafe (`--unsafe-fixes`): writes the code's kernel in the comment (`3x3 conv` ->
    `2x2 conv`), which hides the bug when the code is what is wrong. A bare `5x5`,
    which may mean the output's size, is left to you.
    """

    CODE = "KPL201"
    MESSAGE = "comment states a different kernel size"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((32, 32, 1024))
            up = layers.Conv2D(512, 2, padding="same")(layers.UpSampling2D(2)(inputs))  # 2x2 conv
            # kernel 3
            x = layers.Conv2D(64, (3, 3), padding="same")(up)
            x = layers.Conv2D(64, 1)(x)  # 1x1 conv instead of a 3x3 conv
            x = layers.Conv2D(8, 3, padding="same")(layers.Conv2D(8, 1)(x))  # 3x3 conv
            x = layers.Conv2D(8, 1)(x)  # 64x64
            x = layers.Conv2D(64, 3, padding="same")(x)  # 64 filters
            x = layers.Conv2D(32, 3, padding="same")(x)  # conv 32, 2 convs per block
            model = keras.Model(inputs, x)
            """
        ),
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((64, 64, 3))
            x = inputs
            for size in (3, 5):
                x = layers.Conv2D(8, size, padding="same")(x)  # 3x3 conv
            model = keras.Model(inputs, x)
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras.layers import Conv2D, UpSampling2D

            inputs = keras.Input((32, 32, 1024))
            up = Conv2D(512, 2, padding="same")(UpSampling2D(2)(inputs))  # 3x3 conv  # <--
            model = keras.Model(inputs, up)
            """,
            message="comment says 3x3 conv, but Conv2D has kernel_size 2x2: 2,097,664 params "
            "(a 3x3 kernel would give 4,719,104). Fix the comment or the kernel size.",
            fixed="""
            import keras
            from keras.layers import Conv2D, UpSampling2D

            inputs = keras.Input((32, 32, 1024))
            up = Conv2D(512, 2, padding="same")(UpSampling2D(2)(inputs))  # 2x2 conv
            model = keras.Model(inputs, up)
            """,
        ),
        Invalid(
            """
            import keras
            from keras import layers

            model = keras.Sequential(
                [
                    keras.Input((28, 28, 1)),
                    # k=5  # <--
                    layers.Conv2D(32, 3),
                    layers.Flatten(),
                    layers.Dense(10),
                ]
            )
            """,
            message="comment says k=5, but Conv2D has kernel_size 3x3: 320 params "
            "(a 5x5 kernel would give 832). Fix the comment or the kernel size.",
            fixed="""
            import keras
            from keras import layers

            model = keras.Sequential(
                [
                    keras.Input((28, 28, 1)),
                    # k=3
                    layers.Conv2D(32, 3),
                    layers.Flatten(),
                    layers.Dense(10),
                ]
            )
            """,
        ),
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((10, 10, 1))
            x = layers.Conv2D(4, 3)(inputs)  # 5×5  # <--
            model = keras.Model(inputs, x)
            """
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for comment in context.comments.comments:
            claim = kernel_claim(comment.text)
            if claim is None:
                continue
            sites = context.sites_on(context.comments.subject_lines(comment))
            convs = [site for site in sites if _may_have_kernel(site)]
            if len(convs) != 1:
                continue
            message = self._disagreement(claim, convs[0])
            if message is not None:
                yield self.finding(
                    comment.line, comment.col, message, _fix(context, comment, claim, convs[0])
                )

    def _disagreement(self, claim: KernelClaim, site: Site) -> str | None:
        kernel = site.common(lambda la: as_dims(config_value(la, "kernel_size"), spatial_rank(la)))
        if kernel is None or not claim.comparable(kernel) or claim.matches(kernel):
            return None
        if claim.bare and site.common(_spatial_size) in (None, claim.dims):
            return None
        stated = claim.dims * len(kernel) if len(claim.dims) == 1 else claim.dims
        message = f"comment says {claim.text}, but {site.class_name} has kernel_size {_x(kernel)}"
        counts = site.common(lambda la: _params_with_kernel(la, kernel, stated))
        if counts is not None:
            actual, alternative = counts
            message += f": {actual:,} params (a {_x(stated)} kernel would give {alternative:,})"
        return message + ". Fix the comment or the kernel size."


def _fix(context: Context, comment: Comment, claim: KernelClaim, site: Site) -> Fix | None:
    """The comment's kernel as the code's (a bare ``5x5`` may mean the output's size:
    not one right rewrite)."""
    kernel = site.common(lambda la: as_dims(config_value(la, "kernel_size"), spatial_rank(la)))
    if claim.bare or kernel is None:
        return None
    return comment_fix(context, comment, claim.text, with_dims(claim.text, kernel))


def _may_have_kernel(site: Site) -> bool:
    return any(
        layer.config is UNKNOWN or config_value(layer, "kernel_size") is not None
        for layer in site.layers
    )


def _x(dims: tuple[int, ...]) -> str:
    return "x".join(str(d) for d in dims)


def _spatial_size(layer: Layer) -> tuple[int, ...] | None:
    shape = output_shape(layer)
    if shape is None or len(shape) < 3:
        return None
    first = config_value(layer, "data_format") == "channels_first"
    return tuple(shape[2:] if first else shape[1:-1])


def _params_with_kernel(
    layer: Layer, kernel: tuple[int, ...], stated: tuple[int, ...]
) -> tuple[int, int] | None:
    """(params, params had the kernel been ``stated``), when one ``kernel`` weight scales."""
    total = layer.counts()[0]
    weights = layer.weights if isinstance(layer.weights, list) else []
    kernels = [w for w in weights if w.name == "kernel" and w.shape[: len(kernel)] == kernel]
    if not isinstance(total, int) or len(kernels) != 1:
        return None
    size: Any = kernels[0].size
    if not isinstance(size, int):
        return None
    return total, total - size + size // math.prod(kernel) * math.prod(stated)
