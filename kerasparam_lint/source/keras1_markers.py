"""Whether a file is evidently written for Keras 1: it uses spellings only Keras 1 had.

Such a file is summarized as Keras 1 built it (``Convolution2D(32, 3, 3)`` is a 3x3
kernel there, ``K.set_image_dim_ordering('th')`` makes later layers channels-first),
while every line Keras 3 reads differently keeps its finding. Spellings that Keras 2
still accepted or that Keras 3 still reads the same way decide nothing, so a Keras 2
or Keras 3 file keeps Keras 3's reading.
"""

from __future__ import annotations

import ast
from collections.abc import Collection

# Keyword arguments that only Keras 1 layers, models and ``fit`` took.
KERAS1_KEYWORDS = frozenset(
    {
        "border_mode",
        "nb_filter",
        "nb_row",
        "nb_col",
        "subsample",
        "subsample_length",
        "dim_ordering",
        "nb_epoch",
        "W_regularizer",
        "b_regularizer",
    }
)
# ``init=`` marks Keras 1 only on a layer (scikit-learn's ``KMeans(init=...)`` is not).
_LAYER_KEYWORD = "init"
# Backend functions that only Keras 1 had.
KERAS1_FUNCTIONS = frozenset({"set_image_dim_ordering", "image_dim_ordering"})


def is_keras1_file(tree: ast.Module, layer_names: Collection[str]) -> bool:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        keywords = {keyword.arg for keyword in node.keywords}
        name = _called_name(node.func)
        if keywords & KERAS1_KEYWORDS or _LAYER_KEYWORD in keywords and name in layer_names:
            return True
        if name in KERAS1_FUNCTIONS or name == "merge" and "mode" in keywords:
            return True
    return False


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None
