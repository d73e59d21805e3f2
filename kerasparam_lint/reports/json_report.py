"""``--format json``: the summary (and findings) as a versioned document other tools read."""

from __future__ import annotations

import json
from typing import Any

from kerasparam_lint.reports.model_rows import ModelRows

FORMAT_VERSION = 1


def model_document(rows: ModelRows) -> dict[str, Any]:
    return {
        "name": rows.name,
        "entry": rows.entry,
        "line": rows.line,
        "complete": rows.complete,
        "layers": [
            {
                "name": layer.name,
                "class": layer.class_name,
                "line": layer.line,
                "output_shape": layer.output_shape,
                "params": layer.params,
                "trainable": layer.trainable,
                "non_trainable": layer.non_trainable,
            }
            for layer in rows.layers
        ],
        "total_params": rows.total,
        "trainable_params": rows.trainable,
        "non_trainable_params": rows.non_trainable,
    }


def render(files: list[dict[str, Any]]) -> str:
    return json.dumps({"version": FORMAT_VERSION, "files": files}, indent=2)
