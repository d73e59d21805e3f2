"""KPL002: the evaluator failing on one entry point loses that entry only, and is shown
with ``--verbose`` alone.

No source makes a correct analyzer fail, so these tests make it fail: the
interpreter raises when it calls the function named ``build_broken``.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from kerasparam_lint.evaluator.interpreter import Interpreter
from kerasparam_lint.evaluator.values import UserFunction
from kerasparam_lint.frontends.cli import main
from kerasparam_lint.frontends.flake8_plugin import KerasParamLintPlugin

MODELS = """\
import keras


def build_broken():
    inputs = keras.Input((4,))
    return keras.Model(inputs, keras.layers.Dense(3)(inputs))


def build_fine():
    inputs = keras.Input((4,))
    return keras.Model(inputs, keras.layers.Dense(8)(inputs))
"""
AT_MODULE_LEVEL = """\
import keras


def build_broken():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])


model = build_broken()
"""
OTHER = "import keras\n\ninputs = keras.Input(784)\n"
OTHER_FINDING = "other.py:3:10: KPL301 [*] Input shape must be a tuple, got 784; write shape=(784,)"
BROKEN = "models.py:4:1: KPL002 could not analyze build_broken(): RuntimeError: evaluator fault"


@pytest.fixture
def faulty_evaluator(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Interpreter.call_user_function

    def call(self: Interpreter, function: UserFunction, args: list, kwargs: dict) -> Any:
        if function.name == "build_broken":
            raise RuntimeError("evaluator\n fault")  # the message is put on one line
        return real(self, function, args, kwargs)

    monkeypatch.setattr(Interpreter, "call_user_function", call)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models.py").write_text(MODELS)
    (tmp_path / "other.py").write_text(OTHER)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.usefixtures("faulty_evaluator")
def test_shown_with_verbose_only(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    verbose = run(capsys, "check", "--verbose", "models.py", "other.py")
    assert verbose == (1, f"{BROKEN}\n{OTHER_FINDING}\n", "")
    assert run(capsys, "check", "-v", "models.py") == (1, f"{BROKEN}\n", "")
    assert run(capsys, "check", "models.py", "other.py") == (1, f"{OTHER_FINDING}\n", "")
    assert run(capsys, "check", "models.py") == (0, "All checks passed!\n", "")


@pytest.mark.usefixtures("faulty_evaluator")
def test_the_rest_of_the_file_goes_on(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "summary", "--verbose", "--format", "json", "models.py")
    assert (status, err) == (0, f"{BROKEN}\n")
    (document,) = json.loads(out)["files"]
    (model,) = document["models"]
    assert (model["entry"], model["complete"], model["total_params"]) == ("build_fine", True, 40)
    assert [f["code"] for f in document["findings"]] == ["KPL002"]
    status, out, err = run(capsys, "summary", "--format", "json", "models.py")
    assert (status, err) == (0, "")
    assert json.loads(out)["files"][0]["findings"] == []


@pytest.mark.usefixtures("faulty_evaluator")
def test_a_fault_in_the_modules_code(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "models.py").write_text(AT_MODULE_LEVEL)
    assert run(capsys, "check", "--verbose", "models.py") == (
        1,
        "models.py:1:1: KPL002 could not analyze the module's code: "
        "RuntimeError: evaluator fault\n",
        "",
    )


def test_the_modules_own_raise_is_no_fault(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "models.py").write_text(AT_MODULE_LEVEL + "raise SystemExit('done')\n")
    assert run(capsys, "check", "--verbose", "models.py") == (0, "All checks passed!\n", "")


@pytest.mark.usefixtures("faulty_evaluator")
def test_never_from_flake8() -> None:
    lines = MODELS.splitlines(keepends=True)
    plugin = KerasParamLintPlugin(ast.parse(MODELS), lines, "models.py")
    assert list(plugin.run()) == []
