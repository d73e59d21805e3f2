"""KPL204: a comment states filters, units or a stride the layer does not have."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kerasparam_lint.graph.model import Layer
from kerasparam_lint.lint.finding import Finding, Severity
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid
from kerasparam_lint.rules.claims import SettingClaim, setting_claims
from kerasparam_lint.rules.subjects import Site, as_dims, config_value, spatial_rank


class StatedLayerSetting(Rule):
    """
    ## What it does
    Flags a comment that states a layer's number of filters (`# 64 filters`), units
    (`# 128 units`, `# 128 neurons`) or stride (`# stride 2`) which differs from the
    layer's arguments. A pooling layer's stride defaults to its pool size, as in Keras.

    ## Why is this bad?
    The comment is what a reviewer checks the architecture against; when it
    disagrees with the code, one of them is a bug.

    ## Example
    ```python
    x = layers.Conv2D(32, 3, strides=1)(inputs)  # 64 filters, stride 2
    ```

    ## Use instead
    ```python
    x = layers.Conv2D(64, 3, strides=2)(inputs)  # 64 filters, stride 2
    ```
    """

    CODE = "KPL204"
    MESSAGE = "comment states different filters, units or stride"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(64, 3, strides=2)(inputs)  # 64 3x3 filters, stride 2
            x = layers.MaxPooling2D(2)(x)  # stride 2
            x = layers.Flatten()(x)
            model = keras.Model(inputs, layers.Dense(128)(x))  # 128 units
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((28, 28, 1))
            x = layers.Conv2D(32, 3)(inputs)  # 64 filters, stride 2  # <--
            x = layers.MaxPooling2D(3)(x)  # stride 2  # <--
            # 256 units  # <--
            x = layers.Dense(128)(layers.Flatten()(x))
            model = keras.Model(inputs, x)
            """,
            message="comment says 64 filters, stride 2, but Conv2D has filters=32, strides=1. "
            "Fix the comment or the layer.",
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for comment in context.comments.comments:
            claims = setting_claims(comment.text)
            if not claims:
                continue
            sites = context.sites_on(context.comments.subject_lines(comment))
            wrong = [found for claim in claims if (found := _disagreement(claim, sites))]
            if not wrong:
                continue
            subjects = {site.class_name for site, _, _ in wrong}
            stated = ", ".join(text for _, text, _ in wrong)
            actual = ", ".join(
                setting if len(subjects) == 1 else f"{site.class_name} {setting}"
                for site, _, setting in wrong
            )
            holder = f"{subjects.pop()} has" if len(subjects) == 1 else "the code has"
            yield self.finding(
                comment.line,
                comment.col,
                f"comment says {stated}, but {holder} {actual}. Fix the comment or the layer.",
            )


def _disagreement(claim: SettingClaim, sites: list[Site]) -> tuple[Site, str, str] | None:
    """(site, what the comment says, what the layer has) when they differ."""
    holders = [site for site in sites if _may_have(site, claim.argument)]
    if len(holders) != 1:
        return None
    site = holders[0]
    actual = site.common(lambda layer: _setting(layer, claim.argument))
    if actual is None:
        return None
    stated = claim.dims * len(actual) if len(claim.dims) == 1 else claim.dims
    if stated == actual:
        return None
    shown = actual[0] if len(set(actual)) == 1 else actual
    return site, claim.text, f"{claim.argument}={shown}"


def _may_have(site: Site, argument: str) -> bool:
    return any(
        not isinstance(layer.config, dict) or argument in layer.config for layer in site.layers
    )


def _setting(layer: Layer, argument: str) -> tuple[int, ...] | None:
    value: Any = config_value(layer, argument)
    if argument == "strides":
        if value is None and "Pooling" in layer.class_name:
            value = config_value(layer, "pool_size")
        return as_dims(value, spatial_rank(layer))
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    return None
