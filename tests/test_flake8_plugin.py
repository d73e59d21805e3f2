"""The flake8 plugin, run through real flake8: same findings as ``kerasparam-lint check``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kerasparam_lint.frontends.cli import main
from tests.keras_oracle import ORACLE_FIXTURES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

OVER_BUDGET = """\
import keras
from keras import layers

inputs = keras.Input((100,))
model = keras.Model(inputs, layers.Dense(100)(inputs))  # 10,100 params
"""


def flake8(cwd: Path, *argv: str) -> tuple[int, list[str]]:
    result = subprocess.run(
        [sys.executable, "-m", "flake8", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout.splitlines()


def check_lines(cwd: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        main(["check", *argv])
    return capsys.readouterr().out.splitlines()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    for name in (*ORACLE_FIXTURES, "unet_as_posted.py", "unet_as_posted_3x3.py"):
        top = Path(name).parts[0]
        if (FIXTURES / top).is_dir():  # a project fixture: its whole folder
            shutil.copytree(FIXTURES / top, tmp_path / top, dirs_exist_ok=True)
        else:
            shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


def test_same_findings_as_the_cli(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = sorted(p.name for p in workdir.glob("*.py"))
    status, lines = flake8(workdir, "--select", "KPL", *names)
    assert status == 1
    # flake8 has no notion of fixes: the CLI's "[*]" marks are all that differs.
    assert lines == [line.replace(" [*] ", " ") for line in check_lines(workdir, capsys, *names)]
    assert [line.split()[0:2] for line in lines] == [
        ["unet_as_posted.py:10:10:", "KPL301"],
        ["unet_as_posted.py:45:9:", "KPL302"],
        ["unet_as_posted_3x3.py:10:10:", "KPL301"],
        ["unet_as_posted_3x3.py:27:97:", "KPL201"],
        ["unet_as_posted_3x3.py:45:9:", "KPL302"],
    ]


def test_noqa_and_default_ignore(workdir: Path) -> None:
    posted = workdir / "unet_as_posted.py"
    posted.write_text(
        posted.read_text().replace("Input(256,256,1)\n", "Input(256,256,1)  # noqa: KPL301\n")
    )
    (workdir / "big.py").write_text(OVER_BUDGET)
    _, lines = flake8(workdir, "--select", "KPL", "unet_as_posted.py", "big.py")
    assert [line.split()[1] for line in lines] == ["KPL302"]


def test_options_from_flake8_config(workdir: Path) -> None:
    (workdir / "big.py").write_text(OVER_BUDGET)
    (workdir / ".flake8").write_text("[flake8]\nkpl-max-params = 10000\n")
    assert flake8(workdir, "big.py") == (0, [])
    _, lines = flake8(workdir, "--extend-select", "KPL491", "big.py")
    assert [line.split(":")[:2] for line in lines] == [["big.py", "5"]]
    assert lines[0].split()[1] == "KPL491"


def test_syntax_errors_are_left_to_flake8(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("import keras\nx = (\n")
    _, lines = flake8(tmp_path, "--select", "KPL,E999", "bad.py")
    assert [line.split()[1] for line in lines] == ["E999"]


def test_same_findings_as_the_cli_on_keras_1_programs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Keras 3 removals (KPL306-KPL311), the misread layers (KPL305) and what they
    make of the rest of the file come out of flake8 line for line as from ``check``."""
    names = ["keras1_cifar_th.py", "keras1_functional_merge.py", "keras1_mnist_dim_ordering.py"]
    for name in names:
        shutil.copy(FIXTURES / "real_world" / name, tmp_path / name)
    status, lines = flake8(tmp_path, "--select", "KPL", *names)
    assert status == 1
    assert lines == [line.replace(" [*] ", " ") for line in check_lines(tmp_path, capsys, *names)]
    codes = {line.split()[1] for line in lines}
    assert {"KPL303", "KPL305", "KPL307", "KPL310", "KPL311"} <= codes


def test_the_off_by_default_prefix_names_exactly_the_opinionated_rules() -> None:
    from kerasparam_lint.frontends.flake8_plugin import NOT_IN_FLAKE8, OFF_BY_DEFAULT
    from kerasparam_lint.rules import RULES

    off = {rule.CODE for rule in RULES if not rule.DEFAULT_ENABLED} - NOT_IN_FLAKE8
    assert off == {rule.CODE for rule in RULES if rule.CODE.startswith(OFF_BY_DEFAULT)}
    assert "KPL491" in off


def test_flake8_loads_no_rule_until_a_file_mentions_keras(tmp_path: Path) -> None:
    """flake8 over code without Keras pays for the plugin's import alone."""
    script = (
        "import sys\n"
        "from kerasparam_lint.frontends.flake8_plugin import KerasParamLintPlugin\n"
        "plugin = KerasParamLintPlugin(None, ['import os\\n', 'print(os.sep)\\n'], 'plain.py')\n"
        "assert list(plugin.run()) == []\n"
        "heavy = ('kerasparam_lint.rules', 'libcst')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"
