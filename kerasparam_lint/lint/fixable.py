"""What fixes are made in: a document the rules read as one Python text.

A plain file is its text; a notebook (:mod:`kerasparam_lint.source.notebook`) is
its code cells as one module, and writes the edits back into the cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kerasparam_lint.lint.finding import Edit
from kerasparam_lint.source.text_edits import apply_edits


class Fixable(Protocol):
    @property
    def text(self) -> str:
        """The Python the rules read."""
        ...

    def edited(self, edits: set[Edit]) -> Fixable | None:
        """The document with ``edits`` (positions in ``text``) made; None if it cannot be."""
        ...

    def render(self) -> str:
        """The file's text, as written back."""
        ...


@dataclass(frozen=True)
class PlainText:
    text: str

    def edited(self, edits: set[Edit]) -> PlainText:
        return PlainText(apply_edits(self.text, edits))

    def render(self) -> str:
        return self.text
