"""What a rule reports: one finding at one place, with its code and severity."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    """``error``: Keras would raise on this code; ``warning``: Keras accepts it, it is wrong."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """A promise that the code at ``line`` is wrong or that a comment there lies.

    ``line`` is 1-based; ``col`` is 0-based as ``ast`` and flake8's plugin API take
    it (reports print ``col + 1``, as flake8 does).
    """

    line: int
    col: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "col": self.col + 1,
            "code": self.code,
            "message": self.message,
            "severity": self.severity.value,
        }
