"""``check -`` and ``summary -`` read standard input; ``--stdin-filename`` names it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from kerasparam_lint.frontends.cli import main

BLOCKS = """\
from keras import layers


def head(x):
    return layers.Dense(10)(x)
"""
MODEL = """\
import keras
from blocks import head

inputs = keras.Input((784,))
model = keras.Model(inputs, head(inputs))
other = keras.Input(3)
"""


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)

    def give(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))

    return give


def test_check_reads_stdin(stdin, capsys: pytest.CaptureFixture[str]) -> None:
    stdin(MODEL)
    assert main(["check", "-"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "-:6:9: KPL301 [*] Input shape must be a tuple, got 3; write shape=(3,)"
    ]


def test_stdin_filename_names_it_for_messages_config_and_imports(
    stdin, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "blocks.py").write_text(BLOCKS)
    (tmp_path / "pkg" / "pyproject.toml").write_text('[tool.kerasparam-lint]\nignore = ["KPL3"]\n')
    stdin(MODEL)
    assert main(["check", "--stdin-filename", "pkg/model.py", "-"]) == 0
    stdin(MODEL)
    assert main(["summary", "--stdin-filename", "pkg/model.py", "-"]) == 0
    out = capsys.readouterr().out
    assert "pkg/model.py" in out
    assert "Total params: 7,850 (30.66 KB)" in out


def test_fix_prints_the_fixed_text(
    stdin, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(MODEL)
    assert main(["check", "--fix", "-"]) == 0
    assert capsys.readouterr().out == MODEL.replace("Input(3)", "Input((3,))")
    assert not (tmp_path / "-").exists()
