"""``annotate`` beside ruff format and the check hook: lines within the project's length,
one round to a fixed point, and annotate-then-check passing after the code changed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kerasparam_lint.frontends.cli import main
from kerasparam_lint.frontends.line_length import project_line_length

ROOT = Path(__file__).resolve().parent.parent

MODEL = """\
import keras
from keras import layers

inputs = keras.Input((128, 128, 3))
x = layers.Conv2D(64, 3, padding="same", activation="relu", name="stem")(inputs)
x = layers.Conv2D(64, 3, padding="same")(x)  # stem
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
"""

ANNOTATED = """\
import keras
from keras import layers

inputs = keras.Input((128, 128, 3))  # (None, 128, 128, 3) · 0 params
# (None, 128, 128, 64) · 1,792 params
x = layers.Conv2D(64, 3, padding="same", activation="relu", name="stem")(inputs)
# (None, 128, 128, 64) · 36,928 params
x = layers.Conv2D(64, 3, padding="same")(x)  # stem
x = layers.GlobalAveragePooling2D()(x)  # (None, 64) · 0 params
# (None, 10) · 650 params
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 72\n")
    (tmp_path / "model.py").write_text(MODEL, encoding="utf-8")
    return tmp_path


def _ruff() -> str:
    found = Path(sys.executable).with_name("ruff")
    if found.exists():
        return str(found)
    which = shutil.which("ruff")
    if which is None:
        pytest.skip("ruff is not installed")
    return which


def test_an_annotation_that_does_not_fit_goes_above_the_call(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["annotate", "--write", "model.py"]) == 1
    text = (project / "model.py").read_text(encoding="utf-8")
    assert text == ANNOTATED
    assert max(len(line) for line in text.splitlines()) <= 80  # the stem's own code line
    assert all(len(line) <= 72 for line in text.splitlines() if "params" in line)
    assert main(["annotate", "model.py"]) == 0
    capsys.readouterr()
    assert main(["check", "model.py"]) == 0


def test_ruff_format_and_annotate_reach_a_fixed_point_in_one_round(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ruff = _ruff()
    subprocess.run([ruff, "format", "-q", "model.py"], check=True, timeout=60)
    main(["annotate", "--write", "model.py"])
    annotated = (project / "model.py").read_text(encoding="utf-8")
    formatted = subprocess.run(
        [ruff, "format", "--check", "model.py"], capture_output=True, text=True, timeout=60
    )
    assert formatted.returncode == 0, formatted.stdout
    assert main(["annotate", "model.py"]) == 0
    assert (project / "model.py").read_text(encoding="utf-8") == annotated
    capsys.readouterr()


def test_annotate_then_check_passes_after_the_code_changed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The hooks' order: annotate refreshes its own comments before check reads them."""
    main(["annotate", "--write", "model.py"])
    changed = ANNOTATED.replace('Conv2D(64, 3, padding="same")(x)', "Conv2D(32, 3)(x)")
    (project / "model.py").write_text(changed, encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "model.py"]) == 1  # check alone: the annotations are stale
    stale = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in stale] == ["KPL202", "KPL203", "KPL202", "KPL203"]
    assert main(["annotate", "--write", "model.py"]) == 1
    assert main(["check", "model.py"]) == 0
    capsys.readouterr()
    refreshed = (project / "model.py").read_text(encoding="utf-8")
    assert "# (None, 126, 126, 32) · 18,464 params\nx = layers.Conv2D(32, 3)(x)  # stem\n" in (
        refreshed
    )
    assert "# (None, 128, 128, 64) · 36,928 params" not in refreshed


def test_the_hooks_are_listed_annotate_first() -> None:
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in manifest] == [
        "kerasparam-lint-annotate",
        "kerasparam-lint",
        "kerasparam-lint-fix",  # a check too: after annotate
    ]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "- id: kerasparam-lint-annotate\n        - id: kerasparam-lint\n" in readme


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("pyproject.toml", "[tool.ruff]\nline-length = 100\n", 100),
        ("pyproject.toml", "[tool.ruff]\ntarget-version = 'py311'\n", 88),
        ("pyproject.toml", "[tool.black]\nline-length = 79\n", 79),
        ("pyproject.toml", "[project]\nname = 'x'\n", 88),
        ("ruff.toml", "line-length = 120\n", 120),
        ("setup.cfg", "[flake8]\nmax-line-length = 99\n", 99),
        ("tox.ini", "[flake8]\nmax_line_length = 110\n", 110),
        (".flake8", "[flake8]\nextend-ignore = E203\n", 88),
    ],
)
def test_line_length_comes_from_the_nearest_configuration(
    tmp_path: Path, name: str, text: str, expected: int
) -> None:
    (tmp_path / name).write_text(text)
    nested = tmp_path / "models"
    nested.mkdir()
    assert project_line_length(nested / "net.py") == expected


def test_the_nearest_folder_wins(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[flake8]\nmax-line-length = 99\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "pyproject.toml").write_text("[tool.ruff]\nline-length = 70\n")
    assert project_line_length(tmp_path / "pkg" / "net.py") == 70
    assert project_line_length(tmp_path / "net.py") == 99
