"""What the analysis could not do is said, never passed off as "no model" or a syntax error."""

from __future__ import annotations

from pathlib import Path

import pytest

from kerasparam_lint.frontends.cli import main

CONCATENATED = "import keras\n\nNAMES = (\n" + "    'a'\n" * 5000 + ")\n"
STOPPED_EARLY = """\
import keras
from keras import layers


def deep(k):
    deep(k + 1)
    return deep(k + 1)


x = deep(0)
model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
"""
UNKNOWN_LAYERS = """\
import keras
from keras import layers

inputs = keras.Input((28, 28, 1))
x = layers.Conv2D(8, 3)(inputs)
x = layers.Dense(3)(layers.Reshape((3, 7))(x))
for step in range(3):
    for inner in range(20000):
        pass
model = keras.Model(inputs, x)
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_python_that_only_libcst_rejects_is_no_syntax_error(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "names.py").write_text(CONCATENATED)
    assert main(["check", "names.py"]) == 0
    assert capsys.readouterr().out == "All checks passed!\n"
    assert main(["check", "--verbose", "names.py"]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(
        "names.py:5004:1: KPL002 could not analyze the file: libcst cannot parse this valid "
        "Python (parser error: error at 5004:1: expected one of STRING"
    )
    assert main(["summary", "names.py"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("names.py: not analyzed: libcst cannot parse this valid Python")


def test_a_limit_reached_before_any_model_is_said(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "deep.py").write_text(STOPPED_EARLY)
    assert main(["summary", "deep.py"]) == 0
    assert capsys.readouterr().out == (
        "deep.py: analysis stopped: more than 500,000 steps; raise max-steps "
        "before any model was finished\n"
    )


def test_verbose_says_why_each_unknown_is_unknown_and_repeats_notes_once(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "model.py").write_text(UNKNOWN_LAYERS)
    (folder / "pyproject.toml").write_text("[tool.kerasparam-lint]\nmax-loop-iterations = 9\n")
    main(["summary", "--verbose", "model.py"])
    reshape = (
        "KPL104 Reshape: cannot reshape (None, 26, 26, 8) (5408 values) to (3, 7); the target "
        "shape must hold the same number of values (-1 infers one axis)"
    )
    assert capsys.readouterr().err.splitlines() == [
        "model.py:8: note: loop stopped after 9 iterations (3 times)",
        f"model.py:6: note: reshape (Reshape): output shape is ?: {reshape}",
        f"model.py:6: note: dense (Dense): output shape is ?: {reshape}",
    ]
