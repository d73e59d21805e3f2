"""Whether a text can define a model at all, read before anything else is loaded.

Most files a linter sees (flake8 over a whole repository) never mention Keras: they
are skipped on this test alone, without the parser, the evaluator or the rules.
"""

from __future__ import annotations

import re

_KERAS_WORDS = ("keras", "tensorflow", "lasagne")  # nolearn code imports lasagne too
# A snippet pasted without its imports names Keras' layers and models alone.
_SNIPPET_CALLS = re.compile(r"\b(?:Sequential|Input|Conv2D|Convolution2D|Dense)\(")


def may_define_model(source: str) -> bool:
    """A file that never mentions Keras, Lasagne or a Keras model or layer class cannot
    build a model: skip it unparsed."""
    return any(word in source for word in _KERAS_WORDS) or bool(_SNIPPET_CALLS.search(source))
