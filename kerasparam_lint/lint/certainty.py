"""A finding is a promise: one whose message shows an unknown value promises nothing.

The evaluator prints what it cannot know as ``?`` (a dim of ``(None, ?, 64)``, a
shape argument it could not read). A message built from such a value rests on a
guess, so it is dropped after every rule, whatever rule made it. A message whose
finding holds whatever the unknown dims are (a wrong rank, two known sizes that
differ) names them ``unknown`` instead (``shape_rules.certain_shape``). The hint
``did you mean `x`?`` is a question, not an unknown value.
"""

from __future__ import annotations

import re

_QUESTION = re.compile(r"did you mean [^;]*\?$")


def shows_unknown(message: str) -> bool:
    return "?" in _QUESTION.sub("", message)
