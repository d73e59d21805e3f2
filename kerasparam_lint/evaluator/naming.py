"""Keras' default names: ``Conv2D`` -> ``conv2d``, then ``conv2d_1``, ... per process.

Mirrors ``keras/src/utils/naming.py`` (``to_snake_case`` and ``uniquify``): one
counter per prefix, consumed whenever Keras creates an object without a name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache


@lru_cache(maxsize=1024)  # a few class names, each made thousands of times in a big model
def to_snake_case(name: str) -> str:
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


class NameCounters:
    """The per-prefix counters of one fresh Python process."""

    def __init__(self) -> None:
        self._uids: defaultdict[str, int] = defaultdict(int)

    def uniquify(self, name: str) -> str:
        unique = f"{name}_{self._uids[name]}" if name in self._uids else name
        self._uids[name] += 1
        return unique

    def auto_name(self, class_name: str) -> str:
        return self.uniquify(to_snake_case(class_name))
