"""``--cache-dir``: an unchanged file is not analyzed again; any change is."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kerasparam_lint import analysis
from kerasparam_lint.annotate import rewrite as annotate
from kerasparam_lint.frontends import cli, result_cache

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    path = tmp_path / "unet.py"
    shutil.copy(REPO / "fixtures" / "unet.py", path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(["summary", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def count_analyses(monkeypatch: pytest.MonkeyPatch, module: Any = analysis) -> list[str]:
    """The paths ``module.analyze_source`` is called on from now on."""
    analyzed: list[str] = []
    real = module.analyze_source

    def counting(source: str, path: str, **kwargs: object) -> object:
        analyzed.append(path)
        return real(source, path, **kwargs)

    monkeypatch.setattr(module, "analyze_source", counting)
    return analyzed


def entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.json"))


@pytest.mark.parametrize("output", [[], ["--format", "json"], ["--explain"]])
def test_a_hit_prints_the_same_without_analyzing(
    output: list[str], model_file: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    cache = tmp_path / "cache"
    uncached = run(capsys, *output, str(model_file))
    analyzed = count_analyses(monkeypatch)
    assert run(capsys, *output, "--cache-dir", str(cache), str(model_file)) == uncached
    assert analyzed == [str(model_file)] and len(entries(cache)) == 1
    assert run(capsys, *output, "--cache-dir", str(cache), str(model_file)) == uncached
    assert analyzed == [str(model_file)]


def test_a_changed_file_is_analyzed_again(model_file: Path, tmp_path: Path, capsys) -> None:
    cache = ["--cache-dir", str(tmp_path / "cache")]
    run(capsys, *cache, str(model_file))
    model_file.write_text(model_file.read_text().replace("Conv2D(64, 3,", "Conv2D(32, 3,"))
    assert run(capsys, *cache, str(model_file)) == run(capsys, str(model_file))
    assert len(entries(tmp_path / "cache")) == 2


@pytest.mark.parametrize("command", ["summary", "check", "annotate"])
def test_a_changed_imported_module_is_a_miss(
    command: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    """The script is unchanged, but the project module it imports is not."""
    (tmp_path / "blocks.py").write_text(
        "from keras import layers\n\n\ndef block(x):\n    return layers.Dense(4)(x)\n"
    )
    script = tmp_path / "train.py"
    script.write_text(
        "import keras\nfrom blocks import block\n\n"
        "inputs = keras.Input((8,))\nmodel = keras.Model(inputs, block(inputs))\n"
    )
    cache = ["--cache-dir", str(tmp_path / "cache")]
    analyzed = count_analyses(monkeypatch, annotate if command == "annotate" else analysis)
    for _ in range(2):
        cli.main([command, *cache, str(script)])
    assert len(analyzed) == 1
    before = capsys.readouterr().out
    blocks = tmp_path / "blocks.py"
    blocks.write_text(blocks.read_text().replace("Dense(4)", "Dense(5)"))
    cli.main([command, *cache, str(script)])
    assert len(analyzed) == 2
    if command == "summary":
        assert "(None, 4)" in before and "(None, 5)" in capsys.readouterr().out


def test_other_options_and_versions_are_other_entries(
    model_file: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    cache = ["--cache-dir", str(tmp_path / "cache")]
    analyzed = count_analyses(monkeypatch)
    run(capsys, *cache, str(model_file))
    run(capsys, *cache, "--dtype", "float16", str(model_file))
    monkeypatch.setattr(result_cache, "__version__", "0.0.0-other")
    run(capsys, *cache, str(model_file))
    assert len(analyzed) == 3 and len(entries(tmp_path / "cache")) == 3


def test_a_syntax_error_is_reported_from_the_cache_too(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("import keras\nx = (\n")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    first = run(capsys, *cache, str(broken))
    assert first == run(capsys, *cache, str(broken))
    assert first[0] == 2 and f"{broken}:2:5: syntax error:" in first[2]


def test_a_damaged_or_unusable_cache_costs_only_time(
    model_file: Path, tmp_path: Path, capsys
) -> None:
    expected = run(capsys, str(model_file))
    cache = tmp_path / "cache"
    run(capsys, "--cache-dir", str(cache), str(model_file))
    (entry,) = entries(cache)
    entry.write_text("{not json")
    assert run(capsys, "--cache-dir", str(cache), str(model_file)) == expected
    not_a_folder = tmp_path / "a_file"
    not_a_folder.write_text("")
    assert run(capsys, "--cache-dir", str(not_a_folder), str(model_file)) == expected


def test_check_hits_report_the_same_findings_without_analyzing(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """The posted U-Net's findings, in every output format, from a fresh run and a hit."""
    path = tmp_path / "unet_as_posted.py"
    shutil.copy(REPO / "fixtures" / "unet_as_posted.py", path)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    analyzed = count_analyses(monkeypatch)
    for output in ("text", "json", "sarif", "github"):
        fresh = (cli.main(["check", "--format", output, str(path)]), capsys.readouterr())
        for _ in range(2):
            cached = (
                cli.main(["check", "--format", output, *cache, str(path)]),
                capsys.readouterr(),
            )
            assert cached == fresh
        assert fresh[0] == 1 and "KPL" in fresh[1].out
    assert len(analyzed) == 4 + 1  # four fresh runs, one miss


def test_check_reports_a_syntax_error_from_the_cache_too(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("import keras\nx = (\n")
    cache = ["--cache-dir", str(tmp_path / "cache")]
    first = (cli.main(["check", *cache, str(broken)]), capsys.readouterr())
    assert first == (cli.main(["check", *cache, str(broken)]), capsys.readouterr())
    assert first[0] == 1
    assert first[1].out == f"{broken}:2:5: KPL001 syntax error: '(' was never closed\n"


def test_annotate_hits_give_the_same_text_without_analyzing(
    model_file: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    cache = ["--cache-dir", str(tmp_path / "cache")]
    expected = (cli.main(["annotate", str(model_file)]), capsys.readouterr())
    analyzed = count_analyses(monkeypatch, annotate)
    for _ in range(2):
        assert (cli.main(["annotate", *cache, str(model_file)]), capsys.readouterr()) == expected
    assert expected[0] == 1 and len(analyzed) == 1
    assert cli.main(["annotate", "--write", *cache, str(model_file)]) == 1
    for _ in range(2):
        assert cli.main(["annotate", "--write", *cache, str(model_file)]) == 0
    assert len(analyzed) == 2  # the annotated text, once


def test_the_cache_keeps_itself_out_of_git(model_file: Path, tmp_path: Path, capsys) -> None:
    """As ruff's and mypy's caches do, so a cache in the project root needs no setup."""
    cache = tmp_path / "cache"
    run(capsys, "--cache-dir", str(cache), str(model_file))
    assert (cache / ".gitignore").read_text() == "# Created by kerasparam-lint.\n*\n"


def test_a_hit_loads_neither_the_parser_nor_the_analyzer(model_file: Path, tmp_path: Path) -> None:
    """What keeps a warm run fast (README, Performance): a hit reads JSON and prints it."""
    heavy = (
        "libcst",
        "kerasparam_lint.analysis",
        "kerasparam_lint.graph.model",
        "kerasparam_lint.rules",
    )
    script = (
        "import sys\n"
        "from kerasparam_lint.frontends.cli import main\n"
        "main(sys.argv[1:])\n"
        f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))\n"
    )
    command = [sys.executable, "-c", script, "summary", "--cache-dir", str(tmp_path / "cache")]
    first = subprocess.run([*command, str(model_file)], capture_output=True, text=True)
    second = subprocess.run([*command, str(model_file)], capture_output=True, text=True)
    assert "libcst" in first.stdout.splitlines()[-1]
    assert second.stdout.splitlines()[-1] == "[]"
