"""Randomly generated models: the static summary equals what real Keras builds.

Each run draws fresh models (every catalogued layer, both data formats, merges,
shared layers, nested models) and builds them all in one Keras process; any
disagreement is reported with the generated source so it can be replayed.
"""

from __future__ import annotations

import os
import tempfile

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests.keras_oracle import keras_summary_many
from tests.model_generator import model_sources
from tests.static_summary import comparable, static_completeness, static_models

pytest.importorskip("keras")

MODELS_PER_RUN = 200


def _draw_sources(count: int) -> list[str]:
    sources: list[str] = []

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(model_sources())
    def collect(source: str) -> None:
        sources.append(source)

    collect()
    return sources


def test_random_models_equal_keras() -> None:
    sources = _draw_sources(MODELS_PER_RUN)
    assert len(sources) >= MODELS_PER_RUN * 0.9
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, source in enumerate(sources):
            path = os.path.join(folder, f"generated_{index}.py")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(source)
            paths.append(path)
        truths = keras_summary_many(paths)
    failures = []
    for source, path, truth in zip(sources, paths, truths, strict=True):
        name = os.path.basename(path)
        if "error" in truth:
            failures.append(f"Keras rejected a generated model ({truth['error']}):\n{source}")
            continue
        static = static_models(source, name)
        if static != comparable(truth):
            failures.append(
                f"static != keras for:\n{source}\nstatic: {static}\nkeras: {comparable(truth)}"
            )
        elif not all(static_completeness(source, name)):
            failures.append(f"static summary marked incomplete for:\n{source}")
    assert not failures, f"{len(failures)} of {len(sources)} differ; first:\n{failures[0]}"
