"""What a file feeds its models: each ``fit``/``evaluate``/``predict`` call and its data.

Rules about how data and model fit together as a whole (an autoencoder that cannot
reproduce its input, per-position predictions against per-sample labels) read these
records; the checks Keras itself makes on every call live in the evaluator.
"""

from __future__ import annotations

from dataclasses import dataclass

from kerasparam_lint.graph.model import Model

Shape = tuple[int, ...]


@dataclass(frozen=True)
class DataCall:
    """One call, with the shapes its arrays had then (None where not fully known)."""

    model: Model
    method: str
    line: int
    col: int
    features: Shape | None
    labels: Shape | None
    # ``fit(x, x)``: the very array given as features is the target.
    labels_are_features: bool
    # The loss of the model's last ``compile`` (``"binary_crossentropy"``...), when known.
    loss: str | None

    @property
    def reconstructs(self) -> bool:
        return is_reconstruction(self.loss, self.labels_are_features, self.features, self.labels)


def is_reconstruction(
    loss: str | None, same_array: bool, features: Shape | None, labels: Shape | None
) -> bool:
    """``fit(x, x)`` or ``fit(x_noisy, x)`` (a target of the features' own known shape)
    under a known loss that compares the prediction with the target position by
    position; a sparse crossentropy's labels have one axis fewer, so it never is."""
    if loss is None or loss == "sparse_categorical_crossentropy":
        return False
    return same_array or (features is not None and features == labels)
