"""Python's cycle collector while a file's trees are built and read.

Parsing and evaluating a file allocate hundreds of thousands of objects that live
to the end of the file's analysis (libcst's tree, CPython's tree, the model graph)
and form no garbage cycles. With the default thresholds the collector rescans them
every 700 allocations: on a 1 MB model file that was close to half of a ``check``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between young collections while a file is analyzed (Python's default: 700).
_YOUNG_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect young objects less often for the duration (nested uses keep the outer
    setting); the old thresholds come back afterwards, so a long-lived host (flake8,
    the language server) keeps its own policy between files."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], _YOUNG_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def outside_the_collector() -> Iterator[None]:
    """Keep everything allocated so far (the syntax trees) out of the collector's scans.

    The trees live through the whole evaluation and are never garbage; without this,
    each full collection walks all of them, so big files cost more than linear time.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
