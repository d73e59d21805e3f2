"""The one comment form ``kerasparam-lint annotate`` writes next to a layer call.

The form is fixed, so rules and tools can recognize it and check it stays true::

    x = layers.Conv2D(128, 3, padding="same")(x)  # (None, 128, 128, 64) · 73,856 params
    x = layers.Dense(4096)(x)  # fc1 · (None, 4096) · 102,764,544 params

At the end of a trailing comment: the layer's output shape as Keras' summary prints
it (a list of shapes for several outputs), ``·`` (U+00B7 between single spaces), its
parameter count with thousands separators and the word ``params``. The user's own
text, when the line has some, comes first and is separated by the same `` · ``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

SEPARATOR = " · "

ANNOTATION = re.compile(
    r"(?:^|\s·\s)"
    r"(?P<shape>\([^()]*\)|\[(?:\([^()]*\)(?:,\s)?)+\])"
    r" · (?P<params>\d{1,3}(?:,\d{3})*) params\s*$"
)


@dataclass(frozen=True)
class Annotation:
    shape: str  # as printed: "(None, 128, 128, 64)" or "[(None, 1), (None, 4)]"
    params: int

    def __str__(self) -> str:
        return f"{self.shape}{SEPARATOR}{self.params:,} params"

    @property
    def output_shape(self) -> Any:
        """The shape as data: a tuple of dims (None for ``None``), or a list of tuples."""
        shapes = [_dims(text) for text in re.findall(r"\([^()]*\)", self.shape)]
        return shapes if self.shape.startswith("[") else shapes[0]


def _dims(text: str) -> tuple[int | None, ...]:
    items = [item.strip() for item in text.strip("()").split(",") if item.strip()]
    return tuple(None if item == "None" else int(item) for item in items)


def split_comment(text: str) -> tuple[str, Annotation | None]:
    """A comment's text (without ``#``) as (the user's own text, the annotation if any)."""
    text = text.strip()
    match = ANNOTATION.search(text)
    if match is None:
        return text, None
    own = text[: match.start()].strip()
    return own, Annotation(match["shape"], int(match["params"].replace(",", "")))


def comment_with(own: str, annotation: Annotation | None) -> str:
    """The full comment (with ``#``) holding the user's text and the annotation."""
    parts = [part for part in (own, None if annotation is None else str(annotation)) if part]
    return "# " + SEPARATOR.join(parts) if parts else ""
