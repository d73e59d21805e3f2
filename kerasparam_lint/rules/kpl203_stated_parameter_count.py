"""KPL203: a comment states a parameter count the layer does not have."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kerasparam_lint.graph.model import Layer
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.lint.finding import Finding, Fix, Severity
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid
from kerasparam_lint.rules.claims import CountClaim, count_claim
from kerasparam_lint.rules.comment_fixes import comment_fix
from kerasparam_lint.rules.subjects import Site, called_sites, final_sites
from kerasparam_lint.source.comments import Comment

_WRITTEN_NUMBER = re.compile(r"[\d,_.]+")  # the claim's number, as its text starts


class StatedParameterCount(Rule):
    """
    ## What it does
    Flags a comment that states a parameter count (`# 4,719,104 params`,
    `# params: 2097664`, `# 0.59M params`) which differs from what Keras counts for
    the layer (or model) it describes. A rounded count is accepted anywhere within
    one step of its last digit (`0.59M` covers 580,001 to 599,999).

    ## Why is this bad?
    A hand-computed count that disagrees with the code means either the comment or
    the layer is not what the author thinks (seed 002: a kernel of 2 where 3 was
    believed).

    ## Example
    ```python
    x = layers.Conv2D(512, 2, padding="same")(x)  # 4,719,104 params
    ```

    ## Use instead
    ```python
    x = layers.Conv2D(512, 2, padding="same")(x)  # 2,097,664 params
    ```

    ## Fix
    Unsafe (`--unsafe-fixes`): writes the code's count in the comment, as the count was
    written (digits grouped alike; a rounded count with as many decimals of the same
    unit), which hides the bug when the code is what is wrong.
    """

    CODE = "KPL203"
    MESSAGE = "comment states a different parameter count"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((32, 32, 1024))
            up = layers.UpSampling2D()(inputs)
            x = layers.Conv2D(512, 2, padding="same")(layers.Dropout(0.1)(up))  # 2.1M params
            x = layers.Conv2D(128, 3, padding="same")(x)  # params: 589952
            x = layers.Conv2D(8, 1)(x)  # 1,032 params
            model = keras.Model(inputs, x)  # 2.69M params
            """
        ),
        Valid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((8, 8, 16))
            x = layers.Add()([inputs, layers.Conv2D(16, 1)(inputs)])  # (None, 8, 8, 16) · 0 params
            model = keras.Model(inputs, x)
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            from keras import layers

            inputs = keras.Input((32, 32, 1024))
            x = layers.Conv2D(512, 2, padding="same")(inputs)  # 4,719,104 params  # <--
            x = layers.Conv2D(128, 3, padding="same")(x)  # 0.60M params  # <--
            model = keras.Model(inputs, x)
            """,
            message="comment says 4,719,104 params, but Conv2D has 2,097,664. Fix the comment.",
            fixed="""
            import keras
            from keras import layers

            inputs = keras.Input((32, 32, 1024))
            x = layers.Conv2D(512, 2, padding="same")(inputs)  # 2,097,664 params
            x = layers.Conv2D(128, 3, padding="same")(x)  # 0.59M params
            model = keras.Model(inputs, x)
            """,
        ),
        Invalid(
            """
            import keras
            from keras import layers

            encoder = keras.Sequential([keras.Input((16,)), layers.Dense(8)], name="encoder")
            inputs = keras.Input((16,))
            x = encoder(inputs)  # 128 params  # <--
            model = keras.Model(inputs, layers.Dense(1)(x))
            """,
            message="comment says 128 params, but Sequential has 136. Fix the comment.",
            fixed="""
            import keras
            from keras import layers

            encoder = keras.Sequential([keras.Input((16,)), layers.Dense(8)], name="encoder")
            inputs = keras.Input((16,))
            x = encoder(inputs)  # 136 params
            model = keras.Model(inputs, layers.Dense(1)(x))
            """,
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for comment in context.comments.comments:
            claim = count_claim(comment.text)
            if claim is None:
                continue
            lines = context.comments.subject_lines(comment)
            sites = context.sites_on(lines) or called_sites(context.analysis.models, lines)
            weighted = [site for site in sites if site.common(_params) != 0]
            if len(weighted) != 1:
                continue
            site = weighted[0]
            count = site.common(_params)
            if count is None or claim.matches(count) or _describes_result(claim, sites):
                continue
            yield self.finding(
                comment.line,
                comment.col,
                f"comment says {claim.text}, but {site.class_name} has {count:,}. Fix the comment.",
                _fix(context, comment, claim, count),
            )


def _fix(context: Context, comment: Comment, claim: CountClaim, count: int) -> Fix | None:
    """The stated count as the code's, written alike: ``4,719,104`` -> ``2,097,664``,
    ``0.60M`` -> ``0.59M`` (as many decimals, the same unit)."""
    number = _WRITTEN_NUMBER.match(claim.text)
    if number is None:
        return None
    written = number.group()
    if claim.unit:
        decimals = len(written.partition(".")[2])
        true = f"{count / (claim.unit * 10**decimals):.{decimals}f}"
    else:
        separator = "," if "," in written else "_" if "_" in written else ""
        true = f"{count:,}".replace(",", separator)
    return comment_fix(context, comment, written, true)


def _describes_result(claim: Any, sites: list[Site]) -> bool:
    """The claim holds for the statement's result (the outer call of
    ``Add()([a, Conv2D(16, 1)(x)])``), the layer ``annotate`` describes."""
    final = final_sites(sites)
    if len(final) != 1:
        return False
    count = final[0].common(_params)
    return count is not None and claim.matches(count)


def _params(layer: Layer) -> Any:
    params = layer.counts()[0]
    return None if params is UNKNOWN else params
