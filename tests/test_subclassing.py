"""Subclassed models and custom layers: the static summary equals what real Keras builds.

Every snippet of tests/subclassing_snippets.py runs once under Keras (one process for
all of them); the analyzer reads the same source without running it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kerasparam_lint.lint.run import lint_source
from tests.keras_oracle import keras_summary_many
from tests.static_summary import comparable, static_completeness, static_models
from tests.subclassing_snippets import SNIPPETS, UNFOLLOWED

pytest.importorskip("keras")

# Snippets whose Keras summary has unbuilt layers (params null): complete only once built.
_UNBUILT = {
    "model_build_only",
    "model_never_built",
    "model_own_build",
    "model_built_keeps_weightless_layers_built",
}


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("subclassing")
    sources = {**SNIPPETS, **UNFOLLOWED}
    paths = []
    for name, source in sources.items():
        path = folder / f"{name}.py"
        path.write_text(source, encoding="utf-8")
        paths.append(str(path))
    return dict(zip(sources, keras_summary_many(paths), strict=True))


def _truth(oracle: dict[str, dict], name: str) -> list[dict]:
    document = oracle[name]
    assert "error" not in document, document.get("error")
    return comparable(document)


@pytest.mark.parametrize("name", SNIPPETS)
def test_summary_equals_keras(name: str, oracle: dict[str, dict]) -> None:
    assert static_models(SNIPPETS[name], f"{name}.py") == _truth(oracle, name)


@pytest.mark.parametrize("name", SNIPPETS)
def test_summary_is_complete_once_built(name: str) -> None:
    completeness = static_completeness(SNIPPETS[name], f"{name}.py")
    assert completeness and all(completeness) is (name not in _UNBUILT)


def _known_parts_agree(static: object, truth: object) -> bool:
    """Every value the analyzer states equals Keras'; unknown (None, or no layer list)
    agrees with anything."""
    if static is None:
        return True
    if isinstance(static, dict) and isinstance(truth, dict):
        return all(
            _known_parts_agree(value, truth.get(key))
            for key, value in static.items()
            if not (key == "layers" and value == [])
        )
    if isinstance(static, list) and static and isinstance(static[0], dict):
        return (
            isinstance(truth, list)
            and len(static) == len(truth)
            and all(_known_parts_agree(s, t) for s, t in zip(static, truth, strict=True))
        )
    return static == truth


@pytest.mark.parametrize("name", UNFOLLOWED)
def test_unfollowed_constructs_are_unknown_never_wrong(name: str, oracle: dict[str, dict]) -> None:
    static = static_models(UNFOLLOWED[name], f"{name}.py")
    truth = _truth(oracle, name)
    assert len(static) == len(truth)
    assert _known_parts_agree(static, truth), (static, truth)
    assert not any(static_completeness(UNFOLLOWED[name], f"{name}.py"))
    assert any(model["total_params"] is None for model in static)


def test_subclassed_model_table_prints_unknown_shapes_as_keras_does(tmp_path: Path) -> None:
    """Keras prints ``?`` for the output shapes of a subclassed model's layers."""
    from kerasparam_lint.frontends.cli import main

    path = tmp_path / "model.py"
    path.write_text(SNIPPETS["model_called_on_input"], encoding="utf-8")
    lines = _run_cli(main, ["summary", str(path)])
    assert any(
        line.startswith("dense (Dense)") and "?" in line and "2,112" in line for line in lines
    )
    assert "Total params: 2,762 (10.79 KB)" in lines


def _run_cli(main: object, argv: list[str]) -> list[str]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(argv)  # type: ignore[operator]
    return out.getvalue().splitlines()


def test_training_a_subclassed_model_is_not_flagged() -> None:
    """A subclassed model has no ``inputs`` of its own: data checks do not invent them."""
    source = SNIPPETS["model_called_on_input"] + (
        "import numpy as np\n\n"
        'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n'
        "model.fit(np.zeros((8, 32)), np.zeros((8,)), epochs=1)\n"
    )
    assert lint_source(source, "train.py").findings == []
