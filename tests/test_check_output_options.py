"""ruff's and flake8's report options on ``check``: --statistics, --show-source,
--output-file, --exit-zero, --quiet, and "All checks passed!" on a clean run."""

from __future__ import annotations

from pathlib import Path

import pytest

from kerasparam_lint.frontends.cli import main

FLAGGED = """\
import keras

inputs = keras.Input(784)
\tother = keras.Input(3) if True else None
x = keras.layers.Conv2D(32, kernal_size=3)(inputs)
"""
CLEAN = "import keras\n\ninputs = keras.Input((4,))\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.py").write_text(FLAGGED.replace("\t", ""))
    (tmp_path / "clean.py").write_text(CLEAN)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["check", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_statistics_count_each_code(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--statistics", "model.py")
    assert status == 1
    assert out.splitlines() == [
        "2\tKPL301\tinput shape is not a tuple",
        "1\tKPL303\tunknown keyword argument",
    ]


def test_show_source_puts_a_caret_under_the_column(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "model.py").write_text(FLAGGED.replace("\tother", "if True:\n\tother"))
    out = run(capsys, "--show-source", "--select", "KPL301", "model.py")[1]
    assert out.splitlines()[:6] == [
        "model.py:3:10: KPL301 [*] Input shape must be a tuple, got 784; write shape=(784,)",
        "inputs = keras.Input(784)",
        "         ^",
        "model.py:5:10: KPL301 [*] Input shape must be a tuple, got 3; write shape=(3,)",
        "\tother = keras.Input(3) if True else None",
        "\t        ^",
    ]


def test_output_file_exit_zero_and_quiet(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--exit-zero", "--output-file", "report.txt", "model.py") == (0, "", "")
    assert (project / "report.txt").read_text().count("model.py:") == 3
    assert run(capsys, "clean.py") == (0, "All checks passed!\n", "")
    (project / "empty").mkdir()
    assert run(capsys, "--quiet", "clean.py", "empty") == (0, "", "")
    assert run(capsys, "--format", "github", "clean.py") == (0, "", "")


def test_jobs_keep_the_report_in_order(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for number in range(6):
        (project / f"m{number}.py").write_text(FLAGGED.replace("\t", ""))
    one = run(capsys, "--jobs", "1", ".")
    assert one[0] == 1 and one[1].count("KPL301") == 14
    assert run(capsys, "--jobs", "3", ".") == one
