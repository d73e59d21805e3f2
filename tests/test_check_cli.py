"""``kerasparam-lint check``: output formats, exit status, selection, noqa, config, discovery."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kerasparam_lint.frontends.cli import main

PASSED = "All checks passed!\n"  # a clean text run says so, as ruff's does

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
POSTED = FIXTURES / "unet_as_posted.py"

BROKEN = """\
import keras
from keras import layers

inputs = keras.Input(784)
x = layers.Conv2D(32, kernal_size=3)(inputs)
model = keras.Model(input=inputs, output=x)
"""
CLEAN = """\
import keras
from keras import layers

inputs = keras.Input((28, 28, 1))
model = keras.Model(inputs, layers.Conv2D(8, 3)(inputs))
"""


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(["check", *argv])
    return status, capsys.readouterr().out


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.py").write_text(BROKEN)
    (tmp_path / "clean.py").write_text(CLEAN)
    return tmp_path


def test_text_output_and_exit_status(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = check(capsys, "broken.py", "clean.py")
    assert status == 1
    assert out.splitlines() == [
        "broken.py:4:10: KPL301 [*] Input shape must be a tuple, got 784; write shape=(784,)",
        "broken.py:5:5: KPL303 Conv2D has no argument `kernal_size`; did you mean `kernel_size`?",
        "broken.py:6:9: KPL302 [*] Model() has no arguments `input`, `output`; "
        "Keras 3 calls them `inputs`, `outputs`",
    ]
    assert check(capsys, "clean.py") == (0, PASSED)


def test_usage_errors_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["check"])
    assert raised.value.code == 2
    assert main(["check", "missing.py"]) == 2


def test_a_syntax_error_is_one_finding_in_every_format(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As ruff has it: a file Python cannot parse is reported, and the run goes on."""
    (project / "bad.py").write_text("import keras\nx = (\n")
    message = "syntax error: '(' was never closed"
    status, out = check(capsys, "bad.py", "clean.py", "broken.py")
    assert status == 1
    assert out.splitlines()[:2] == [
        f"bad.py:2:5: KPL001 {message}",
        "broken.py:4:10: KPL301 [*] Input shape must be a tuple, got 784; write shape=(784,)",
    ]
    _, out = check(capsys, "--format", "json", "bad.py")
    assert json.loads(out)["files"] == [
        {
            "path": "bad.py",
            "models": [],
            "findings": [
                {
                    "line": 2,
                    "col": 5,
                    "code": "KPL001",
                    "message": message,
                    "severity": "error",
                    "fix": None,
                }
            ],
        }
    ]
    _, out = check(capsys, "--format", "sarif", "bad.py")
    (result,) = json.loads(out)["runs"][0]["results"]
    assert (result["ruleId"], result["level"], result["message"]["text"]) == (
        "KPL001",
        "error",
        message,
    )
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2,
        "startColumn": 5,
    }
    _, out = check(capsys, "--format", "github", "bad.py")
    assert out == f"::error file=bad.py,line=2,col=5,title=KPL001::{message}\n"
    assert check(capsys, "--ignore", "KPL001", "bad.py") == (0, PASSED)


def test_select_and_ignore(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(capsys, "--select", "KPL302", "broken.py")[1].count("KPL") == 1
    status, out = check(capsys, "--ignore", "KPL3", "broken.py")
    assert (status, out) == (0, PASSED)
    _, out = check(capsys, "--ignore", "KPL3", "--select", "KPL303", "broken.py")
    assert [line.split()[1] for line in out.splitlines()] == ["KPL303"]


def test_noqa(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = BROKEN.replace("(784)\n", "(784)  # noqa\n").replace(
        "kernal_size=3)(inputs)\n", "kernal_size=3)(inputs)  # noqa: KPL301,KPL302\n"
    )
    source = source.replace("output=x)\n", "output=x)  # NOQA:KPL3\n")
    (project / "broken.py").write_text(source)
    _, out = check(capsys, "broken.py")
    assert [line.split()[1] for line in out.splitlines()] == ["KPL303"]
    (project / "broken.py").write_text("# flake8: noqa\n" + BROKEN)
    assert check(capsys, "broken.py") == (0, PASSED)


def test_pyproject_configuration(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.kerasparam-lint]\nignore = ["KPL301", "KPL302"]\nexclude = ["skipped"]\n'
    )
    (project / "skipped").mkdir()
    shutil.copy(POSTED, project / "skipped" / "posted.py")
    _, out = check(capsys, ".")
    assert [line.split()[1] for line in out.splitlines()] == ["KPL303"]
    _, out = check(capsys, "--ignore", "", ".")
    assert len(out.splitlines()) == 3
    (project / "pyproject.toml").write_text("[tool.kerasparam-lint]\nmax-params = 'many'\n")
    assert main(["check", "."]) == 2


def test_folders_honour_gitignore(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / ".gitignore").write_text("generated/\n")
    (project / "generated").mkdir()
    (project / "generated" / "posted.py").write_text(BROKEN)
    (project / "nested").mkdir()
    (project / "nested" / "posted.py").write_text(BROKEN)
    _, out = check(capsys, ".")
    paths = {line.split(":")[0] for line in out.splitlines()}
    assert paths == {"./broken.py", os.path.join(".", "nested", "posted.py")}


def test_json_document_holds_summary_and_findings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(POSTED, project / "posted.py")
    status, out = check(capsys, "--format", "json", "posted.py")
    document = json.loads(out)
    assert status == 1 and document["version"] == 1
    (entry,) = document["files"]
    assert entry["path"] == "posted.py"
    assert entry["models"][0]["line"] == 45
    assert entry["findings"] == [
        {
            "line": 10,
            "col": 10,
            "code": "KPL301",
            "message": entry["findings"][0]["message"],
            "severity": "error",
            "fix": {
                "message": "Pass the dims as one tuple",
                "applicability": "safe",
                "edits": [
                    {"line": 10, "col": 16, "end_line": 10, "end_col": 16, "content": "("},
                    {"line": 10, "col": 25, "end_line": 10, "end_col": 25, "content": ")"},
                ],
            },
        },
        {
            "line": 45,
            "col": 9,
            "code": "KPL302",
            "message": "Model() has no arguments `input`, `output`; "
            "Keras 3 calls them `inputs`, `outputs`",
            "severity": "error",
            "fix": {
                "message": "Rename `input`, `output` to `inputs`, `outputs`",
                "applicability": "safe",
                "edits": [
                    {"line": 45, "col": 15, "end_line": 45, "end_col": 20, "content": "inputs"},
                    {"line": 45, "col": 31, "end_line": 45, "end_col": 37, "content": "outputs"},
                ],
            },
        },
    ]
    main(["summary", "--format", "json", "posted.py"])
    summary = json.loads(capsys.readouterr().out)
    assert summary["files"][0]["findings"] == entry["findings"]


def test_sarif_and_github(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = check(capsys, "--format", "sarif", "broken.py")
    run = json.loads(out)["runs"][0]
    assert status == 1 and run["tool"]["driver"]["name"] == "kerasparam-lint"
    first = run["results"][0]
    assert first["ruleId"] == "KPL301" and first["level"] == "error"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 4, "startColumn": 10}
    _, out = check(capsys, "--format", "github", "broken.py")
    assert out.splitlines()[0] == (
        "::error file=broken.py,line=4,col=10,title=KPL301::"
        "Input shape must be a tuple, got 784; write shape=(784,)"
    )


def test_exclude_option(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(capsys, "--exclude", "broken.py,other*", ".") == (0, PASSED)
    assert check(capsys, "--exclude", "other*", ".")[0] == 1
