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
