"""The analysis limits, set in ``[tool.kerasparam-lint]``: every command honours them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kerasparam_lint.evaluator.limits import Limits, config_keys
from kerasparam_lint.frontends.cli import main
from kerasparam_lint.frontends.config import from_table

LOOP = """\
import keras
from keras import layers

model = keras.Sequential([keras.Input((8,))])
for _ in range(4):
    model.add(layers.Dense(8))
"""
FUNCTIONAL_LOOP = """\
import keras
from keras import layers

inputs = keras.Input((8,))
x = inputs
for _ in range(4):
    x = layers.Dense(8)(x)
model = keras.Model(inputs, layers.Dense(2)(x))
"""
LOW_LOOP_LIMIT = "[tool.kerasparam-lint]\nmax-loop-iterations = 3\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop.py").write_text(LOOP)
    return tmp_path


def summary(capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["summary", "--format", "json", "loop.py"]) == 0
    (model,) = json.loads(capsys.readouterr().out)["files"][0]["models"]
    return model


def test_a_low_loop_limit_leaves_the_model_incomplete(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = summary(capsys)
    assert (model["complete"], model["total_params"], len(model["layers"])) == (True, 288, 4)
    (project / "pyproject.toml").write_text(LOW_LOOP_LIMIT)
    model = summary(capsys)
    assert (model["complete"], model["total_params"], len(model["layers"])) == (False, 216, 3)


def test_check_and_annotate_honour_the_limits(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Past the limit the loop's output is unknown: nothing to annotate, nothing to flag."""
    (project / "loop.py").write_text(FUNCTIONAL_LOOP.replace("Dense(2)", "Conv2D(2, 3)"))
    assert main(["check", "loop.py"]) == 1
    assert capsys.readouterr().out == (
        "loop.py:8:29: KPL103 Conv2D expects input of rank 4, got rank 2 (None, 8); "
        "fix the Input shape or add the missing Reshape/Flatten\n"
    )
    (project / "pyproject.toml").write_text(LOW_LOOP_LIMIT)
    assert main(["check", "loop.py"]) == 0
    (project / "loop.py").write_text(FUNCTIONAL_LOOP)
    capsys.readouterr()
    assert main(["annotate", "loop.py"]) == 0
    assert capsys.readouterr().out == ""
    (project / "pyproject.toml").unlink()
    assert main(["annotate", "loop.py"]) == 1
    assert "+    x = layers.Dense(8)(x)  # (None, 8) · 72 params\n" in capsys.readouterr().out


def test_every_limit_has_a_key() -> None:
    assert config_keys() == (
        "max-steps",
        "max-loop-iterations",
        "max-call-depth",
        "max-collection-size",
        "max-imported-source",
        "max-command-line-readings",
    )
    table = {"max-steps": 1000, "max-call-depth": 5, "max-params": 10}
    assert from_table(table).limits == Limits(max_steps=1000, max_call_depth=5)
    assert from_table({}).limits == Limits()


@pytest.mark.parametrize(
    ("value", "shown"), [("0", "0"), ("-3", "-3"), ("'many'", "'many'"), ("true", "True")]
)
def test_a_limit_that_is_not_a_positive_integer_is_a_usage_error(
    value: str, shown: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(f"[tool.kerasparam-lint]\nmax-loop-iterations = {value}\n")
    expected = (
        f"kerasparam-lint: {pyproject}: [tool.kerasparam-lint]: "
        f"max-loop-iterations must be a positive integer, got {shown}\n"
    )
    for command in ("summary", "check", "annotate"):
        assert main([command, "loop.py"]) == 2
        assert capsys.readouterr().err == expected
