"""Which files a folder walk reads: .gitignore (with or without git), default excludes,
and paths named on the command line always."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kerasparam_lint.frontends.cli import main
from kerasparam_lint.frontends.discovery import python_files

FLAGGED = """\
import keras

inputs = keras.Input(784)
"""


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in (
        "model.py",
        "pkg/layers.py",
        "venv/lib/keras_copy.py",
        ".venv/lib/x.py",
        "node_modules/a/b.py",
        "lib/site-packages/keras/x.py",
        "build/lib/model.py",
        "dist/model.py",
        "generated/out.py",
        "pkg/notes.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(FLAGGED)
    return tmp_path


def walked(*paths: str) -> list[str]:
    return list(python_files(paths))


def test_environments_and_build_output_are_skipped_outside_git(tree: Path) -> None:
    assert walked(".") == ["./generated/out.py", "./model.py", "./pkg/layers.py"]


def test_gitignore_is_honoured_without_git(tree: Path) -> None:
    (tree / ".gitignore").write_text("generated/\n*.py\n!model.py\n")
    (tree / "pkg" / ".gitignore").write_text("!layers.py\n")
    assert walked(".") == ["./model.py", "./pkg/layers.py"]


def test_a_subfolder_sees_the_repository_root_gitignore(tree: Path) -> None:
    (tree / ".git").mkdir()
    (tree / ".gitignore").write_text("layers.py\n")
    assert walked("pkg") == []
    assert walked("pkg/layers.py") == ["pkg/layers.py"]


def test_named_paths_are_always_checked(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / ".gitignore").write_text("generated/\n")
    assert walked("generated/out.py", "venv/lib/keras_copy.py", "generated") == [
        "generated/out.py",
        "venv/lib/keras_copy.py",
        "generated/out.py",
    ]
    assert main(["check", "--exclude", "model.py", "model.py"]) == 1
    assert capsys.readouterr().out.startswith("model.py:3:10: KPL301 ")


def test_git_agrees(tree: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", "."], check=True)
    (tree / ".gitignore").write_text("gen*/\n/pkg/*.py\n")
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "*.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    ours = [path.removeprefix("./") for path in walked(".")]
    # git lists the environments too: only the default excludes differ.
    assert ours == [path for path in sorted(listed) if path.startswith(("model", "pkg", "gen"))]
    assert ours == ["model.py"]


def test_exclude_replaces_the_defaults_extend_exclude_adds(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def checked(*options: str) -> list[str]:
        assert main(["check", "--format", "json", *options, "."]) == 1
        return [file["path"] for file in json.loads(capsys.readouterr().out)["files"]]

    (tree / "pyproject.toml").write_text('[tool.kerasparam-lint]\nexclude = ["generated"]\n')
    assert checked()[-2:] == ["./pkg/layers.py", "./venv/lib/keras_copy.py"]
    assert "./generated/out.py" not in checked()
    (tree / "pyproject.toml").write_text('[tool.kerasparam-lint]\nextend-exclude = ["pkg"]\n')
    assert checked() == ["./generated/out.py", "./model.py"]
    assert checked("--extend-exclude", "gen*") == ["./model.py"]
    assert checked("--exclude", "") == [  # extend-exclude still holds
        "./build/lib/model.py",
        "./dist/model.py",
        "./generated/out.py",
        "./lib/site-packages/keras/x.py",
        "./model.py",
        "./node_modules/a/b.py",
        "./venv/lib/keras_copy.py",
    ]


def test_a_folder_without_python_files_warns(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "empty").mkdir()
    assert main(["check", "empty"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "kerasparam-lint: warning: no Python file found in empty\n"
