"""What a rule reports: one finding at one place, with its code, severity and fix.

A fix is offered by the rule that finds the problem, in the same pass (as Fixit's
``report(node, message, replacement=...)``): the edits that make the code right,
and whether they are *safe* (they keep what the model is, and ``--fix`` applies
them) or *unsafe* (they may change the model or hide the real bug, so they need
``--unsafe-fixes``), as ruff marks its fixes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """``error``: Keras would raise on this code; ``warning``: Keras accepts it, it is wrong."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Edit:
    """Replace the text from ``(line, col)`` up to, not including, ``(end_line, end_col)``.

    Lines and columns are 1-based and columns count characters (code points) of the
    line, as ruff's JSON gives them; an insertion has its end equal to its start. In a
    notebook, as reported, ``cell`` is the cell (1-based) and the lines are the cell's.
    """

    line: int
    col: int
    end_line: int
    end_col: int
    content: str
    cell: int | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, object]:
        document: dict[str, object] = {
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
            "content": self.content,
        }
        if self.cell is not None:
            document["cell"] = self.cell
        return document

    @classmethod
    def from_dict(cls, document: dict[str, Any]) -> Edit:
        return cls(
            document["line"],
            document["col"],
            document["end_line"],
            document["end_col"],
            document["content"],
            document.get("cell"),
        )


@dataclass(frozen=True)
class Fix:
    """The edits that resolve one finding, all or nothing; ``message`` says what they do."""

    message: str
    edits: tuple[Edit, ...]
    safe: bool = True

    @property
    def applicability(self) -> str:
        return "safe" if self.safe else "unsafe"

    def as_dict(self) -> dict[str, object]:
        return {
            "message": self.message,
            "applicability": self.applicability,
            "edits": [edit.as_dict() for edit in self.edits],
        }

    @classmethod
    def from_dict(cls, document: dict[str, Any]) -> Fix:
        edits = tuple(Edit.from_dict(edit) for edit in document["edits"])
        return cls(document["message"], edits, document["applicability"] == "safe")


@dataclass(frozen=True, order=True)
class Finding:
    """A promise that the code at ``line`` is wrong or that a comment there lies.

    ``line`` is 1-based; ``col`` is 0-based as ``ast`` and flake8's plugin API take
    it (reports print ``col + 1``, as flake8 does). ``fix`` is None when no one
    rewrite is right. In a notebook, as reported, ``cell`` is the cell (1-based among
    all its cells, as ruff counts) and ``line`` the line in it.
    """

    line: int
    col: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    fix: Fix | None = field(default=None, compare=False)
    cell: int | None = field(default=None, compare=False)

    def fixable(self, unsafe: bool = False) -> bool:
        """A fix ``--fix`` applies (``--unsafe-fixes``: unsafe ones too)."""
        return self.fix is not None and (self.fix.safe or unsafe)

    def as_dict(self) -> dict[str, object]:
        document: dict[str, object] = {
            "line": self.line,
            "col": self.col + 1,
            "code": self.code,
            "message": self.message,
            "severity": self.severity.value,
            "fix": self.fix.as_dict() if self.fix is not None else None,
        }
        if self.cell is not None:
            document["cell"] = self.cell
        return document

    @classmethod
    def from_dict(cls, document: dict[str, Any]) -> Finding:
        """The finding :meth:`as_dict` wrote (a ``--cache-dir`` entry is read back so)."""
        fix = document.get("fix")
        return cls(
            document["line"],
            document["col"] - 1,
            document["code"],
            document["message"],
            Severity(document["severity"]),
            Fix.from_dict(fix) if fix is not None else None,
            document.get("cell"),
        )
