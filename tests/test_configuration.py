"""Configuration as ruff users expect it: typos are errors, extend-*, per-file-ignores,
the nearest pyproject.toml per file, --config."""

from __future__ import annotations

from pathlib import Path

import pytest

from kerasparam_lint.frontends.cli import main
from kerasparam_lint.frontends.config import rule_codes
from kerasparam_lint.rules import RULES

# KPL301 on line 3, KPL303 on line 4.
FLAGGED = """\
import keras

inputs = keras.Input(784)
x = keras.layers.Conv2D(32, kernal_size=3)(inputs)
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.py").write_text(FLAGGED)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_model.py").write_text(FLAGGED)
    return tmp_path


def codes(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    main(["check", *argv])
    return [
        f"{line.split(':')[0]} {line.split()[1]}" for line in capsys.readouterr().out.splitlines()
    ]


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["check", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_rule_codes_are_known_without_importing_the_rules() -> None:
    assert rule_codes() == tuple(sorted(rule.CODE for rule in RULES))


def test_a_selector_that_matches_no_rule_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert usage_error(capsys, "--select", "KPL1O1", ".") == (
        "kerasparam-lint: --select: unknown rule selector 'KPL1O1'; did you mean 'KPL101'?\n"
    )
    assert usage_error(capsys, "--select", "KPL999", ".").startswith(
        "kerasparam-lint: --select: unknown rule selector 'KPL999'; did you mean 'KPL"
    )
    assert usage_error(capsys, "--extend-ignore", "KPL3O1", ".") == (
        "kerasparam-lint: --extend-ignore: unknown rule selector 'KPL3O1'; did you mean 'KPL301'?\n"
    )
    (project / "pyproject.toml").write_text('[tool.kerasparam-lint]\nselect = ["KPL99"]\n')
    assert usage_error(capsys, ".") == (
        f"kerasparam-lint: {project / 'pyproject.toml'}: [tool.kerasparam-lint]: "
        "select: unknown rule selector 'KPL99'; did you mean 'KPL49'?\n"
    )


@pytest.mark.parametrize(
    ("key", "meant"), [("selct", "select"), ("max_params", "max-params"), ("ignored", "ignore")]
)
def test_an_unknown_key_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str], key: str, meant: str
) -> None:
    (project / "pyproject.toml").write_text(f'[tool.kerasparam-lint]\n{key} = ["KPL1"]\n')
    assert usage_error(capsys, "model.py") == (
        f"kerasparam-lint: {project / 'pyproject.toml'}: [tool.kerasparam-lint]: "
        f"unknown key {key!r}; did you mean {meant!r}?\n"
    )
    assert main(["summary", "model.py"]) == 2


def test_extend_select_and_extend_ignore(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert codes(capsys, "--extend-ignore", "KPL303", "model.py") == ["model.py KPL301"]
    assert codes(capsys, "--select", "KPL303", "--extend-select", "KPL301", "model.py") == [
        "model.py KPL301",
        "model.py KPL303",
    ]
    (project / "pyproject.toml").write_text(
        '[tool.kerasparam-lint]\nextend-select = ["KPL491"]\nmax-params = 1\n'
        'extend-ignore = ["KPL303"]\n'
    )
    (project / "model.py").write_text(
        "import keras\n\ninputs = keras.Input((784,))\n"
        "model = keras.Model(inputs, keras.layers.Dense(2)(inputs))\n"
    )
    assert codes(capsys, "model.py") == ["model.py KPL491"]


def test_per_file_ignores(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.kerasparam-lint.per-file-ignores]\n"tests/*" = ["KPL3"]\n"model.py" = ["KPL303"]\n'
    )
    assert codes(capsys, ".") == ["./model.py KPL301"]
    (project / "pyproject.toml").write_text(
        '[tool.kerasparam-lint.per-file-ignores]\n"tests/*" = ["KPL3O3"]\n'
    )
    assert "per-file-ignores 'tests/*': unknown rule selector 'KPL3O3'" in usage_error(capsys, ".")


def test_the_nearest_configuration_governs_each_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.kerasparam-lint]\nignore = ["KPL303"]\n')
    # A pyproject.toml without the table does not stop the search; one with it does.
    (project / "tests" / "pyproject.toml").write_text('[project]\nname = "t"\n')
    (project / "other").mkdir()
    (project / "other" / "pyproject.toml").write_text(
        '[tool.kerasparam-lint]\nignore = ["KPL301"]\n'
    )
    (project / "other" / "model.py").write_text(FLAGGED)
    assert codes(capsys, ".") == [
        "./model.py KPL301",
        "./other/model.py KPL303",
        "./tests/test_model.py KPL301",
    ]


def test_config_names_one_file_for_every_path(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.kerasparam-lint]\nignore = ["KPL303"]\n')
    (project / "strict.toml").write_text('select = ["KPL303"]\n')
    assert codes(capsys, "--config", "strict.toml", "model.py") == ["model.py KPL303"]
    assert usage_error(capsys, "--config", "missing.toml", "model.py").startswith(
        "kerasparam-lint: cannot read missing.toml: "
    )
