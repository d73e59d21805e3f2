"""The static side of every oracle comparison: what the analyzer says about a source.

Reduces the analyzer's JSON document to the fields the Keras oracle can tell, so
a test compares the two with one ``==``.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.analysis import analyze_source
from kerasparam_lint.reports.json_report import model_document
from kerasparam_lint.reports.model_rows import model_rows

_LAYER_FIELDS = ("name", "class", "output_shape", "params", "trainable", "non_trainable")
_MODEL_FIELDS = ("name", "entry", "total_params", "trainable_params", "non_trainable_params")


def comparable(document: dict[str, Any]) -> list[dict[str, Any]]:
    """A summary document's models, keeping only what Keras itself reports."""
    return [
        {
            **{key: model[key] for key in _MODEL_FIELDS},
            "layers": [{key: layer[key] for key in _LAYER_FIELDS} for layer in model["layers"]],
        }
        for model in document["models"]
    ]


def static_models(source: str, path: str = "model.py") -> list[dict[str, Any]]:
    analysis = analyze_source(source, path)
    documents = [model_document(model_rows(model)) for model in analysis.models]
    return comparable({"models": documents})


def static_completeness(source: str, path: str = "model.py") -> list[bool]:
    analysis = analyze_source(source, path)
    return [model_rows(model).complete for model in analysis.models]
