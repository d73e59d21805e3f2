"""Every shipped fixture: the static summary equals what real Keras builds."""

from __future__ import annotations

import os

import pytest

from tests.keras_oracle import FIXTURES_DIR, ORACLE_FIXTURES, keras_summary_many
from tests.static_summary import comparable, static_completeness, static_models

pytest.importorskip("keras")


@pytest.fixture(scope="module")
def oracle() -> dict[str, dict]:
    paths = [os.path.join(FIXTURES_DIR, name) for name in ORACLE_FIXTURES]
    return dict(zip(ORACLE_FIXTURES, keras_summary_many(paths), strict=True))


def _path(name: str) -> str:
    """The fixture's real path: a project fixture imports the files next to it."""
    return os.path.join(FIXTURES_DIR, name)


def _source(name: str) -> str:
    with open(_path(name), encoding="utf-8") as handle:
        return handle.read()


@pytest.mark.parametrize("name", ORACLE_FIXTURES)
def test_fixture_summary_equals_keras(name: str, oracle: dict[str, dict]) -> None:
    truth = oracle[name]
    assert "error" not in truth, truth.get("error")
    assert static_models(_source(name), _path(name)) == comparable(truth)


@pytest.mark.parametrize("name", ORACLE_FIXTURES)
def test_fixture_summary_is_complete(name: str) -> None:
    assert all(static_completeness(_source(name), _path(name)))


MASKED_BRANCHES = """
import keras
from keras import layers

inputs = layers.Input((5,), dtype="int32")
embedded = layers.Embedding(65, 2, mask_zero=True)(inputs)
left = layers.Conv1D(4, 2, padding="same")(embedded)
right = layers.Dense(6)(embedded)
model = keras.Model(inputs, layers.Concatenate()([left, right]))
"""


def test_branching_masked_model_is_incomplete_not_misordered() -> None:
    """Keras' mask ops take part in ordering this model's layers: not modeled,
    so the summary says it is incomplete instead of listing a possibly wrong order."""
    assert static_completeness(MASKED_BRANCHES) == [False]
    assert static_completeness(MASKED_BRANCHES.replace("mask_zero=True", "mask_zero=False")) == [
        True
    ]
